import { AuditLog } from './audit-log';
import { TokenList } from './token-list';
import { UserList } from './user-list';
import './admin-page.css';

/** Users, tokens and the audit log, for admins (the server allows these routes to admins only). */
export function AdminPage() {
  return (
    <main className="admin-page" data-testid="admin-page">
      <UserList />
      <TokenList />
      <AuditLog />
    </main>
  );
}
