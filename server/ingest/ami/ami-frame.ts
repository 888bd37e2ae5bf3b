/**
 * One AMI message (an event, a response, or a reply to an action).
 *
 * Header names are lower-cased by the parser: AMI names are case-insensitive and
 * Asterisk versions disagree on case (`UniqueID` in 1.8, `Uniqueid` since 12).
 * Values are kept exactly as sent.
 */
export interface AmiFrame {
  /** lower-cased header name -> its first value */
  readonly fields: Readonly<Record<string, string>>;
  /**
   * Headers that occur more than once in the frame (ChanVariable, Output ...), all
   * values in order, the first included. Absent when no header repeats.
   */
  readonly repeated?: Readonly<Record<string, readonly string[]>>;
  /** Byte length of the frame on the wire, terminator included (for metrics). */
  readonly byteLength: number;
}
