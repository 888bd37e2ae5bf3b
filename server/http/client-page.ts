import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Response } from 'express';
import type { Language } from '../../shared/i18n/languages';

/**
 * The client's index.html, with the site's language (SITE_LANG) written into
 * its `<html>` element: `<html lang="ru" data-site-lang="ru">`. The client
 * reads it before its first render, so even the sign-in form, shown before any
 * API answers, is in the site's language, and a screen reader hears the right
 * language from the first byte. Read per request: a deploy replaces the file
 * under a running server (kiosk TVs reload for it).
 */
export interface ClientPage {
  /** false before `vite build` */
  exists(): boolean;
  send(res: Response, status?: number, cacheControl?: string): void;
}

const HTML_TAG = /<html\b[^>]*>/i;

/** index.html's text for `language`: whatever `lang` the build wrote is replaced. */
export function withSiteLanguage(html: string, language: Language): string {
  return html.replace(HTML_TAG, `<html lang="${language}" data-site-lang="${language}">`);
}

export function clientPage(clientDir: string, language: Language): ClientPage {
  const file = path.join(clientDir, 'index.html');
  return {
    exists: () => existsSync(file),
    send(res, status = 200, cacheControl = 'no-cache') {
      readFile(file, 'utf8').then(
        (html) => res.status(status).set('Cache-Control', cacheControl).type('html').send(withSiteLanguage(html, language)),
        (error: unknown) => res.status(500).type('text').send(`the board page could not be read: ${(error as Error).message}`),
      );
    },
  };
}
