import { useState, type FormEvent } from 'react';
import { TOKEN_ROLES, type TokenRole } from '../../../../shared/roles';
import { errorMessage, send } from '../../auth/session';
import { useAdminList } from './use-admin-list';
import { t } from '../../i18n/i18n';
import { boardHref } from '../../board-name';

interface Token {
  name: string;
  role: TokenRole;
  board: string | null;
  createdAt: string;
}

const pickTokens = (body: unknown) => (body as { tokens: Token[] }).tokens;

export function TokenList() {
  const { items, problem, reload } = useAdminList('/api/admin/tokens', pickTokens);
  const [name, setName] = useState('');
  const [role, setRole] = useState<TokenRole>('viewer');
  const [board, setBoard] = useState('');
  /** the new token, shown once, with its kiosk link for a viewer */
  const [shown, setShown] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const create = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const response = await send('POST', '/api/admin/tokens', { name, role, board: board || null });
    if (!response.ok) {
      setError(await errorMessage(response));
      return;
    }
    const { token } = (await response.json()) as { token: string };
    const link = `${window.location.origin}${boardHref(board || 'main', new URLSearchParams({ token }))}`;
    setShown(role === 'viewer' ? t('admin.kioskLink', { link }) : t('admin.tokenShown', { token }));
    setError(null);
    setName('');
    reload();
  };
  const revoke = async (tokenName: string): Promise<void> => {
    const response = await send('DELETE', `/api/admin/tokens/${encodeURIComponent(tokenName)}`);
    setError(response.ok ? null : await errorMessage(response));
    reload();
  };

  return (
    <section className="admin-page__section" data-testid="admin-tokens">
      <h2>{t('admin.tokens')}</h2>
      {(problem ?? error) && <p className="admin-page__problem">{problem ?? error}</p>}
      {shown && <p className="admin-page__secret" data-testid="admin-new-token">{shown}</p>}
      <table>
        <thead>
          <tr><th>{t('admin.name')}</th><th>{t('admin.role')}</th><th>{t('admin.board')}</th><th>{t('admin.since')}</th><th /></tr>
        </thead>
        <tbody>
          {items.map((token) => (
            <tr key={token.name}>
              <td>{token.name}</td>
              <td>{t(`role.${token.role}`)}</td>
              <td>{token.board ?? t('admin.everyBoard')}</td>
              <td>{token.createdAt.slice(0, 10)}</td>
              <td>
                <button type="button" onClick={() => void revoke(token.name)}>{t('admin.revoke')}</button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form onSubmit={(event) => void create(event)}>
        <input placeholder={t('admin.tokenName')} value={name} onChange={(e) => setName(e.target.value)} required />
        <select value={role} onChange={(e) => setRole(e.target.value as TokenRole)}>
          {TOKEN_ROLES.map((r) => (
            <option key={r} value={r}>
              {t(`role.${r}`)}
            </option>
          ))}
        </select>
        {role === 'viewer' && <input placeholder={t('admin.boardOptional')} value={board} onChange={(e) => setBoard(e.target.value)} />}
        <button type="submit">{t('admin.createToken')}</button>
      </form>
    </section>
  );
}
