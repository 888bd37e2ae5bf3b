import type { AgentRow } from '../../../shared/snapshot';
import { AGENT_STATE_ORDER, orderAgentsForBoard, secondsInState } from '../agent-order';
import { formatTimeInState } from '../format';
import { Icon } from './icons';
import { AGENT_STATE_LOOK } from './looks';
import { t } from '../i18n/i18n';

/** Cells shrink as the team grows so 100 agents still fit a 1080p screen without scrolling, and grow to fill it for a small team. */
function density(count: number): 'large' | 'roomy' | 'medium' | 'compact' {
  if (count <= 20) return 'large';
  if (count <= 30) return 'roomy';
  if (count <= 60) return 'medium';
  return 'compact';
}

export function AgentGrid({ agents, nowMs }: { agents: readonly AgentRow[]; nowMs: number }) {
  const { present, loggedOut } = orderAgentsForBoard(agents);
  const counts = new Map(AGENT_STATE_ORDER.map((s) => [s, 0]));
  for (const agent of present) counts.set(agent.state, (counts.get(agent.state) ?? 0) + 1);

  return (
    <section className="agents" aria-label={t('agents.title')}>
      <header className="agents__head">
        <h2 className="section-title">
          {t('agents.title')} <span className="agents__total">{t('agents.loggedIn', { count: present.length })}</span>
        </h2>
        <ul className="agents__summary">
          {AGENT_STATE_ORDER.filter((s) => s !== 'loggedOut').map((state) => (
            <li key={state} className="agent-count" data-state={state}>
              <Icon name={AGENT_STATE_LOOK[state].icon} />
              <span className="agent-count__n">{counts.get(state)}</span>
              <span className="agent-count__label">{t(AGENT_STATE_LOOK[state].label)}</span>
            </li>
          ))}
          <li
            className="agent-count"
            data-state="loggedOut"
            data-testid="agents-logged-out"
            title={loggedOut.map((a) => a.name).join(', ')}
          >
            <Icon name={AGENT_STATE_LOOK.loggedOut.icon} />
            <span className="agent-count__n">{loggedOut.length}</span>
            <span className="agent-count__label">{t(AGENT_STATE_LOOK.loggedOut.label)}</span>
          </li>
        </ul>
      </header>
      <ul className="agents__grid" data-density={density(present.length)}>
        {present.map((agent) => (
          <AgentCell key={agent.id} agent={agent} nowMs={nowMs} />
        ))}
      </ul>
    </section>
  );
}

function AgentCell({ agent, nowMs }: { agent: AgentRow; nowMs: number }) {
  const look = AGENT_STATE_LOOK[agent.state];
  return (
    <li
      className="agent"
      data-testid="agent-cell"
      data-agent-id={agent.id}
      data-state={agent.state}
      title={agent.pauseReason === null ? `${agent.name}: ${t(look.label)}` : `${agent.name}: ${t(look.label)} · ${agent.pauseReason}`}
    >
      <span className="agent__name">{agent.name}</span>
      <span className="agent__time" data-testid="agent-time-in-state">
        {formatTimeInState(secondsInState(agent, nowMs))}
      </span>
      <span className="agent__state">
        <Icon name={look.icon} />
        <span className="agent__label" data-testid="agent-state-label">
          {t(look.label)}
        </span>
        {agent.state === 'paused' && agent.pauseReason !== null && (
          <span className="agent__reason" data-testid="agent-pause-reason" title={agent.pauseReason}>
            {agent.pauseReason}
          </span>
        )}
      </span>
    </li>
  );
}
