import { useEffect, useState } from 'react';
import { ALERT_METRIC_WORDS, alertRulesReplySchema, type AlertRulesReply } from '../../../shared/alerts';
import { send } from '../auth/session';
import { readApiReply } from './shared/api-reply';
import { DeskHeader } from './shared/desk-header';
import { Notice } from './shared/notice';
import { Panel } from './shared/panel';
import { useSiteInfo } from './shared/use-site-info';
import './desk-pages.css';

type Status = { kind: 'idle' } | { kind: 'saving' } | { kind: 'saved' } | { kind: 'refused'; problems: string[] };

/** The rules and quiet hours as the editor shows them: what PUT /api/alerts/rules takes. */
function editable(reply: AlertRulesReply): string {
  return JSON.stringify({ quietHours: reply.quietHours, rules: reply.rules }, null, 2);
}

function readReply(response: Response) {
  return readApiReply(response, alertRulesReplySchema);
}

/**
 * The admin page of alert rules: the rules in force as JSON (the file's
 * format), checked by the server on save. Channels are set in ALERTS_FILE
 * only (they hold secrets); this page lists them by name.
 */
export function AlertRulesPage() {
  const site = useSiteInfo();
  const [reply, setReply] = useState<AlertRulesReply | null>(null);
  const [text, setText] = useState('');
  const [status, setStatus] = useState<Status>({ kind: 'idle' });

  useEffect(() => {
    void fetch('/api/alerts/rules')
      .then(readReply)
      .then((answer) => {
        if (answer.ok) {
          setReply(answer.reply);
          setText(editable(answer.reply));
        } else setStatus({ kind: 'refused', problems: answer.problems });
      });
  }, []);

  const save = async (): Promise<void> => {
    let document: unknown;
    try {
      document = JSON.parse(text);
    } catch (error) {
      setStatus({ kind: 'refused', problems: [`not JSON: ${(error as Error).message}`] });
      return;
    }
    setStatus({ kind: 'saving' });
    const answer = await readReply(await send('PUT', '/api/alerts/rules', document));
    if (!answer.ok) return setStatus({ kind: 'refused', problems: answer.problems });
    setReply(answer.reply);
    setText(editable(answer.reply));
    setStatus({ kind: 'saved' });
  };

  return (
    <main className="desk-page" data-testid="alert-rules-page">
      <DeskHeader
        title="Alert rules"
        lead="When a figure of a queue or of the site crosses its threshold for long enough, the board flashes and the rule's channels are told, again every repeat interval, and once more when it is back. Saved rules replace ALERTS_FILE's on every node within seconds and are kept in the database."
        site={site}
        timeZone={site?.timeZone ?? null}
      />
      {reply !== null && (
        <Panel id="alert-rules-title" title={`${reply.rules.length} rules, from ${reply.source === 'saved' ? 'the last save here' : 'ALERTS_FILE'}`} lead={`Channels (set in ALERTS_FILE): ${reply.channels.map((c) => `${c.name} (${c.type})`).join(', ') || 'none: rules show on the board only'}. Quiet hours (no one notified, site time): ${reply.quietHours ? `${reply.quietHours.from}-${reply.quietHours.to}` : 'none'}.`}>
          <div className="table-scroll">
            <table className="table" data-testid="alert-rules-table">
              <thead>
                <tr>
                  <th>Rule</th>
                  <th>Queue</th>
                  <th>Figure</th>
                  <th>Fires</th>
                  <th className="table__num">Hold (s)</th>
                  <th className="table__num">Repeat (s)</th>
                  <th>Channels</th>
                </tr>
              </thead>
              <tbody>
                {reply.rules.map((rule) => (
                  <tr key={rule.id}>
                    <td className="table__strong">{rule.id}</td>
                    <td>{rule.queue ?? 'site'}</td>
                    <td>{ALERT_METRIC_WORDS[rule.metric]}</td>
                    <td>{rule.above !== undefined ? `above ${rule.above}` : `below ${rule.below}`}</td>
                    <td className="table__num">{rule.forSec}</td>
                    <td className="table__num">{rule.repeatSec || 'once'}</td>
                    <td>{[...rule.notify, ...(rule.sound ? ['sound'] : [])].join(', ') || 'board only'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </Panel>
      )}
      <Panel
        id="alert-rules-editor"
        title="Edit"
        lead='Each rule: id, queue (leave out for the whole site), metric, "above" or "below", optional clearAt (where it resolves; default 10% back), forSec, repeatSec, notify (channel names), sound, quietHours ({"from": "22:00", "to": "07:00"}, or null for never quiet). See the README.'
      >
        <textarea
          className="field__input rules-editor"
          data-testid="alert-rules-editor"
          aria-label="Alert rules as JSON"
          spellCheck={false}
          rows={20}
          value={text}
          onChange={(event) => setText(event.target.value)}
        />
        <div className="toolbar">
          <button type="button" className="button" data-testid="alert-rules-save" disabled={status.kind === 'saving'} onClick={() => void save()}>
            Save
          </button>
          {status.kind === 'saved' && <span data-testid="alert-rules-saved">Saved.</span>}
        </div>
        {status.kind === 'refused' && (
          <Notice tone="error" testId="alert-rules-problems" title="Not saved:">
            <ul>
              {status.problems.map((problem) => (
                <li key={problem}>{problem}</li>
              ))}
            </ul>
          </Notice>
        )}
      </Panel>
    </main>
  );
}
