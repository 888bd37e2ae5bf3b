import type { BoardDefinition } from '../../shared/boards';
import type { LiveSnapshot } from '../../shared/snapshot';
import type { TicketSnapshot } from '../../shared/ticket-snapshot';

/**
 * What one team board is sent: its queues' tiles, the agents who are members
 * of them (with only those memberships), the tickets of its lines, the alerts
 * of its queues and the site-wide ones, and nothing of a panel it does not
 * show. `board` names the definition so the page shows its title and panels.
 *
 * A board of every queue and every line gets the figures as they are; with
 * some lines, the per-line ticket figures are recounted from the per-line
 * parts (the open matrix, breached by line), while today's SLA shares, CSAT,
 * the last hour and the backlog by age stay the desk's: the ticket store does
 * not keep them per line.
 */
export function snapshotForBoard(snapshot: LiveSnapshot, definition: BoardDefinition): LiveSnapshot {
  const { panels } = definition;
  const everyQueue = definition.queues.length === 0;
  const ofBoard = (queue: string): boolean => everyQueue || definition.queues.includes(queue);
  const { tickets, alerts, ...rest } = snapshot;
  const filtered: LiveSnapshot = {
    ...rest,
    queues: panels.tiles ? snapshot.queues.filter((tile) => ofBoard(tile.id)) : [],
    agents: panels.agents ? agentsOf(snapshot.agents, everyQueue, ofBoard) : [],
    board: { name: definition.name, title: definition.title, panels },
  };
  if (tickets && panels.tickets) filtered.tickets = panels.ticketLines.length === 0 ? tickets : ticketsOfLines(tickets, panels.ticketLines);
  if (alerts && panels.alerts) filtered.alerts = alerts.filter((alert) => alert.queue === null || ofBoard(alert.queue));
  return filtered;
}

function agentsOf(agents: LiveSnapshot['agents'], everyQueue: boolean, ofBoard: (queue: string) => boolean): LiveSnapshot['agents'] {
  if (everyQueue) return agents;
  return agents.flatMap((agent) => {
    const queues = agent.queues.filter(ofBoard);
    return queues.length > 0 ? [{ ...agent, queues }] : [];
  });
}

type Line = keyof TicketSnapshot['openByLine'];

function ticketsOfLines(tickets: TicketSnapshot, lines: readonly Line[]): TicketSnapshot {
  const ofLines = (line: Line): boolean => lines.includes(line);
  const openMatrix = tickets.openMatrix.filter((cell) => ofLines(cell.line));
  const tally = <K extends string>(keys: readonly K[], keyOf: (cell: (typeof openMatrix)[number]) => K): Record<K, number> => {
    const totals = Object.fromEntries(keys.map((key) => [key, 0])) as Record<K, number>;
    for (const cell of openMatrix) totals[keyOf(cell)] += cell.count;
    return totals;
  };
  const breachedByLine = keep(tickets.breachedByLine, ofLines);
  return {
    ...tickets,
    open: openMatrix.reduce((total, cell) => total + cell.count, 0),
    openByPriority: tally(keysOf(tickets.openByPriority), (cell) => cell.priority),
    openByLine: keep(tickets.openByLine, ofLines),
    openByStatus: tally(keysOf(tickets.openByStatus), (cell) => cell.status),
    openMatrix,
    breached: Object.values(breachedByLine).reduce((total, count) => total + count, 0),
    breachedByLine,
    atRisk: tickets.atRisk.filter((ticket) => ofLines(ticket.line)),
    today: {
      ...tickets.today,
      // an escalation concerns a board when it came from or went to one of its lines
      escalations: tickets.today.escalations.filter((escalation) => ofLines(escalation.from) || ofLines(escalation.to)),
    },
    ...(tickets.devEscalations && { devEscalations: { byLine: tickets.devEscalations.byLine.filter((entry) => ofLines(entry.line)) } }),
  };
}

/** A per-line record with the other lines at zero: the board's figures keep their shape. */
function keep(byLine: Record<Line, number>, ofLines: (line: Line) => boolean): Record<Line, number> {
  return Object.fromEntries(keysOf(byLine).map((line) => [line, ofLines(line) ? byLine[line] : 0])) as Record<Line, number>;
}

function keysOf<K extends string>(record: Record<K, number>): K[] {
  return Object.keys(record) as K[];
}
