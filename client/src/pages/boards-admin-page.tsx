import { useEffect, useState } from 'react';
import { ALL_PANELS, boardsReplySchema, MAIN_BOARD, type BoardDefinition, type BoardPanels, type BoardsReply } from '../../../shared/boards';
import { supportLineSchema } from '../../../shared/ticket-snapshot';
import { send } from '../auth/session';
import { boardHref } from '../board-name';
import { readApiReply } from './shared/api-reply';
import { DeskHeader } from './shared/desk-header';
import { RefusedNotice } from './shared/notice';
import { Panel } from './shared/panel';
import { useSiteInfo } from './shared/use-site-info';
import './desk-pages.css';
import { t, type MessageKey } from '../i18n/i18n';

type Status = { kind: 'idle' } | { kind: 'saving' } | { kind: 'saved'; what: string } | { kind: 'refused'; problems: string[] };

const PANEL_WORDS: Record<Exclude<keyof BoardPanels, 'ticketLines'>, MessageKey> = {
  tiles: 'boards.panel.tiles',
  agents: 'boards.panel.agents',
  tickets: 'boards.panel.tickets',
  alerts: 'boards.panel.alerts',
};
const LINES = supportLineSchema.options;

const EMPTY: BoardDefinition = { name: '', title: '', queues: [], panels: ALL_PANELS };

function readReply(response: Response) {
  return readApiReply(response, boardsReplySchema);
}

function panelsLine(panels: BoardPanels): string {
  const shown = (Object.keys(PANEL_WORDS) as (keyof typeof PANEL_WORDS)[]).filter((panel) => panels[panel]).map((panel) => t(PANEL_WORDS[panel]));
  const lines = panels.tickets && panels.ticketLines.length > 0 ? t('boards.lines', { lines: panels.ticketLines.join(', ') }) : '';
  return `${shown.join(', ') || t('boards.noPanels')}${lines}`;
}

/** Adds or takes out `item`: the checkboxes of queues and lines. */
function toggled<T>(list: readonly T[], item: T, on: boolean): T[] {
  return on ? [...list.filter((x) => x !== item), item] : list.filter((x) => x !== item);
}

/**
 * The admin page of team boards: each board's queues and panels, a form to
 * create or edit one, and delete. Saved boards replace BOARDS_FILE's on every
 * node within seconds, and open boards change at once.
 */
