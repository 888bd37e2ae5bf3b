import type { Socket } from 'socket.io';
import type { WallboardIo } from '../realtime/board-broadcaster';
import type { Logger } from '../observability/logger';
import { RateLimitedLog } from '../observability/rate-limited-log';
import { SocketEvents } from '../../shared/socket-protocol';
import { cookiesOf, SESSION_COOKIE, TOKEN_COOKIE } from './auth-cookies';
import type { AuthContext } from './auth-context';
import { CredentialRefused, type Principal } from './principal';
import { allows } from '../../shared/roles';

/**
 * How often open sockets' credentials are checked again. A revoked token's or
 * ended session's sockets close within this plus one query, on every node,
 * whoever revoked it (the CLI, another node): a short poll of the database
 * needs no channel between the nodes and the CLI. One query per node per tick.
 */
export const SOCKET_RECHECK_MS = 2_000;

/**
 * The socket.io feed's door: a token in the handshake's `auth` payload
 * (`{token}`), else the session or kiosk cookie; the viewer role; a board
 * token joins its own board only.
 */
export class SocketAuth {
  private timer: NodeJS.Timeout | null = null;
  private readonly warnings: RateLimitedLog;

  constructor(
    private readonly io: WallboardIo,
    private readonly auth: AuthContext,
    logger: Logger,
  ) {
    this.warnings = new RateLimitedLog(logger);
  }

  start(): void {
    this.io.use((socket, next) => {
      this.admit(socket).then(
        () => next(),
        (error: unknown) => {
          if (error instanceof CredentialRefused) next(new Error(error.message));
          else {
            this.warnings.warn('socket-auth', { err: error }, 'could not check a socket credential');
            next(new Error('credentials could not be checked; retry'));
          }
        },
      );
    });
    this.timer = setInterval(() => void this.recheck(), SOCKET_RECHECK_MS);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private async admit(socket: Socket): Promise<void> {
    const principal = await this.principalOf(socket);
    if (principal === null) throw new CredentialRefused('sign in first: a token in the auth payload ({token}) or a session cookie', 401);
    if (!allows(principal.role, 'viewer')) throw new CredentialRefused(`the live board needs the viewer role; ${principal.name} is ${principal.role}`, 403);
    socket.data.principal = principal;
    if (principal.board !== null) {
      const board = principal.board;
      socket.use((packet, next) => {
        const [event, message] = packet;
        const asked = (message as { board?: unknown } | undefined)?.board;
        if (event !== SocketEvents.join || asked === board) {
          next();
          return;
        }
        // answered as the broadcaster answers a join it refuses
        const reply = packet.at(-1);
        if (typeof reply === 'function') reply({ status: 'error', errors: [`this token opens the board "${board}" only`] });
      });
    }
  }

  private principalOf(socket: Socket): Promise<Principal | null> {
    const token = (socket.handshake.auth as { token?: unknown }).token;
    if (typeof token === 'string') return this.auth.authenticator.fromToken(token);
    const cookies = cookiesOf(socket.request);
    const session = cookies[SESSION_COOKIE];
    if (session) return this.auth.authenticator.fromSession(session);
    const kiosk = cookies[TOKEN_COOKIE];
    if (kiosk) return this.auth.authenticator.fromToken(kiosk);
    return Promise.resolve(null);
  }

  /** Closes the sockets whose token was revoked or whose session ended. */
  private async recheck(): Promise<void> {
    const sockets = [...this.io.sockets.sockets.values()];
    const hashes = [...new Set(sockets.flatMap((socket) => ((socket.data.principal as Principal | undefined)?.secretHash ?? [])))];
    if (hashes.length === 0) return;
    try {
      const valid = await this.auth.store.stillValid(hashes, this.auth.clock());
      for (const socket of sockets) {
        const principal = socket.data.principal as Principal | undefined;
        if (principal && !valid.has(principal.secretHash)) socket.disconnect(true);
      }
    } catch (error) {
      // the database away: sockets stay open (the board keeps showing) until it answers again
      this.warnings.warn('socket-recheck', { err: error }, 'could not recheck open sockets credentials');
    }
  }
}
