import { existsSync, readFileSync, writeFileSync } from 'node:fs';

/**
 * Puts `results` between the section's result markers of the performance doc
 * (`<!-- bench:results:start -->` ... end), keeping the hand-written method and
 * caveats around them. A doc without the markers gets the results appended
 * under the section's heading.
 */
export function writeResults(path: string, results: string, section = { name: 'bench', heading: 'Latest results' }): void {
  const START = `<!-- ${section.name}:results:start -->`;
  const END = `<!-- ${section.name}:results:end -->`;
  const block = `${START}\n${results.trim()}\n${END}`;
  const text = existsSync(path) ? readFileSync(path, 'utf8') : '# Performance\n';
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  const updated =
    start >= 0 && end > start
      ? text.slice(0, start) + block + text.slice(end + END.length)
      : `${text.trimEnd()}\n\n## ${section.heading}\n\n${block}\n`;
  writeFileSync(path, updated);
}
