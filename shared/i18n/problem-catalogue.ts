import { z } from 'zod';
import { LOCALE_OF, type Language } from './languages';
import { createTranslator, type CatalogueLike, type Translate } from './translate';

/**
 * The words of a refused settings save (alert rules, team boards), in both
 * languages: the admin pages show the server's problems as they come, so the
 * server writes them in the language of the page that asked (its
 * Accept-Language). Files read at start and the logs stay in English.
 */
export const PROBLEM_EN = {
  'problem.document': '(the document)',
  'problem.whole': '(the {word})',
  'problem.item': '{word} "{id}" ({at})',
  'problem.itemWithoutId': '{word} ({at})',
  'problem.word.board': 'board',
  'problem.word.rule': 'rule',
  'problem.none': 'none',
  'problem.board.builtIn': '"{name}" is built in and shows everything; pick another name',
  'problem.board.duplicate': 'another board has this name',
  'problem.board.unknownQueue': 'no queue "{queue}" (queues: {known})',
  'problem.rule.duplicate': 'another rule has this id',
  'problem.rule.unknownChannel': 'no channel "{name}" (channels: {known})',
  // messages the shared schemas set themselves: they are these English texts, translated back by text
  'problem.rule.oneBound': 'give exactly one of "above" and "below"',
  'problem.rule.resolveNotAbove': 'must not be above "above" (it is where the alert resolves)',
  'problem.rule.resolveNotBelow': 'must not be below "below" (it is where the alert resolves)',
  'problem.rule.siteWide': 'the metric is a site-wide figure: leave "queue" out',
  'problem.httpUrl': 'expected an http(s) URL',
  'problem.board.nameCharacters': 'board names are letters, digits, - and _',
} as const;

export type ProblemKey = keyof typeof PROBLEM_EN;

const PROBLEM_RU: CatalogueLike<typeof PROBLEM_EN, never> = {
  'problem.document': '(документ)',
  'problem.whole': '({word})',
  'problem.item': '{word} «{id}» ({at})',
  'problem.itemWithoutId': '{word} ({at})',
  'problem.word.board': 'табло',
  'problem.word.rule': 'правило',
  'problem.none': 'нет',
  'problem.board.builtIn': '«{name}» — встроенное табло, оно показывает всё; выберите другое имя',
  'problem.board.duplicate': 'табло с таким именем уже есть',
  'problem.board.unknownQueue': 'нет очереди «{queue}» (очереди: {known})',
  'problem.rule.duplicate': 'правило с таким id уже есть',
  'problem.rule.unknownChannel': 'нет канала «{name}» (каналы: {known})',
  'problem.rule.oneBound': 'укажите ровно одно из «above» и «below»',
  'problem.rule.resolveNotAbove': 'не может быть выше «above» (на этом значении тревога снимается)',
  'problem.rule.resolveNotBelow': 'не может быть ниже «below» (на этом значении тревога снимается)',
  'problem.rule.siteWide': 'показатель относится ко всей площадке: уберите «queue»',
  'problem.httpUrl': 'ожидается адрес http(s)',
  'problem.board.nameCharacters': 'имя табло — латинские буквы, цифры, - и _',
};

/** How a settings check speaks: its words, and zod's own messages in the same language. */
export interface ProblemLanguage {
  t: Translate<ProblemKey>;
  /** for safeParse's per-parse `error`: zod's default messages in this language */
  zodErrors: z.core.$ZodErrorMap;
  /** a message a schema set itself (one of PROBLEM_EN's texts) in this language; others as they are */
  schemaMessage: (message: string) => string;
}

const KEY_OF_ENGLISH = new Map<string, ProblemKey>(Object.entries(PROBLEM_EN).map(([key, text]) => [text, key as ProblemKey]));

function buildProblemLanguage(language: Language): ProblemLanguage {
  const t = createTranslator<ProblemKey>(language === 'ru' ? PROBLEM_RU : PROBLEM_EN, LOCALE_OF[language]);
  return {
    t,
    zodErrors: (language === 'ru' ? z.locales.ru() : z.locales.en()).localeError,
    schemaMessage: (message) => {
      const key = KEY_OF_ENGLISH.get(message);
      return key === undefined ? message : t(key);
    },
  };
}

// built once per language: a request only picks one (its translator holds Intl objects)
const PROBLEM_LANGUAGES: Readonly<Record<Language, ProblemLanguage>> = { en: buildProblemLanguage('en'), ru: buildProblemLanguage('ru') };

export function problemLanguage(language: Language): ProblemLanguage {
  return PROBLEM_LANGUAGES[language];
}

export const ENGLISH_PROBLEMS = PROBLEM_LANGUAGES.en;
