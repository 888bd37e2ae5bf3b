import type { Request } from 'express';
import { DEFAULT_LANGUAGE, languageOrNull, type Language } from '../../shared/i18n/languages';

/** Longer headers and further entries are not read: no browser sends them, and parsing stays bounded. */
const MAX_HEADER_CHARS = 512;
const MAX_ENTRIES = 16;

/**
 * The language a request asks its answer's words in: the best-rated language
 * of Accept-Language we speak (`ru-RU,ru;q=0.9,en;q=0.8` is Russian), else
 * English. The pages send their own language in it (client/src/auth/session.ts),
 * so a Russian page gets Russian problems whatever the browser's own setting.
 */
export function requestLanguage(req: Pick<Request, 'get'>): Language {
  const header = req.get('accept-language')?.slice(0, MAX_HEADER_CHARS) ?? '';
  const entries = header
    .split(',')
    .slice(0, MAX_ENTRIES)
    .map((entry, order) => {
      const [tag = '', ...params] = entry.split(';');
      const q = params.map((p) => /^\s*q=([01](?:\.\d{0,3})?)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
      return { language: languageOrNull(tag.split('-')[0]), quality: q === undefined ? 1 : Number(q), order };
    })
    .filter((entry): entry is { language: Language; quality: number; order: number } => entry.language !== null && entry.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.order - b.order);
  return entries[0]?.language ?? DEFAULT_LANGUAGE;
}
