import { ENGLISH_PROBLEMS } from '../../shared/i18n/problem-catalogue';
import { describeIssues, itemLabel, loadSettingsFile, type Checked, type ItemList } from '../settings/settings-document';
import { alertRulesDocumentSchema, alertsFileSchema, type AlertChannel, type AlertRulesDocument, type AlertsFile } from '../../shared/alerts';

/**
 * Reading and checking alert rules, from ALERTS_FILE at start and from the
 * admin page's saves: the same schema, and problems that name the rule (by
 * its id when it has one) and the field.
 */

export const DEFAULT_ALERTS_FILE = 'config/alerts.json';

export type { Checked };

const RULES: ItemList = { key: 'rules', word: 'problem.word.rule', idKey: 'id' };

/** Checks a rules document against the channels it may notify; `language`: the words of the problems (the admin page's). */
export function checkRulesDocument(
  input: unknown,
  channels: Readonly<Record<string, AlertChannel>>,
  language = ENGLISH_PROBLEMS,
): Checked<AlertRulesDocument> {
  const parsed = alertRulesDocumentSchema.safeParse(input, { error: language.zodErrors });
  if (!parsed.success) return { ok: false, problems: describeIssues(parsed.error.issues, input, RULES, language) };
  const problems = crossCheck(parsed.data, channels, language);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: parsed.data };
}

/** Checks the content of an alerts file. */
export function checkAlertsFile(input: unknown): Checked<AlertsFile> {
  const parsed = alertsFileSchema.safeParse(input);
  if (!parsed.success) return { ok: false, problems: describeIssues(parsed.error.issues, input, RULES) };
  const problems = crossCheck({ quietHours: parsed.data.quietHours ?? null, rules: parsed.data.rules }, parsed.data.channels);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: parsed.data };
}

/**
 * Reads the alerts file; throws naming the file and every problem. The
 * default file may be missing (no alerts); a file named in ALERTS_FILE must exist.
 */
export function loadAlertsFile(file: string): AlertsFile {
  return loadSettingsFile('ALERTS_FILE', file, DEFAULT_ALERTS_FILE, () => alertsFileSchema.parse({}), checkAlertsFile);
}

function crossCheck(document: AlertRulesDocument, channels: Readonly<Record<string, AlertChannel>>, language = ENGLISH_PROBLEMS): string[] {
  const { t } = language;
  const problems: string[] = [];
  const seen = new Set<string>();
  document.rules.forEach((rule, index) => {
    const where = itemLabel(document, RULES, index, language);
    if (seen.has(rule.id)) problems.push(`${where}: id: ${t('problem.rule.duplicate')}`);
    seen.add(rule.id);
    rule.notify.forEach((name, at) => {
      if (!Object.hasOwn(channels, name)) {
        const known = Object.keys(channels);
        problems.push(`${where}: notify.${at}: ${t('problem.rule.unknownChannel', { name, known: known.length > 0 ? known.join(', ') : t('problem.none') })}`);
      }
    });
  });
  return problems;
}
