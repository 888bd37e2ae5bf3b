import { createHash } from 'node:crypto';

/**
 * A ticket record's revision: the SHA-1 (hex) of its stored JSON. Redis'
 * apply script takes the same digest of what it holds (`redis.sha1hex`), so a
 * compare-and-set needs no version field or key of its own, nothing to expire
 * with done tickets, and works on records written before revisions existed.
 * Two records with equal JSON have equal revisions, which is what a
 * compare-and-set needs: a change reduced from a state is right for any record
 * equal to it.
 */
export function ticketRevision(storedJson: string | Buffer): string {
  return createHash('sha1').update(storedJson).digest('hex');
}
