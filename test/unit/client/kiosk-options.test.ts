import { describe, expect, it } from 'vitest';
import { kioskOptions, nextStopHref } from '../../../client/src/kiosk/kiosk-options';
import { isNewBuild } from '../../../client/src/kiosk/page-build';

describe('kioskOptions', () => {
  it('reads kiosk=1, and no kiosk without it or with kiosk=0', () => {
    expect(kioskOptions('?kiosk=1').kiosk).toBe(true);
    expect(kioskOptions('?kiosk').kiosk).toBe(true);
    expect(kioskOptions('?kiosk=0').kiosk).toBe(false);
    expect(kioskOptions('?board=sales').kiosk).toBe(false);
  });

  it('takes page names as pages and anything else as boards, with the interval bounded', () => {
    expect(kioskOptions('?rotate=sales,support,day&every=30').rotation).toEqual({
      stops: [
        { kind: 'board', board: 'sales' },
        { kind: 'board', board: 'support' },
        { kind: 'page', path: '/day' },
      ],
      everySec: 30,
    });
    expect(kioskOptions('?rotate=a,b&every=1').rotation?.everySec).toBe(5);
    expect(kioskOptions('?rotate=a,b&every=soon').rotation?.everySec).toBe(30);
    expect(kioskOptions('?rotate=a,b').rotation?.everySec).toBe(30);
  });

  it('ignores names no board can have, and needs two stops to rotate', () => {
    const options = kioskOptions('?rotate=sales,not a board!');
    expect(options.ignored).toEqual(['not a board!']);
    expect(options.rotation).toBeNull();
  });
});

describe('nextStopHref', () => {
  const { stops } = kioskOptions('?rotate=sales,support,day').rotation!;

  it('moves to the next stop at its own URL, carrying kiosk, rotate and every along', () => {
    expect(nextStopHref(stops, '/board/sales', '?kiosk=1&rotate=sales,support,day&every=20')).toBe(
      '/board/support?kiosk=1&rotate=sales%2Csupport%2Cday&every=20',
    );
    expect(nextStopHref(stops, '/board/support', '?rotate=sales,support,day')).toBe('/day?rotate=sales%2Csupport%2Cday');
  });

  it('knows where it is from the older ?board= link too', () => {
    expect(nextStopHref(stops, '/', '?board=sales&rotate=sales,support,day')).toBe('/board/support?rotate=sales%2Csupport%2Cday');
  });

  it('goes round from the last stop to the first, and starts at the first from anywhere else', () => {
    expect(nextStopHref(stops, '/day', '?rotate=sales,support,day')).toBe('/board/sales?rotate=sales%2Csupport%2Cday');
    expect(nextStopHref(stops, '/plan', '?rotate=sales,support,day')).toBe('/board/sales?rotate=sales%2Csupport%2Cday');
  });

  it('sends main to /', () => {
    const rotation = kioskOptions('?rotate=main,sales').rotation!;
    expect(nextStopHref(rotation.stops, '/board/sales', '?rotate=main,sales')).toBe('/?rotate=main%2Csales');
  });
});

describe('isNewBuild', () => {
  it('is a new build only when both ids are known and differ', () => {
    expect(isNewBuild('a', 'b')).toBe(true);
    expect(isNewBuild('a', 'a')).toBe(false);
    expect(isNewBuild(null, 'b')).toBe(false);
    expect(isNewBuild('a', null)).toBe(false);
  });
});
