/**
 * One AMI event as the simulated Asterisk emits it, and its bytes on the wire.
 *
 * Asterisk's manager.c writes `Event:`, `Privilege:` and, with
 * `timestampevents = yes`, `Timestamp: <sec>.<usec>` right after Privilege,
 * then the event body, each line ending in CRLF and the frame in an empty line.
 */
export type AmiField = readonly [name: string, value: string];

/** The read classes Asterisk names in `Privilege:` (EVENT_FLAG_* in manager.h). */
export const Privilege = {
  agent: 'agent,all',
  call: 'call,all',
  dialplan: 'dialplan,all',
  system: 'system,all',
} as const;
export type PrivilegeText = (typeof Privilege)[keyof typeof Privilege];

export interface AmiEvent {
  readonly name: string;
  readonly privilege: PrivilegeText;
  /** simulated epoch ms */
  readonly at: number;
  readonly fields: readonly AmiField[];
}

/** `<epoch seconds>.<6-digit microseconds>`, as Asterisk prints `%ld.%06lu`. */
export function amiTimestamp(ms: number): string {
  const whole = Math.floor(ms);
  const seconds = Math.floor(whole / 1000);
  const micros = (whole - seconds * 1000) * 1000;
  return `${seconds}.${String(micros).padStart(6, '0')}`;
}

export function serializeFields(fields: readonly AmiField[]): string {
  let text = '';
  for (const [name, value] of fields) text += `${name}: ${value}\r\n`;
  return `${text}\r\n`;
}

export function serializeEvent(event: AmiEvent): string {
  return (
    `Event: ${event.name}\r\nPrivilege: ${event.privilege}\r\nTimestamp: ${amiTimestamp(event.at)}\r\n` +
    serializeFields(event.fields)
  );
}
