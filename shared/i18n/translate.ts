/**
 * Message catalogues and the one function that reads them (client pages and
 * server notifications alike). A message is a string with `{name}` slots, or,
 * for a count, one string per plural category of the language
 * (Intl.PluralRules: English one/other, Russian one/few/many/other), chosen by
 * the `count` parameter. Numbers put in slots are formatted for the locale
 * ("1 234,5" in Russian).
 */

export interface EnglishPlural {
  one: string;
  other: string;
}

/** 1, 21 звонок; 2-4, 22 звонка; 5-20, 25 звонков; 1,5 звонка */
export interface RussianPlural {
  one: string;
  few: string;
  many: string;
  other: string;
}

export type Message = string | EnglishPlural | RussianPlural;
export type MessageParams = Readonly<Record<string, string | number>>;

/**
 * The shape another language's catalogue must have, given the English one:
 * every key (a missing or an extra key fails to compile), a string where
 * English has a string, `Plural` where English has plural forms.
 */
export type CatalogueLike<English extends Record<string, Message>, Plural> = {
  readonly [K in keyof English]: English[K] extends string ? string : Plural;
};

export type Translate<K extends string> = (key: K, params?: MessageParams) => string;

const SLOT = /\{(\w+)\}/g;

export function createTranslator<K extends string>(catalogue: Readonly<Record<K, Message>>, locale: string): Translate<K> {
  const plurals = new Intl.PluralRules(locale);
  const numbers = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  return (key, params = {}) => {
    const message: Message = catalogue[key];
    const text = typeof message === 'string' ? message : pluralForm(message, plurals.select(Number(params.count ?? 0)));
    return text.replace(SLOT, (slot, name: string) => {
      const value = params[name];
      if (value === undefined) return slot;
      return typeof value === 'number' ? numbers.format(value) : value;
    });
  };
}

function pluralForm(forms: EnglishPlural | RussianPlural, category: Intl.LDMLPluralRule): string {
  return (forms as unknown as Partial<Record<Intl.LDMLPluralRule, string>>)[category] ?? forms.other;
}
