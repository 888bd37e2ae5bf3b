import express from 'express';
import type { AlertRulesDocument } from '../../shared/alerts';
import type { ApiProblem } from '../../shared/api-error';
import { problemLanguage } from '../../shared/i18n/problem-catalogue';
import { sendApiError } from '../http/api-error-response';
import { requestLanguage } from '../http/request-language';
import { isDatabaseUnreachable } from '../history/database-failure';
import { problemPath } from '../settings/settings-document';
import { checkRulesDocument } from './alert-config';
import type { AlertRuleBook } from './alert-rule-book';

export interface AlertAdminRoutesOptions {
  book: AlertRuleBook;
  /** keeps saved rules for every node and the next start; null without history (then they last until the restart) */
  save: ((document: AlertRulesDocument) => Promise<void>) | null;
}

/**
 * The admin page's alert rules: GET the rules in force (and the channels by
 * name and type), PUT new ones (checked as the file is; 400 naming each rule
 * and field at fault). Admins only, once access control is in (issue 9).
 */
export function alertAdminRouter(options: AlertAdminRoutesOptions): express.Router {
  const router = express.Router();
  const { book } = options;

  router.get('/api/alerts/rules', (_req, res) => {
    res.set('Cache-Control', 'no-store').json(book.reply());
  });

  router.put('/api/alerts/rules', express.json({ limit: '256kb' }), async (req, res, next) => {
    const checked = checkRulesDocument(req.body, book.channels, problemLanguage(requestLanguage(req)));
    if (!checked.ok) {
      sendApiError(res, 400, checked.problems.map((message): ApiProblem => ({ path: problemPath(message), message })));
      return;
    }
    try {
      await options.save?.(checked.value);
    } catch (error) {
      if (!isDatabaseUnreachable(error)) return next(error);
      sendApiError(res, 503, 'history database unavailable: the rules were not saved');
      return;
    }
    book.use(checked.value);
    res.json(book.reply());
  });

  return router;
}
