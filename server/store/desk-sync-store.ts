/**
 * What the desks' REST backfill keeps in the live store, so any node can take
 * over: one lease per site (only one node reads the desks' APIs at a time)
 * and, per desk, where the last read ended (a Zendesk export cursor, the
 * start of the last Jira search).
 */
export interface DeskSyncStore {
  /** Takes the site's desk-sync lease for `owner`, or renews it when `owner` holds it, for `ttlMs`; false when another owner holds it. */
  acquireDeskSyncLease(site: string, owner: string, ttlMs: number): Promise<boolean>;
  /** Gives the lease up, if `owner` still holds it. */
  releaseDeskSyncLease(site: string, owner: string): Promise<void>;
  /** null before the desk was first read */
  readDeskCursor(site: string, desk: DeskApiName): Promise<string | null>;
  writeDeskCursor(site: string, desk: DeskApiName, cursor: string): Promise<void>;
}

export type DeskApiName = 'zendesk' | 'jira';
