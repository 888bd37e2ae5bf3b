import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from '../../../server/auth/password-hash';
import { roleOfGroups } from '../../../server/auth/oidc-routes';
import { accessOf, ROUTE_ACCESS, routeAccessOf } from '../../../server/auth/route-access';
import { accountKey, addressKey, SignInThrottle } from '../../../server/auth/sign-in-throttle';
import { allows } from '../../../shared/roles';

describe('roles', () => {
  it('hold each other upwards; metrics holds only metrics; anonymous only public', () => {
    expect(allows('admin', 'manager')).toBe(true);
    expect(allows('admin', 'metrics')).toBe(true);
    expect(allows('manager', 'viewer')).toBe(true);
    expect(allows('manager', 'admin')).toBe(false);
    expect(allows('viewer', 'manager')).toBe(false);
    expect(allows('metrics', 'viewer')).toBe(false);
    expect(allows('metrics', 'signed-in')).toBe(true);
    expect(allows(null, 'signed-in')).toBe(false);
    expect(allows(null, 'public')).toBe(true);
  });
});

describe('the route table', () => {
  it('matches parameters and wildcards, HEAD as GET, and nothing else', () => {
    expect(routeAccessOf('DELETE', '/api/admin/users/alice')?.access).toBe('admin');
    expect(routeAccessOf('DELETE', '/api/admin/users/alice/extra')).toBeNull();
    expect(routeAccessOf('GET', '/socket.io/')?.access).toBe('viewer');
    expect(routeAccessOf('HEAD', '/api/snapshot')?.access).toBe('viewer');
    expect(routeAccessOf('POST', '/api/snapshot')).toBeNull();
  });

  it('needs a sign-in for anything it does not list (fail closed)', () => {
    expect(accessOf('GET', '/api/not-yet-listed')).toBe('signed-in');
    expect(accessOf('GET', '/day')).toBe('signed-in');
  });

  it('leaves open only health, sign-in, assets and the signed webhooks', () => {
    const open = ROUTE_ACCESS.filter((route) => route.access === 'public').map((route) => route.path);
    expect(open.every((path) => /^\/api\/(health|webhooks\/|auth\/(signin|oidc\/))|^\/signin$|^\/assets\//.test(path))).toBe(true);
  });
});

describe('sign-in throttle', () => {
  it('locks an account after 5 failures for a minute, doubling, and a success clears it', () => {
    const throttle = new SignInThrottle();
    const keys = [accountKey('Alice'), addressKey('10.0.0.1')];
    for (let i = 0; i < 4; i++) throttle.failed(keys, 1_000);
    expect(throttle.waitMs(keys, 1_000)).toBe(0);
    throttle.failed(keys, 1_000);
    expect(throttle.waitMs(keys, 1_000)).toBe(60_000);
    throttle.failed(keys, 61_000);
    expect(throttle.waitMs(keys, 61_000)).toBe(120_000);
    throttle.succeeded(accountKey('alice'));
    // the address has 6 failures of its 20: free again once the account is
    expect(throttle.waitMs(keys, 61_000)).toBe(0);
  });

  it('locks an address only after 20 failures (an office behind one NAT)', () => {
    const throttle = new SignInThrottle();
    for (let i = 0; i < 19; i++) throttle.failed([accountKey(`user${i}`), addressKey('10.0.0.2')], 0);
    expect(throttle.waitMs([addressKey('10.0.0.2')], 0)).toBe(0);
    throttle.failed([accountKey('user19'), addressKey('10.0.0.2')], 0);
    expect(throttle.waitMs([accountKey('someone-else'), addressKey('10.0.0.2')], 0)).toBe(60_000);
  });

  it('never locks for more than 15 minutes', () => {
    const throttle = new SignInThrottle();
    for (let i = 0; i < 30; i++) throttle.failed([accountKey('bob')], 0);
    expect(throttle.waitMs([accountKey('bob')], 0)).toBe(15 * 60_000);
  });
});

describe('passwords', () => {
  it('verify against their scrypt hash only', async () => {
    const hash = await hashPassword('correct horse battery');
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(hash).not.toContain('correct horse');
    expect(await verifyPassword('correct horse battery', hash)).toBe(true);
    expect(await verifyPassword('correct horse batterz', hash)).toBe(false);
    expect(await verifyPassword('x', 'not a hash')).toBe(false);
  });
});

describe('IdP groups to a role', () => {
  it('takes the highest mapped role, none for no mapped group', () => {
    const map = { leads: 'manager', admins: 'admin', staff: 'viewer' } as const;
    expect(roleOfGroups(['staff', 'admins'], map)).toBe('admin');
    expect(roleOfGroups(['leads'], map)).toBe('manager');
    expect(roleOfGroups(['cleaning', 'toString'], map)).toBeNull();
  });
});
