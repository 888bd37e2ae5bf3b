import { Decoder, Encoder, type Packet } from 'socket.io-parser';

type Encoded = ReturnType<Encoder['encode']>;

/**
 * socket.io encodes a packet (JSON.stringify, a scan for binary, the
 * websocket frame) once per emit. The broadcaster writes one update to a big
 * room in slices, one emit per slice, all with the same message: a frozen
 * message is taken as unchanging, and its encoding is kept with it and reused
 * by every later emit of the same event, so an update is serialised once per
 * room, not once per slice. Other packets are encoded as usual.
 */
class EncodeOnceEncoder extends Encoder {
  private readonly kept = new WeakMap<object, { type: number; nsp: string; event: unknown; encoded: Encoded }>();

  override encode(packet: Packet): Encoded {
    const data: unknown = packet.data;
    const message = Array.isArray(data) && data.length === 2 ? (data[1] as unknown) : null;
    if (packet.id !== undefined || typeof message !== 'object' || message === null || !Object.isFrozen(message)) return super.encode(packet);
    const event: unknown = (data as unknown[])[0];
    const kept = this.kept.get(message);
    if (kept && kept.type === packet.type && kept.nsp === packet.nsp && kept.event === event) return kept.encoded;
    const encoded = super.encode(packet);
    this.kept.set(message, { type: packet.type, nsp: packet.nsp, event, encoded });
    return encoded;
  }
}

/** socket.io's `parser` option: the standard wire format, frozen messages encoded once. */
export const encodeOnceParser = { Encoder: EncodeOnceEncoder, Decoder };
