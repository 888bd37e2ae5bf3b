import { z } from 'zod';

/**
 * Parsers of one environment variable's text, each with a message that says
 * what was expected (loadConfig adds the variable's name and what it got).
 * Values arrive trimmed and never blank: a blank variable is unset.
 */

const FLAG_SPELLINGS = { '1': true, true: true, yes: true, on: true, '0': false, false: false, no: false, off: false } as const;

export function wholeNumber(min: number, max: number): z.ZodType<number, string> {
  const message = `expected a whole number ${min}..${max}`;
  return z.string().transform((text, ctx) => {
    const value = Number(text);
    if (/^\d+$/.test(text) && value >= min && value <= max) return value;
    ctx.addIssue({ code: 'custom', message });
    return z.NEVER;
  });
}

export function decimal(min: number, max: number): z.ZodType<number, string> {
  const message = `expected a number ${min}..${max}`;
  return z.string().transform((text, ctx) => {
    const value = Number(text);
    if (/^\d+(\.\d+)?$/.test(text) && value >= min && value <= max) return value;
    ctx.addIssue({ code: 'custom', message });
    return z.NEVER;
  });
}

/** on/off in the usual spellings, any case */
export const flag: z.ZodType<boolean, string> = z.string().transform((text, ctx) => {
  const value = (FLAG_SPELLINGS as Record<string, boolean>)[text.toLowerCase()];
  if (value !== undefined) return value;
  ctx.addIssue({ code: 'custom', message: 'expected on or off (also 1/0, true/false, yes/no)' });
  return z.NEVER;
});

export function choice<const T extends readonly [string, ...string[]]>(values: T): z.ZodType<T[number], string> {
  return z.enum(values, { error: `expected one of ${values.join(', ')}` });
}

export function url(schemes: readonly string[]): z.ZodType<string, string> {
  const message = `expected a ${schemes.map((s) => `${s}://`).join(' or ')} URL`;
  return z.url({ protocol: new RegExp(`^(${schemes.join('|')})$`), error: message });
}

/** a comma-separated list (blank items dropped) checked by `items` */
export function list<S extends z.ZodType>(items: S): z.ZodType<z.output<S>, string> {
  return z
    .string()
    .transform((text) => splitList(text))
    // As in pairs: the items' schema checks what the text held.
    .pipe(items as unknown as z.ZodType<z.output<S>, string[]>);
}

/**
 * `a=x,b=y` -> { a: 'x', b: 'y' } checked by `map`; the value is after the
 * last `=`, so names may contain one.
 */
export function pairs<S extends z.ZodType>(map: S): z.ZodType<z.output<S>, string> {
  return z
    .string()
    .transform((text, ctx) => {
      const out: Record<string, string> = {};
      for (const item of splitList(text)) {
        const split = item.lastIndexOf('=');
        if (split <= 0) {
          ctx.addIssue({ code: 'custom', message: `"${item}" is not name=value` });
          return z.NEVER;
        }
        out[item.slice(0, split).trim()] = item.slice(split + 1).trim();
      }
      return out;
    })
    // Any text may arrive here: the map's own schema is what checks the names and values.
    .pipe(map as unknown as z.ZodType<z.output<S>, Record<string, string>>);
}

function splitList(text: string): string[] {
  return text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}
