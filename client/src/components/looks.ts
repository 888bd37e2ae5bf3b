import type { AgentState } from '../../../shared/snapshot';
import type { StatusLevel } from '../status-level';
import type { IconName } from './icons';
import type { MessageKey } from '../i18n/i18n';

/** How each status and agent state is shown: an icon and words, besides the colour set in styles.css. */
export interface Look {
  icon: IconName;
  /** the words, through t() */
  label: MessageKey;
}

export const LEVEL_LOOK: Record<StatusLevel, Look> = {
  ok: { icon: 'check', label: 'level.ok' },
  warn: { icon: 'warning', label: 'level.warn' },
  alert: { icon: 'alert', label: 'level.alert' },
};

export const AGENT_STATE_LOOK: Record<AgentState, Look & { short: MessageKey }> = {
  available: { icon: 'dot', label: 'agentState.available', short: 'agentStateShort.available' },
  ringing: { icon: 'bell', label: 'agentState.ringing', short: 'agentStateShort.ringing' },
  busy: { icon: 'phone', label: 'agentState.busy', short: 'agentStateShort.busy' },
  wrapup: { icon: 'pencil', label: 'agentState.wrapup', short: 'agentStateShort.wrapup' },
  paused: { icon: 'pause', label: 'agentState.paused', short: 'agentStateShort.paused' },
  loggedOut: { icon: 'off', label: 'agentState.loggedOut', short: 'agentStateShort.loggedOut' },
};
