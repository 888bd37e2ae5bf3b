import { describe, expect, it } from 'vitest';
import { ALERT_EN, ALERT_RU } from '../../../shared/i18n/alert-catalogue';
import { LOCALE_OF } from '../../../shared/i18n/languages';
import { createTranslator, type Message } from '../../../shared/i18n/translate';
import { languageInEffect, withLanguageOf } from '../../../client/src/i18n/language-choice';
import { EN } from '../../../client/src/i18n/messages-en';
import { RU } from '../../../client/src/i18n/messages-ru';
import { withSiteLanguage } from '../../../server/http/client-page';
import { kioskOptions, nextStopHref } from '../../../client/src/kiosk/kiosk-options';

/** The plural categories a language's numbers fall into, as Intl says (en: one, other; ru: one, few, many, other). */
const categoriesOf = (locale: string): string[] => [...new Intl.PluralRules(locale).resolvedOptions().pluralCategories].sort();
const SLOT = /\{(\w+)\}/g;
const slotsOf = (message: Message): string[] => [...new Set(Object.values(typeof message === 'string' ? { s: message } : message).flatMap((text) => [...text.matchAll(SLOT)].map((m) => m[1]!)))].sort();

describe.each([
  ['pages', EN as Record<string, Message>, RU as Record<string, Message>],
  ['alert notifications', ALERT_EN as Record<string, Message>, ALERT_RU as Record<string, Message>],
])('the %s catalogues', (_name, en, ru) => {
  it('have the same keys in English and Russian', () => {
    const onlyEnglish = Object.keys(en).filter((key) => !(key in ru));
    const onlyRussian = Object.keys(ru).filter((key) => !(key in en));
    expect({ onlyEnglish, onlyRussian }).toEqual({ onlyEnglish: [], onlyRussian: [] });
  });

  it('give every plural message each form its language needs, and no string is empty', () => {
    for (const [catalogue, locale] of [[en, LOCALE_OF.en], [ru, LOCALE_OF.ru]] as const) {
      for (const [key, message] of Object.entries(catalogue)) {
        if (typeof message === 'string') expect(message.trim(), key).not.toBe('');
        else expect(Object.keys(message).sort(), key).toEqual(categoriesOf(locale));
      }
    }
  });

  it('use the same {slots} in both languages', () => {
    for (const key of Object.keys(en)) expect(slotsOf(ru[key]!), key).toEqual(slotsOf(en[key]!));
  });
});

describe('Russian plural forms', () => {
  const t = createTranslator(RU, LOCALE_OF.ru);
  const calls = (count: number) => t('common.calls', { count });

  it('say 1 звонок, 2 звонка, 5 звонков, 21 звонок, 11 звонков, 1,5 звонка', () => {
    expect([1, 2, 5, 21, 11, 22, 25, 0].map(calls)).toEqual([
      '1 звонок',
      '2 звонка',
      '5 звонков',
      '21 звонок',
      '11 звонков',
      '22 звонка',
      '25 звонков',
      '0 звонков',
    ]);
    expect(calls(1.5)).toBe('1,5 звонка');
  });

  it('write numbers in slots the Russian way: a space between thousands', () => {
    expect(calls(1234).replace(/\s/g, ' ')).toBe('1 234 звонка');
  });

  it('and English has one and other', () => {
    const en = createTranslator(EN, LOCALE_OF.en);
    expect([1, 2, 1234].map((count) => en('common.calls', { count }))).toEqual(['1 call', '2 calls', '1,234 calls']);
  });
});

describe('the language a page speaks', () => {
  it('is ?lang= when it names one of ours, else the site language, else English', () => {
    expect(languageInEffect('?lang=ru', 'en')).toBe('ru');
    expect(languageInEffect('?board=sales&lang=EN', 'ru')).toBe('en');
    expect(languageInEffect('?lang=de', 'ru')).toBe('ru');
    expect(languageInEffect('', 'ru')).toBe('ru');
    expect(languageInEffect('', undefined)).toBe('en');
    expect(languageInEffect('', 'klingon')).toBe('en');
  });

  it('rides along on in-app links', () => {
    expect(withLanguageOf('?lang=ru&board=x', '/day')).toBe('/day?lang=ru');
    expect(withLanguageOf('?board=x', '/day')).toBe('/day');
  });

  it('rides along on the kiosk rotation', () => {
    const search = '?kiosk=1&rotate=sales,day&every=30&lang=ru';
    const { rotation } = kioskOptions(search);
    expect(nextStopHref(rotation!.stops, '/board/sales', search)).toBe('/day?kiosk=1&rotate=sales%2Cday&every=30&lang=ru');
    // a team board's own URL, /board/<name>, keeps the language too
    expect(nextStopHref(rotation!.stops, '/day', search)).toBe('/board/sales?kiosk=1&rotate=sales%2Cday&every=30&lang=ru');
  });

  it('is written into the served page by the server', () => {
    const html = '<!doctype html>\n<html lang="en">\n<head></head></html>';
    expect(withSiteLanguage(html, 'ru')).toBe('<!doctype html>\n<html lang="ru" data-site-lang="ru">\n<head></head></html>');
  });
});
