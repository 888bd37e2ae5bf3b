import { useEffect, useState } from 'react';
import { ALL_PANELS, boardsReplySchema, MAIN_BOARD, type BoardDefinition, type BoardPanels, type BoardsReply } from '../../../shared/boards';
import { supportLineSchema } from '../../../shared/ticket-snapshot';
import { send } from '../auth/session';
import { boardHref } from '../board-name';
import { readApiReply } from './shared/api-reply';
import { DeskHeader } from './shared/desk-header';
import { Notice } from './shared/notice';
import { Panel } from './shared/panel';
import { useSiteInfo } from './shared/use-site-info';
import './desk-pages.css';

type Status = { kind: 'idle' } | { kind: 'saving' } | { kind: 'saved'; what: string } | { kind: 'refused'; problems: string[] };

const PANEL_WORDS: Record<Exclude<keyof BoardPanels, 'ticketLines'>, string> = {
  tiles: 'Queue tiles',
  agents: 'Agents',
  tickets: 'Tickets',
  alerts: 'Alerts',
};
const LINES = supportLineSchema.options;

const EMPTY: BoardDefinition = { name: '', title: '', queues: [], panels: ALL_PANELS };

function readReply(response: Response) {
  return readApiReply(response, boardsReplySchema);
}

function panelsLine(panels: BoardPanels): string {
  const shown = (Object.keys(PANEL_WORDS) as (keyof typeof PANEL_WORDS)[]).filter((panel) => panels[panel]).map((panel) => PANEL_WORDS[panel]);
  const lines = panels.tickets && panels.ticketLines.length > 0 ? ` (lines ${panels.ticketLines.join(', ')})` : '';
  return `${shown.join(', ') || 'none'}${lines}`;
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
    if (await act(`Board “${name}” saved.`, send('PUT', `/api/boards/${encodeURIComponent(name)}`, body))) {
      setDraft(EMPTY);
      setEditing(false);
    }
  };
  const remove = (name: string): void => void act(`Board “${name}” deleted.`, send('DELETE', `/api/boards/${encodeURIComponent(name)}`));
  const setPanels = (panels: Partial<BoardPanels>): void => setDraft({ ...draft, panels: { ...draft.panels, ...panels } });
  const queueName = (id: string): string => reply?.queues.find((queue) => queue.id === id)?.name ?? id;

  return (
    <main className="desk-page" data-testid="boards-admin-page">
      <DeskHeader
        title="Team boards"
        lead="A team board shows some queues and some panels at /board/<name>. The board main shows everything and is always there. Saved boards replace BOARDS_FILE's on every node within seconds; open boards change at once."
        site={site}
        timeZone={site?.timeZone ?? null}
      />
      {reply !== null && (
        <Panel id="boards-title" title={`${reply.boards.length} boards, from ${reply.source === 'saved' ? 'the last save here' : 'BOARDS_FILE'}`}
          lead="Open one at its link; a kiosk rotates through boards with ?rotate=sales,support&every=30."
        >
          <div className="table-scroll">
            <table className="table" data-testid="boards-table">
              <thead>
                <tr>
                  <th>Board</th>
                  <th>Title</th>
                  <th>Queues</th>
                  <th>Panels</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {reply.boards.map((board) => (
                  <tr key={board.name} data-board={board.name}>
                    <td className="table__strong">
                      <a href={boardHref(board.name, new URLSearchParams())}>{board.name}</a>
                    </td>
                    <td>{board.title}</td>
                    <td>{board.queues.length === 0 ? 'all' : board.queues.map(queueName).join(', ')}</td>
                    <td>{panelsLine(board.panels)}</td>
                    <td>
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
                            Edit
                          </button>
                          <button type="button" className="button button--quiet" data-testid={`board-delete-${board.name}`} onClick={() => remove(board.name)}>
                            Delete
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
      <Panel id="board-editor" title={editing ? `Edit “${draft.name}”` : 'New board'} lead="No queue ticked: every queue. No line ticked: tickets of every line.">
        <div className="toolbar board-form" data-testid="board-form">
          <label className="field">
            <span className="field__label">Name (in the URL)</span>
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
            <span className="field__label">Title</span>
            <input className="field__input" data-testid="board-title" value={draft.title} placeholder="Sales floor" onChange={(event) => setDraft({ ...draft, title: event.target.value })} />
          </label>
          <fieldset className="field board-form__group">
            <legend className="field__label">Queues</legend>
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
            <legend className="field__label">Panels</legend>
            {(Object.keys(PANEL_WORDS) as (keyof typeof PANEL_WORDS)[]).map((panel) => (
              <label key={panel} className="board-form__check">
                <input type="checkbox" data-testid={`board-panel-${panel}`} checked={draft.panels[panel]} onChange={(event) => setPanels({ [panel]: event.target.checked })} />
                {PANEL_WORDS[panel]}
              </label>
            ))}
          </fieldset>
          <fieldset className="field board-form__group" disabled={!draft.panels.tickets}>
            <legend className="field__label">Ticket lines</legend>
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
                Cancel
              </button>
            )}
            <button type="button" className="button" data-testid="board-save" disabled={status.kind === 'saving' || draft.name === ''} onClick={() => void save()}>
              Save
            </button>
          </div>
        </div>
        {status.kind === 'saved' && <p data-testid="board-saved">{status.what}</p>}
        {status.kind === 'refused' && (
          <Notice tone="error" testId="board-problems" title="Not saved:">
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
