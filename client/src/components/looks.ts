import type { AgentState } from '../../../shared/snapshot';
import type { StatusLevel } from '../status-level';
import type { IconName } from './icons';

/** How each status and agent state is shown: an icon and words, besides the colour set in styles.css. */
export interface Look {
  icon: IconName;
  label: string;
}

export const LEVEL_LOOK: Record<StatusLevel, Look> = {
  ok: { icon: 'check', label: 'OK' },
  warn: { icon: 'warning', label: 'Warning' },
  alert: { icon: 'alert', label: 'Critical' },
};

export const AGENT_STATE_LOOK: Record<AgentState, Look & { short: string }> = {
  available: { icon: 'dot', label: 'Available', short: 'Avail' },
  ringing: { icon: 'bell', label: 'Ringing', short: 'Ring' },
  busy: { icon: 'phone', label: 'On call', short: 'On call' },
  wrapup: { icon: 'pencil', label: 'Wrap-up', short: 'Wrap' },
  paused: { icon: 'pause', label: 'Paused', short: 'Paused' },
  loggedOut: { icon: 'off', label: 'Logged out', short: 'Out' },
};
