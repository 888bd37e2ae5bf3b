import type { AmiFrame } from './ami-frame';

export type AmiErrorCode =
  /** no logged-in connection when the action was sent */
  | 'not-connected'
  /** no answer within the action timeout (for a list: no item within it) */
  | 'timeout'
  /** the connection ended before the answer came */
  | 'disconnected'
  /** Asterisk answered `Response: Error`; `frame` holds the answer, `message` its Message */
  | 'action-failed'
  /** the action or a field cannot be sent (empty name, line break in a value ...) */
  | 'invalid-action';

export class AmiError extends Error {
  constructor(
    readonly code: AmiErrorCode,
    message: string,
    readonly frame?: AmiFrame,
  ) {
    super(message);
    this.name = 'AmiError';
  }
}
