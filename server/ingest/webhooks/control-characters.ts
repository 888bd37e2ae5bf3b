import type { WebhookProblem } from './webhook-result';

/**
 * C0 controls but tab, line feed and carriage return, and DEL. They have no
 * place in ticket text, and Postgres refuses U+0000 in text and jsonb: a body
 * holding one is refused at the edge, not carried into the store and history.
 */
const CONTROL_CHARACTER = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/**
 * Every string of a decoded JSON body (keys too) with a control character in
 * it, as problems whose path is the dotted path to the field (as the schema's
 * problems are named), at most `limit`.
 */
export function controlCharacterProblems(body: unknown, limit: number): WebhookProblem[] {
  const problems: WebhookProblem[] = [];
  const visit = (value: unknown, path: string): void => {
    if (problems.length >= limit) return;
    if (typeof value === 'string') {
      const problem = describe(value);
      if (problem) problems.push({ path, message: problem });
      return;
    }
    if (value === null || typeof value !== 'object') return;
    for (const [key, child] of Object.entries(value)) {
      // The key as JSON would write it, so the answer never carries the character itself.
      const keyProblem = describe(key);
      const name = keyProblem ? JSON.stringify(key).slice(1, -1) : key;
      const childPath = path === '' ? name : `${path}.${name}`;
      if (keyProblem && problems.length < limit) problems.push({ path: childPath, message: `the key ${keyProblem}` });
      visit(child, childPath);
    }
  };
  visit(body, '');
  return problems;
}

function describe(text: string): string | null {
  const found = CONTROL_CHARACTER.exec(text);
  if (!found) return null;
  const code = found[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
  return `holds control character U+${code} at position ${found.index}`;
}
