import { describe, expect, it } from 'vitest';
import { requestLanguage } from '../../../server/http/request-language';

const asking = (header: string | undefined) => requestLanguage({ get: (name: string) => (name === 'accept-language' ? header : undefined) } as never);

describe('requestLanguage', () => {
  it('takes the best-rated language we speak, English when none', () => {
    expect(asking('ru')).toBe('ru');
    expect(asking('ru-RU,ru;q=0.9,en-US;q=0.8,en;q=0.7')).toBe('ru');
    expect(asking('de-DE,de;q=0.9,ru;q=0.5,en;q=0.4')).toBe('ru');
    expect(asking('en;q=0.4,ru;q=0.8')).toBe('ru');
    expect(asking('ru;q=0,en')).toBe('en');
    expect(asking('de, fr')).toBe('en');
    expect(asking(undefined)).toBe('en');
    expect(asking('')).toBe('en');
  });

  it('reads a bounded header: garbage and length change nothing but the answer', () => {
    expect(asking(`${'x;q=1,'.repeat(5000)}ru`)).toBe('en');
    expect(asking('ru;q=abc')).toBe('ru');
    expect(asking(';;;,,,=')).toBe('en');
  });
});
