import { LOCALE_OF, type Language } from '../../../shared/i18n/languages';
import { createTranslator, type MessageParams } from '../../../shared/i18n/translate';
import { languageInEffect } from './language-choice';
import { EN, type MessageKey } from './messages-en';
import { RU } from './messages-ru';

/**
 * The page's language, decided once at load (a different `?lang=` is a
 * different page load: in-app navigation carries the parameter along), and
 * `t`, the one way a component gets its words:
 *
 *   t('board.waiting')                       → "Waiting" / "Ожидают"
 *   t('agents.loggedIn', { count: 21 })      → "21 logged in" / "21 в сети"
 *
 * Outside a browser (unit tests of pure modules) it is English.
 */
function pageLanguage(): Language {
  if (typeof window === 'undefined' || typeof document === 'undefined') return 'en';
  const language = languageInEffect(window.location.search, document.documentElement.dataset.siteLang);
  document.documentElement.lang = language;
  return language;
}

export const language: Language = pageLanguage();
/** for Intl: numbers, dates, plural rules, sorting */
export const locale: string = LOCALE_OF[language];

const translate = createTranslator<MessageKey>(language === 'ru' ? RU : EN, locale);

export function t(key: MessageKey, params?: MessageParams): string {
  return translate(key, params);
}

export type { MessageKey };
