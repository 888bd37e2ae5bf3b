import type { AmiField } from './ami-event';

/** ast_channel_state values that occur in queue calls, with the names AMI prints. */
export const ChannelState = {
  down: { code: 0, desc: 'Down' },
  ring: { code: 4, desc: 'Ring' },
  ringing: { code: 5, desc: 'Ringing' },
  up: { code: 6, desc: 'Up' },
} as const;
export type ChannelStateValue = (typeof ChannelState)[keyof typeof ChannelState];

/** The parts of a channel that an AMI channel snapshot prints. Mutable: the model moves it through the dialplan. */
export interface Channel {
  name: string;
  uniqueid: string;
  linkedid: string;
  state: ChannelStateValue;
  callerNum: string;
  callerName: string;
  connectedNum: string;
  connectedName: string;
  language: string;
  accountCode: string;
  context: string;
  exten: string;
  priority: number;
}

/**
 * The channel snapshot block of an event, in the order of
 * ast_manager_build_channel_state_string_prefix (main/manager_channels.c).
 * Empty caller id and connected line print as `<unknown>`; the account code
 * prints as is, even empty.
 */
export function channelFields(channel: Channel, prefix = ''): AmiField[] {
  return [
    [`${prefix}Channel`, channel.name],
    [`${prefix}ChannelState`, String(channel.state.code)],
    [`${prefix}ChannelStateDesc`, channel.state.desc],
    [`${prefix}CallerIDNum`, channel.callerNum || '<unknown>'],
    [`${prefix}CallerIDName`, channel.callerName || '<unknown>'],
    [`${prefix}ConnectedLineNum`, channel.connectedNum || '<unknown>'],
    [`${prefix}ConnectedLineName`, channel.connectedName || '<unknown>'],
    [`${prefix}Language`, channel.language],
    [`${prefix}AccountCode`, channel.accountCode],
    [`${prefix}Context`, channel.context],
    [`${prefix}Exten`, channel.exten],
    [`${prefix}Priority`, String(channel.priority)],
    [`${prefix}Uniqueid`, channel.uniqueid],
    [`${prefix}Linkedid`, channel.linkedid],
  ];
}

/**
 * Names channels the way Asterisk does: `<tech>/<endpoint>-<8 hex digits>` from
 * one global counter, and Uniqueid `<creation epoch seconds>.<counter>`.
 */
export class ChannelFactory {
  private channelSeq = 0;
  private uniqueSeq = 0;

  create(endpoint: string, at: number, fields: Omit<Channel, 'name' | 'uniqueid' | 'linkedid'>, linkedid?: string): Channel {
    const name = `${endpoint}-${(this.channelSeq++ & 0xffffffff).toString(16).padStart(8, '0')}`;
    const uniqueid = `${Math.floor(at / 1000)}.${this.uniqueSeq++}`;
    return { ...fields, name, uniqueid, linkedid: linkedid ?? uniqueid };
  }
}

/** What Asterisk shows as the number of a caller who hides it. */
export const WITHHELD_NUMBER = 'anonymous';
