/**
 * Batches set aside because the store refused them for good (a permanent
 * error, server/resilience/error-class.ts), kept with their input so an
 * operator can see what was lost and why, and replay it by hand.
 */

export type DeadLetterPipeline = 'live' | 'tickets' | 'history';

export interface DeadLetter {
  pipeline: DeadLetterPipeline;
  /** when it was set aside, epoch ms */
  at: number;
  /** the store's words */
  error: string;
  /** the batch's input (normalized events), as JSON values */
  events: readonly unknown[];
}

/**
 * Letters kept per site, newest first; older ones are trimmed. A live batch is
 * at most 1,000 events, so a full list of full batches is a few hundred MB in
 * the worst case; in practice a poison batch is rare and small.
 */
export const DEAD_LETTERS_KEPT = 1000;

export interface DeadLetterStore {
  /** Keeps the letter in front of the site's list and trims the list to DEAD_LETTERS_KEPT. */
  pushDeadLetter(site: string, letter: DeadLetter): Promise<void>;
  /** The newest `limit` letters of a site, newest first. */
  readDeadLetters(site: string, limit: number): Promise<DeadLetter[]>;
}
