import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const START = '<!-- bench:results:start -->';
const END = '<!-- bench:results:end -->';

/**
 * Puts `results` between the result markers of the performance doc, keeping
 * the hand-written method and caveats around them. A doc without the markers
 * gets the results appended under a heading.
 */
export function writeResults(path: string, results: string): void {
  const block = `${START}\n${results.trim()}\n${END}`;
  const text = existsSync(path) ? readFileSync(path, 'utf8') : '# Performance\n';
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  const updated =
    start >= 0 && end > start
      ? text.slice(0, start) + block + text.slice(end + END.length)
      : `${text.trimEnd()}\n\n## Latest results\n\n${block}\n`;
  writeFileSync(path, updated);
}
