import { useState, type FormEvent } from 'react';
import { PERSON_ROLES, type PersonRole } from '../../../../shared/roles';
import { errorMessage, send } from '../../auth/session';
import { useAdminList } from './use-admin-list';
import { t } from '../../i18n/i18n';

interface User {
  name: string;
  role: PersonRole;
  source: string;
  createdAt: string;
}

const pickUsers = (body: unknown) => (body as { users: User[] }).users;

export function UserList() {
  const { items, problem, reload } = useAdminList('/api/admin/users', pickUsers);
  const [name, setName] = useState('');
  const [role, setRole] = useState<PersonRole>('viewer');
  /** a generated password, shown once */
  const [shown, setShown] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const act = async (request: Promise<Response>): Promise<void> => {
    const response = await request;
    if (!response.ok) {
      setError(await errorMessage(response));
      return;
    }
    const body = (await response.json()) as { name?: string; password?: string };
    setShown(body.password ? t('admin.passwordShown', { name: body.name ?? '', password: body.password }) : null);
    setError(null);
    reload();
  };
  const add = (event: FormEvent): void => {
    event.preventDefault();
    void act(send('POST', '/api/admin/users', { name, role }));
    setName('');
  };

  return (
    <section className="admin-page__section" data-testid="admin-users">
      <h2>{t('admin.users')}</h2>
      {(problem ?? error) && <p className="admin-page__problem">{problem ?? error}</p>}
      {shown && <p className="admin-page__secret" data-testid="admin-new-password">{shown}</p>}
      <table>
        <thead>
          <tr><th>{t('admin.name')}</th><th>{t('admin.role')}</th><th>{t('admin.signIn')}</th><th>{t('admin.since')}</th><th /></tr>
        </thead>
        <tbody>
          {items.map((user) => (
            <tr key={user.name}>
              <td>{user.name}</td>
              <td>{t(`role.${user.role}`)}</td>
              <td>{user.source}</td>
              <td>{user.createdAt.slice(0, 10)}</td>
              <td>
                {user.source === 'local' && (
                  <button type="button" onClick={() => void act(send('POST', `/api/admin/users/${encodeURIComponent(user.name)}/password`, {}))}>
                    {t('admin.newPassword')}
                  </button>
                )}
                <button type="button" onClick={() => void act(send('DELETE', `/api/admin/users/${encodeURIComponent(user.name)}`))}>
                  {t('admin.remove')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form onSubmit={add}>
        <input placeholder={t('admin.name')} value={name} onChange={(e) => setName(e.target.value)} required />
        <select value={role} onChange={(e) => setRole(e.target.value as PersonRole)}>
          {PERSON_ROLES.map((r) => (
            <option key={r} value={r}>
              {t(`role.${r}`)}
            </option>
          ))}
        </select>
        <button type="submit">{t('admin.addUser')}</button>
      </form>
    </section>
  );
}
