/**
 * Why the PBX link is down, in the words a shift lead can act on: the board
 * says "refused" (Asterisk not listening: is it running, the port right?),
 * "timed out" (a firewall or a dead host), "bad login" (manager.conf), and so on.
 */
import type { PbxFailureKind } from '../../../shared/snapshot';

export type AmiFailureKind = PbxFailureKind;

export interface AmiLinkFailure {
  kind: AmiFailureKind;
  /** the error as the client saw it (socket message, Asterisk's answer) */
  message: string;
}

const SOCKET_CODES: Record<string, AmiFailureKind> = {
  ECONNREFUSED: 'refused',
  ETIMEDOUT: 'timeout',
  ECONNRESET: 'closed',
  EPIPE: 'closed',
  EHOSTUNREACH: 'unreachable',
  ENETUNREACH: 'unreachable',
  EHOSTDOWN: 'unreachable',
  ENOTFOUND: 'unreachable',
  EAI_AGAIN: 'unreachable',
};

/** The kind of a socket error by its errno code; a code we do not know is a closed link. */
export function socketFailureKind(code: string | undefined): AmiFailureKind {
  return (code !== undefined && SOCKET_CODES[code]) || 'closed';
}
