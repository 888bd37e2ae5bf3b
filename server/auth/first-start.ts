import { AccountError, type Accounts } from './accounts';
import type { CredentialStore } from './credential-store';

export interface FirstStartCredentials {
  adminName: string;
  adminPassword: string;
  /** a viewer token for the kiosk link */
  kioskToken: string;
}

const SYSTEM = { name: 'first-start', address: null };

/**
 * With no user yet, an `admin` with a random password and a viewer token for
 * a kiosk link, to be shown once (as Grafana and Jenkins do at their first
 * start). Null when there are users, or when another node made them first.
 */
export async function firstStart(store: CredentialStore, accounts: Accounts): Promise<FirstStartCredentials | null> {
  if ((await store.countUsers()) > 0) return null;
  try {
    const adminPassword = await accounts.addUser(SYSTEM, 'admin', 'admin');
    const kioskToken = await accounts.createToken(SYSTEM, `kiosk-${Date.now().toString(36)}`, 'viewer', null);
    return { adminName: 'admin', adminPassword, kioskToken };
  } catch (error) {
    if (error instanceof AccountError) return null;
    throw error;
  }
}

/** The lines printed next to the URL at a first start. */
export function firstStartBanner(url: string, credentials: FirstStartCredentials): string {
  return [
    '',
    '  First start: an admin was created. This is shown once; keep it now.',
    `    user      ${credentials.adminName}`,
    `    password  ${credentials.adminPassword}`,
    `  Kiosk link for a TV (viewer token; revoke with npm run tokens -- revoke NAME):`,
    `    ${url}/?token=${credentials.kioskToken}`,
    '',
  ].join('\n');
}
