import { Decoder, Encoder, PacketType, protocol } from 'socket.io-parser';
import { SocketEvents } from '../../shared/socket-protocol';

/**
 * A socket.io-client parser for the fan-out's measuring clients: board:snapshot
 * packets are not JSON-parsed whole; only `snapshot.at` and
 * `snapshot.source.lastEventAt` are cut out of the text. A thousand clients
 * parsing 4,000 snapshots of ~20 kB a second would need about a core of their
 * own, taken from the server on this 2-core machine; real boards run elsewhere.
 * The server's work, and every byte on the wire, are unchanged.
 *
 * The cut relies on the snapshot's key order (`at` first, `source` before
 * `queues` and `agents`, as buildSnapshot writes them); the key `"at"` occurs
 * nowhere else before it. Every other packet goes through the stock decoder.
 */
const SNAPSHOT_PREFIX = `${PacketType.EVENT}["${SocketEvents.snapshot}",`;
let snapshotBytes = 0;

/** UTF-8 size of the newest board:snapshot packet any client decoded */
export function newestSnapshotBytes(): number {
  return snapshotBytes;
}

class TimingDecoder extends Decoder {
  override add(encoded: unknown): void {
    if (typeof encoded !== 'string' || !encoded.startsWith(SNAPSHOT_PREFIX)) {
      super.add(encoded);
      return;
    }
    snapshotBytes = Buffer.byteLength(encoded);
    const timing = { snapshot: { at: stringAfter(encoded, '"at":'), source: { lastEventAt: stringAfter(encoded, '"lastEventAt":') } } };
    this.emitReserved('decoded', { type: PacketType.EVENT, nsp: '/', data: [SocketEvents.snapshot, timing] });
  }
}

/** The string value after the first `key`, or null (JSON null, or the key absent). */
function stringAfter(text: string, key: string): string | null {
  const at = text.indexOf(key);
  if (at < 0 || text[at + key.length] !== '"') return null;
  const start = at + key.length + 1;
  const end = text.indexOf('"', start);
  return end < 0 ? null : text.slice(start, end);
}

export const timingParser = { protocol, Encoder, Decoder: TimingDecoder };
