import { PermanentError } from '../resilience/retry';
import { pbxFailureKindSchema, type PbxFailureKind } from '../../shared/snapshot';

/**
 * The reader lease of a site, so exactly one process reads its PBX's AMI
 * stream however many run. Taking the lease (not renewing it) moves the site's
 * reader generation; the reader sends its generation with every call apply and
 * the store refuses a batch of any other generation in the same atomic step as
 * the apply (fencing): a reader that lost the lease cannot land a batch after
 * its successor's.
 */
export interface LeaseStore {
  /**
   * Takes the site's reader lease for `owner`, or renews it when `owner` holds
   * it, for `ttlMs`. The reader generation `owner` holds afterwards; null when
   * another owner holds the lease.
   */
  acquireReaderLease(site: string, owner: string, ttlMs: number): Promise<number | null>;
  /** Gives the lease up, if `owner` still holds it; the generation stays where it is. */
  releaseReaderLease(site: string, owner: string): Promise<void>;
  /** Stores the reader's view of the PBX link for `ttlMs`, if `report.owner` holds the lease. */
  publishPbxLink(site: string, report: PbxLinkReport, ttlMs: number): Promise<void>;
  /** Who holds the lease, the current generation and the last link report that has not expired. */
  readReaderLease(site: string): Promise<ReaderLeaseState>;
  /**
   * The store's epoch: an id written once per store lifetime. Writes
   * `candidate` when the store has none (new, or emptied by a restart without
   * persistence) and answers the epoch the store holds afterwards.
   */
  claimStoreEpoch(site: string, candidate: string): Promise<string>;
}

/** The PBX link as the reading node sees it; epoch ms. */
export interface PbxLinkReport {
  owner: string;
  connected: boolean;
  /** since when the link is up (or down); null before the first attempt */
  since: number | null;
  lastError: string | null;
  /** what kind of failure `lastError` is; absent in reports of nodes older than it */
  lastErrorKind?: PbxFailureKind | null;
  /** PBX time of the newest event applied, null before the first */
  lastEventAt: number | null;
}

export interface ReaderLeaseState {
  /** null while nobody holds the lease */
  owner: string | null;
  /** 0 before the lease was ever taken */
  generation: number;
  link: PbxLinkReport | null;
}

/** A call apply's id: the reader's generation and the batch's place in its stream (1, 2, ...). */
export interface ReaderBatch {
  generation: number;
  sequence: number;
}

/** A batch from a reader whose generation is no longer current; retrying it cannot help, the node must stop reading. */
export class StaleReaderError extends PermanentError {
  constructor(
    readonly site: string,
    readonly generation: number,
    readonly currentGeneration: number,
  ) {
    super(`site ${site}: batch of reader generation ${generation} refused, the lease is at generation ${currentGeneration}`);
    this.name = 'StaleReaderError';
  }
}

/** Parses a stored link report; null for anything this store never writes. */
export function parsePbxLinkReport(json: string | null): PbxLinkReport | null {
  if (json === null) return null;
  try {
    const value = JSON.parse(json) as Partial<PbxLinkReport> | null;
    const nullableNumber = (x: unknown): boolean => x === null || typeof x === 'number';
    if (
      value &&
      typeof value.owner === 'string' &&
      typeof value.connected === 'boolean' &&
      nullableNumber(value.since) &&
      nullableNumber(value.lastEventAt) &&
      (value.lastError === null || typeof value.lastError === 'string') &&
      (value.lastErrorKind == null || pbxFailureKindSchema.safeParse(value.lastErrorKind).success)
    ) {
      return value as PbxLinkReport;
    }
  } catch {
    // not JSON: treated as no report
  }
  return null;
}
