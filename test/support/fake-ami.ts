import { createServer, type Server, type Socket } from 'node:net';
import type { AmiFrame } from '../../server/ingest/ami/ami-frame';
import { AmiFrameParser } from '../../server/ingest/ami/frame-parser';

/** An AMI frame as Asterisk writes it: `Key: Value` lines with CRLF, then an empty line. */
export const frame = (lines: readonly string[]): string => lines.map((line) => `${line}\r\n`).join('') + '\r\n';

/** One client connection to the fake server, with the actions it has received. */
export class FakeSession {
  readonly actions: AmiFrame[] = [];

  constructor(readonly socket: Socket) {}

  send(text: string): void {
    if (!this.socket.destroyed) this.socket.write(text);
  }

  lastAction(name: string): AmiFrame | undefined {
    return this.actions.findLast((action) => action.fields.action?.toLowerCase() === name.toLowerCase());
  }
}

/**
 * A small Asterisk stand-in on 127.0.0.1: sends the banner, answers Login (as scripted) and
 * Ping, and hands other actions to the test.
 */
export class FakeAmi {
  readonly sessions: FakeSession[] = [];
  /** answers to successive logins; Success when exhausted */
  loginAnswers: ('Success' | 'Error')[] = [];
  answerPings = true;
  onAction: (session: FakeSession, action: AmiFrame) => void = () => {};
  private constructor(private readonly server: Server) {}

  static async start(): Promise<FakeAmi> {
    const server = createServer();
    const fake = new FakeAmi(server);
    server.on('connection', (socket) => fake.accept(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  get port(): number {
    const address = this.server.address();
    if (address === null || typeof address === 'string') throw new Error('not listening');
    return address.port;
  }

  get current(): FakeSession {
    const session = this.sessions.at(-1);
    if (session === undefined) throw new Error('no session yet');
    return session;
  }

  async stop(): Promise<void> {
    for (const session of this.sessions) session.socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(socket: Socket): void {
    const session = new FakeSession(socket);
    this.sessions.push(session);
    socket.on('error', () => {});
    const parser = new AmiFrameParser({ onFrame: (action) => this.answer(session, action) });
    socket.on('data', (chunk: Buffer) => parser.push(chunk));
    socket.write('Asterisk Call Manager/11.0.0\r\n');
  }

  private answer(session: FakeSession, action: AmiFrame): void {
    session.actions.push(action);
    const actionId = action.fields.actionid ?? '';
    switch (action.fields.action?.toLowerCase()) {
      case 'login':
        if ((this.loginAnswers.shift() ?? 'Success') === 'Success') {
          // one write, as Asterisk does: the event arrives in the same chunk as the answer
          session.send(
            frame(['Response: Success', `ActionID: ${actionId}`, 'Message: Authentication accepted']) +
              frame(['Event: FullyBooted', 'Privilege: system,all', 'Uptime: 3600', 'LastReload: 3600', 'Status: Fully Booted']),
          );
        } else {
          // Asterisk closes the session after a failed login
          session.send(frame(['Response: Error', `ActionID: ${actionId}`, 'Message: Authentication failed']));
          session.socket.end();
        }
        return;
      case 'ping':
        if (this.answerPings) session.send(frame(['Response: Success', `ActionID: ${actionId}`, 'Ping: Pong', 'Timestamp: 1718012345.000000']));
        return;
      default:
        this.onAction(session, action);
    }
  }
}
