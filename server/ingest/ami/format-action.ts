import { AmiError } from './ami-error';

/** Field values of an action; an array sends the header once per value (Originate's `Variable`). */
export type AmiActionFields = Readonly<Record<string, string | readonly string[]>>;

const ACTION_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;
const HEADER_NAME = /^[A-Za-z][A-Za-z0-9_()-]*$/;
const LINE_BREAK = /[\r\n]/;
const RESERVED = new Set(['action', 'actionid']);

/**
 * The bytes of one AMI action. A line break in a value would end the header early and let the
 * rest of the value be read as further headers or a further action, so it is refused.
 */
export function formatAction(action: string, actionId: string, fields: AmiActionFields): string {
  if (!ACTION_NAME.test(action)) throw new AmiError('invalid-action', `invalid action name ${JSON.stringify(action)}`);
  let text = `Action: ${action}\r\nActionID: ${actionId}\r\n`;
  for (const [name, value] of Object.entries(fields)) {
    if (!HEADER_NAME.test(name) || RESERVED.has(name.toLowerCase())) {
      throw new AmiError('invalid-action', `invalid field name ${JSON.stringify(name)} for action ${action}`);
    }
    for (const item of typeof value === 'string' ? [value] : value) {
      if (LINE_BREAK.test(item)) throw new AmiError('invalid-action', `line break in field ${name} of action ${action}`);
      text += `${name}: ${item}\r\n`;
    }
  }
  return `${text}\r\n`;
}
