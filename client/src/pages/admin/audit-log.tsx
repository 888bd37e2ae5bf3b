import { useAdminList } from './use-admin-list';
import { t } from '../../i18n/i18n';

interface AuditEntry {
  at: string;
  actor: string | null;
  action: string;
  target: string | null;
  address: string | null;
  detail: string | null;
}

const pickEntries = (body: unknown) => (body as { entries: AuditEntry[] }).entries;

/** Who did what, when, from where: sign-ins, refusals, changes to users and tokens; newest first. */
export function AuditLog() {
  const { items, problem, reload } = useAdminList('/api/admin/audit?limit=200', pickEntries);
  return (
    <section className="admin-page__section" data-testid="admin-audit">
      <h2>
        {t('admin.audit')} <button type="button" onClick={reload}>{t('admin.refresh')}</button>
      </h2>
      {problem && <p className="admin-page__problem">{problem}</p>}
      <table>
        <thead>
          <tr><th>{t('admin.when')}</th><th>{t('admin.who')}</th><th>{t('admin.what')}</th><th>{t('admin.on')}</th><th>{t('admin.from')}</th><th>{t('admin.detail')}</th></tr>
        </thead>
        <tbody>
          {items.map((entry, index) => (
            <tr key={`${entry.at}-${index}`}>
              <td>{entry.at.replace('T', ' ').slice(0, 19)}</td>
              <td>{entry.actor ?? '-'}</td>
              <td>{entry.action}</td>
              <td>{entry.target ?? ''}</td>
              <td>{entry.address ?? ''}</td>
              <td>{entry.detail ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
