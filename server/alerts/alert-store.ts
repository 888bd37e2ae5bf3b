import type { AlertHistoryReply, AlertNotice, AlertRulesDocument } from '../../shared/alerts';
import type { Queryable } from '../history/history-queries';
import { readSavedDocument, saveDocument } from '../settings/settings-document';

/** Alert history and the admin page's rules in Postgres (migration 7). */

export async function insertAlertNotice(db: Queryable, site: string, notice: AlertNotice, channels: readonly string[]): Promise<void> {
  await db.query(
    `INSERT INTO alert_history (site, rule_id, queue_id, metric, state, repeat, value, threshold, at, since, channels)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [site, notice.ruleId, notice.queue, notice.metric, notice.state, notice.repeat, notice.value, notice.threshold, notice.at, notice.since, channels],
  );
}

/** Notifications of [fromMs, toMs), oldest first. */
export async function readAlertNotices(db: Queryable, site: string, fromMs: number, toMs: number): Promise<AlertHistoryReply['notices']> {
  const { rows } = await db.query<{
    rule_id: string;
    queue_id: string | null;
    metric: AlertNotice['metric'];
    state: AlertNotice['state'];
    repeat: boolean;
    value: number;
    threshold: number;
    at: Date;
    since: Date;
    channels: string[];
  }>(
    `SELECT rule_id, queue_id, metric, state, repeat, value, threshold, at, since, channels
     FROM alert_history WHERE site = $1 AND at >= $2 AND at < $3 ORDER BY at, id LIMIT 5000`,
    [site, new Date(fromMs), new Date(toMs)],
  );
  return rows.map((row) => ({
    ruleId: row.rule_id,
    queue: row.queue_id,
    metric: row.metric,
    state: row.state,
    repeat: row.repeat,
    value: row.value,
    threshold: row.threshold,
    at: row.at.toISOString(),
    since: row.since.toISOString(),
    channels: row.channels,
  }));
}

/** The rules saved on the admin page; null when none were (the file's apply). Checked again by the caller. */
export function readSavedAlertRules(db: Queryable, site: string): Promise<{ document: unknown; savedAt: number } | null> {
  return readSavedDocument(db, 'alert_rules', site);
}

export function saveAlertRules(db: Queryable, site: string, document: AlertRulesDocument): Promise<void> {
  return saveDocument(db, 'alert_rules', site, document);
}
