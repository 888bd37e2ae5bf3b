import { z } from 'zod';

/**
 * The languages the wallboard speaks. The site's language is SITE_LANG
 * (server/config/env-config.ts); a page's `?lang=` overrides it for that viewer.
 */
export const LANGUAGES = ['en', 'ru'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'en';

export const languageSchema = z.enum(LANGUAGES);

/**
 * The Intl locale of each language: numbers, dates and plural rules follow it.
 * English is en-GB rather than en-US for its 24-hour day-month dates (a support
 * floor reads "14:05, 3 Mar"); its numbers are the same as en-US.
 */
export const LOCALE_OF: Readonly<Record<Language, string>> = { en: 'en-GB', ru: 'ru-RU' };

/** `value` if it names a language we speak, else null (a bad `?lang=` is ignored, not an error page). */
export function languageOrNull(value: string | null | undefined): Language | null {
  const parsed = languageSchema.safeParse(value?.trim().toLowerCase());
  return parsed.success ? parsed.data : null;
}