export function BoardsAdminPage() {
  const site = useSiteInfo();
  const [reply, setReply] = useState<BoardsReply | null>(null);
  const [draft, setDraft] = useState<BoardDefinition>(EMPTY);
  const [editing, setEditing] = useState(false);
  const [status, setStatus] = useState<Status>({ kind: 'idle' });

  useEffect(() => {
    void fetch('/api/boards')
      .then(readReply)
      .then((answer) => (answer.ok ? setReply(answer.reply) : setStatus({ kind: 'refused', problems: answer.problems })));
  }, []);

  const act = async (what: string, request: Promise<Response>): Promise<boolean> => {
    setStatus({ kind: 'saving' });
    const answer = await readReply(await request);
    if (!answer.ok) {
      setStatus({ kind: 'refused', problems: answer.problems });
      return false;
    }
    setReply(answer.reply);
    setStatus({ kind: 'saved', what });
    return true;
  };
  const save = async (): Promise<void> => {
    const { name, ...body } = draft;
    if (await act(t('boards.saved', { name }), send('PUT', `/api/boards/${encodeURIComponent(name)}`, body))) {
      setDraft(EMPTY);
      setEditing(false);
    }
  };
  const remove = (name: string): void => void act(t('boards.deleted', { name }), send('DELETE', `/api/boards/${encodeURIComponent(name)}`));
  const setPanels = (panels: Partial<BoardPanels>): void => setDraft({ ...draft, panels: { ...draft.panels, ...panels } });
  const queueName = (id: string): string => reply?.queues.find((queue) => queue.id === id)?.name ?? id;

  return (
    <main className="desk-page" data-testid="boards-admin-page">
      <DeskHeader
        title={t('boards.title')}
        lead={t('boards.lead')}
        site={site}
        timeZone={site?.timeZone ?? null}
      />
      {reply !== null && (
        <Panel id="boards-title" title={t(reply.source === 'saved' ? 'boards.countSaved' : 'boards.countFile', { count: reply.boards.length })}
          lead={t('boards.listLead')}
        >
          <div className="table-scroll">
            <table className="table table--cards" data-testid="boards-table">
              <thead>
                <tr>
                  <th>{t('boards.board')}</th>
                  <th>{t('boards.boardTitle')}</th>
                  <th>{t('boards.queues')}</th>
                  <th>{t('boards.panels')}</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {reply.boards.map((board) => (
                  <tr key={board.name} data-board={board.name}>
                    <td className="table__strong">
                      <a href={boardHref(board.name, new URLSearchParams())}>{board.name}</a>
                    </td>
                    <td data-label={t('boards.boardTitle')}>{board.title}</td>
                    <td data-label={t('boards.queues')}>{board.queues.length === 0 ? t('boards.allQueues') : board.queues.map(queueName).join(', ')}</td>
                    <td data-label={t('boards.panels')}>{panelsLine(board.panels)}</td>
                    <td className="table__actions">
                      {board.name !== MAIN_BOARD && (
                        <div className="boards__actions">
                          <button
                            type="button"
                            className="button button--quiet"
                            onClick={() => {
                              setDraft(board);
                              setEditing(true);
                            }}
                          >
                            {t('boards.edit')}
                          </button>
                          <button type="button" className="button button--quiet" data-testid={`board-delete-${board.name}`} onClick={() => remove(board.name)}>
                            {t('boards.delete')}
                          </button>
                        </div>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </Panel>
      )}
      <Panel id="board-editor" title={editing ? t('boards.editing', { name: draft.name }) : t('boards.new')} lead={t('boards.editorLead')}>
        <div className="toolbar board-form" data-testid="board-form">
          <label className="field">
            <span className="field__label">{t('boards.name')}</span>
            <input
              className="field__input"
              data-testid="board-name"
              value={draft.name}
              disabled={editing}
              placeholder="sales"
              onChange={(event) => setDraft({ ...draft, name: event.target.value.trim() })}
            />
          </label>
          <label className="field">
            <span className="field__label">{t('boards.boardTitle')}</span>
            <input className="field__input" data-testid="board-title" value={draft.title} placeholder={t('boards.titlePlaceholder')} onChange={(event) => setDraft({ ...draft, title: event.target.value })} />
          </label>
          <fieldset className="field board-form__group">
            <legend className="field__label">{t('boards.queues')}</legend>
            {(reply?.queues ?? []).map((queue) => (
              <label key={queue.id} className="board-form__check">
                <input
                  type="checkbox"
                  data-testid={`board-queue-${queue.id}`}
                  checked={draft.queues.includes(queue.id)}
                  onChange={(event) => setDraft({ ...draft, queues: toggled(draft.queues, queue.id, event.target.checked) })}
                />
                {queue.name}
              </label>
            ))}
          </fieldset>
          <fieldset className="field board-form__group">
            <legend className="field__label">{t('boards.panels')}</legend>
            {(Object.keys(PANEL_WORDS) as (keyof typeof PANEL_WORDS)[]).map((panel) => (
              <label key={panel} className="board-form__check">
                <input type="checkbox" data-testid={`board-panel-${panel}`} checked={draft.panels[panel]} onChange={(event) => setPanels({ [panel]: event.target.checked })} />
                {t(PANEL_WORDS[panel])}
              </label>
            ))}
          </fieldset>
          <fieldset className="field board-form__group" disabled={!draft.panels.tickets}>
            <legend className="field__label">{t('boards.ticketLines')}</legend>
            {LINES.map((line) => (
              <label key={line} className="board-form__check">
                <input
                  type="checkbox"
                  data-testid={`board-line-${line}`}
                  checked={draft.panels.ticketLines.includes(line)}
                  onChange={(event) => setPanels({ ticketLines: toggled(draft.panels.ticketLines, line, event.target.checked) })}
                />
                {line}
              </label>
            ))}
          </fieldset>
          <div className="toolbar__end">
            {editing && (
              <button
                type="button"
                className="button button--quiet"
                onClick={() => {
                  setDraft(EMPTY);
                  setEditing(false);
                }}
              >
                {t('boards.cancel')}
              </button>
            )}
            <button type="button" className="button" data-testid="board-save" disabled={status.kind === 'saving' || draft.name === ''} onClick={() => void save()}>
              {t('boards.save')}
            </button>
          </div>
        </div>
        {status.kind === 'saved' && <p data-testid="board-saved">{status.what}</p>}
        {status.kind === 'refused' && (
          <RefusedNotice testId="board-problems" title={t('boards.notSaved')} problems={status.problems} />
        )}
      </Panel>
    </main>
  );
}
