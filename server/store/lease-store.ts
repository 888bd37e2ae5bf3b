/** Leases in the live store, so exactly one process reads a PBX's AMI stream however many run. */
export interface LeaseStore {
  /** Takes or renews a lease held by `owner` for `ttlMs`. True when `owner` holds it afterwards. */
  acquireLease(name: string, owner: string, ttlMs: number): Promise<boolean>;
  /** Gives the lease up, if `owner` still holds it. */
  releaseLease(name: string, owner: string): Promise<void>;
}
