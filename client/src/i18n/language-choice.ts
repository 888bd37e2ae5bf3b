import { DEFAULT_LANGUAGE, languageOrNull, type Language } from '../../../shared/i18n/languages';

/**
 * The language a page speaks: `?lang=ru|en` in its URL, else the site's
 * (SITE_LANG, which the server writes into index.html as
 * `<html data-site-lang>`: server/http/client-page.ts), else English. Pure, so
 * it is tested without a browser.
 */
export function languageInEffect(search: string, siteLanguage: string | undefined): Language {
  return languageOrNull(new URLSearchParams(search).get('lang')) ?? languageOrNull(siteLanguage) ?? DEFAULT_LANGUAGE;
}

/** The URL parameter that picks the language; it rides along on in-app links and the kiosk rotation. */
export const LANGUAGE_PARAM = 'lang';

/** `path` with the `?lang=` of `search`, if it has one: in-app links keep the language a screen was opened in. */
export function withLanguageOf(search: string, path: string): string {
  const chosen = new URLSearchParams(search).get(LANGUAGE_PARAM);
  return chosen === null ? path : `${path}?${new URLSearchParams({ [LANGUAGE_PARAM]: chosen }).toString()}`;
}
