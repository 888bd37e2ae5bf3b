import { useEffect, useState } from 'react';
import { alertRulesReplySchema, type AlertRulesReply } from '../../../shared/alerts';
import { send } from '../auth/session';
import { readApiReply } from './shared/api-reply';
import { DeskHeader } from './shared/desk-header';
import { RefusedNotice } from './shared/notice';
import { Panel } from './shared/panel';
import { useSiteInfo } from './shared/use-site-info';
import './desk-pages.css';
import { t } from '../i18n/i18n';

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
      setStatus({ kind: 'refused', problems: [t('alertRules.notJson', { error: (error as Error).message })] });
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
        title={t('alertRules.title')}
        lead={t('alertRules.lead')}
        site={site}
        timeZone={site?.timeZone ?? null}
      />
      {reply !== null && (
        <Panel id="alert-rules-title" title={t(reply.source === 'saved' ? 'alertRules.countSaved' : 'alertRules.countFile', { count: reply.rules.length })}
          lead={t('alertRules.channelsLead', {
            channels: reply.channels.map((c) => `${c.name} (${c.type})`).join(', ') || t('alertRules.noChannels'),
            quiet: reply.quietHours ? `${reply.quietHours.from}-${reply.quietHours.to}` : t('alertRules.noQuiet'),
          })}
        >
          <div className="table-scroll">
            <table className="table" data-testid="alert-rules-table">
              <thead>
                <tr>
                  <th>{t('alerts.rule')}</th>
                  <th>{t('alerts.queue')}</th>
                  <th>{t('alerts.figure')}</th>
                  <th>{t('alertRules.fires')}</th>
                  <th className="table__num">{t('alertRules.hold')}</th>
                  <th className="table__num">{t('alertRules.repeat')}</th>
                  <th>{t('alertRules.channels')}</th>
                </tr>
              </thead>
              <tbody>
                {reply.rules.map((rule) => (
                  <tr key={rule.id}>
                    <td className="table__strong">{rule.id}</td>
                    <td>{rule.queue ?? t('alert.where.site')}</td>
                    <td>{t(`alert.metric.${rule.metric}`)}</td>
                    <td>{rule.above !== undefined ? `${t('alert.direction.above')} ${rule.above}` : `${t('alert.direction.below')} ${rule.below}`}</td>
                    <td className="table__num">{rule.forSec}</td>
                    <td className="table__num">{rule.repeatSec || t('alertRules.once')}</td>
                    <td>{[...rule.notify, ...(rule.sound ? [t('alertRules.sound')] : [])].join(', ') || t('alerts.boardOnly')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </Panel>
      )}
      <Panel
        id="alert-rules-editor"
        title={t('alertRules.edit')}
        lead={t('alertRules.editLead')}
      >
        <textarea
          className="field__input rules-editor"
          data-testid="alert-rules-editor"
          aria-label={t('alertRules.asJson')}
          spellCheck={false}
          rows={20}
          value={text}
          onChange={(event) => setText(event.target.value)}
        />
        <div className="toolbar">
          <button type="button" className="button" data-testid="alert-rules-save" disabled={status.kind === 'saving'} onClick={() => void save()}>
            {t('alertRules.save')}
          </button>
          {status.kind === 'saved' && <span data-testid="alert-rules-saved">{t('alertRules.saved')}</span>}
        </div>
        {status.kind === 'refused' && (
          <RefusedNotice testId="alert-rules-problems" title={t('alertRules.notSaved')} problems={status.problems} />
        )}
      </Panel>
    </main>
  );
}
