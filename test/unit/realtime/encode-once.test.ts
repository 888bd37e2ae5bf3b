import { Encoder, PacketType, type Packet } from 'socket.io-parser';
import { describe, expect, it } from 'vitest';
import { encodeOnceParser } from '../../../server/realtime/encode-once';

const event = (name: string, message: unknown, nsp = '/'): Packet => ({ type: PacketType.EVENT, nsp, data: [name, message] });

describe('encodeOnceParser', () => {
  it('encodes a frozen message as the standard encoder does, once for every emit of it', () => {
    const encoder = new encodeOnceParser.Encoder();
    const message = Object.freeze({ board: 'floor-1', to: 2, patch: [{ op: 'replace', path: '/seq', value: 7 }] });
    const first = encoder.encode(event('board:patch', message));
    expect(first).toEqual(new Encoder().encode(event('board:patch', message)));
    // the same array, not an equal one: nothing was serialised again
    expect(encoder.encode(event('board:patch', message))).toBe(first);
  });

  it('encodes again for another event name or namespace, and every time for a message that is not frozen', () => {
    const encoder = new encodeOnceParser.Encoder();
    const frozen = Object.freeze({ version: 1 });
    const asPatch = encoder.encode(event('board:patch', frozen));
    const asSnapshot = encoder.encode(event('board:snapshot', frozen));
    expect(asSnapshot).not.toBe(asPatch);
    expect(asSnapshot).toEqual(new Encoder().encode(event('board:snapshot', frozen)));
    expect(encoder.encode(event('board:snapshot', frozen, '/admin'))).toEqual(new Encoder().encode(event('board:snapshot', frozen, '/admin')));

    const open: { version: number } = { version: 1 };
    const before = encoder.encode(event('board:patch', open));
    open.version = 2;
    const after = encoder.encode(event('board:patch', open));
    expect(after).not.toEqual(before);
    expect(after).toEqual(new Encoder().encode(event('board:patch', open)));
  });
});
