import { describe, expect, it } from 'vitest';
import { isPlainLeftClick, routeOf } from '../../../client/src/app-shell/router';

describe('client routes', () => {
  it('maps the three paths to their pages, with or without a trailing slash', () => {
    expect(routeOf('/')?.name).toBe('board');
    expect(routeOf('/day')?.name).toBe('day');
    expect(routeOf('/day/')?.name).toBe('day');
    expect(routeOf('/plan')?.name).toBe('plan');
    expect(routeOf('')?.name).toBe('board');
  });

  it('has no page for other paths', () => {
    expect(routeOf('/days')).toBeNull();
    expect(routeOf('/plan/extra')).toBeNull();
  });

  it('takes over only plain left clicks; modified clicks open tabs as usual', () => {
    const click = { button: 0, metaKey: false, ctrlKey: false, shiftKey: false, altKey: false, defaultPrevented: false };
    expect(isPlainLeftClick(click)).toBe(true);
    expect(isPlainLeftClick({ ...click, button: 1 })).toBe(false);
    expect(isPlainLeftClick({ ...click, ctrlKey: true })).toBe(false);
    expect(isPlainLeftClick({ ...click, metaKey: true })).toBe(false);
    expect(isPlainLeftClick({ ...click, shiftKey: true })).toBe(false);
    expect(isPlainLeftClick({ ...click, defaultPrevented: true })).toBe(false);
  });
});
