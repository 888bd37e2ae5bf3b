/**
 * Reads the YAML our compose files are written in, to check them without
 * Docker: block mappings and sequences, flow sequences of scalars, quoted and
 * plain scalars (all kept as strings), comments, anchors, aliases and `<<`
 * merge keys. Anything else throws, so a file using more YAML than this
 * fails its test instead of being misread.
 */

export type YamlValue = string | YamlValue[] | { [key: string]: YamlValue };

interface Line {
  indent: number;
  text: string;
  number: number;
}

export function parseComposeYaml(source: string): YamlValue {
  const lines = source
    .split('\n')
    .map((raw, index) => ({ indent: raw.length - raw.trimStart().length, text: withoutComment(raw).trim(), number: index + 1 }))
    .filter((line) => line.text !== '');
  const reader = new BlockReader(lines);
  const value = reader.block(0);
  if (!reader.done()) throw reader.error('unexpected indentation');
  return value;
}

class BlockReader {
  private at = 0;
  private readonly anchors = new Map<string, YamlValue>();

  constructor(private readonly lines: readonly Line[]) {}

  done(): boolean {
    return this.at >= this.lines.length;
  }

  error(message: string): Error {
    const line = this.lines[Math.min(this.at, this.lines.length - 1)];
    return new Error(`line ${line?.number}: ${message}: ${line?.text}`);
  }

  /** The mapping or sequence whose lines are indented exactly `indent`. */
  block(indent: number): YamlValue {
    const first = this.lines[this.at];
    if (!first || first.indent !== indent) throw this.error(`expected a block at indent ${indent}`);
    return first.text.startsWith('- ') || first.text === '-' ? this.sequence(indent) : this.mapping(indent);
  }

  private sequence(indent: number): YamlValue[] {
    const items: YamlValue[] = [];
    for (let line = this.lines[this.at]; line && line.indent === indent && line.text.startsWith('-'); line = this.lines[this.at]) {
      const rest = line.text.slice(1).trim();
      if (/^[^"'[].*?:(\s|$)/.test(rest)) throw this.error('mappings inside sequences are not read');
      this.at++;
      items.push(rest === '' ? this.block(this.lines[this.at]?.indent ?? -1) : this.scalarOrFlow(rest));
    }
    return items;
  }

  private mapping(indent: number): { [key: string]: YamlValue } {
    const out: { [key: string]: YamlValue } = {};
    for (let line = this.lines[this.at]; line && line.indent === indent; line = this.lines[this.at]) {
      const match = /^("[^"]*"|'[^']*'|[^:]+?):(?:\s+(.*))?$/.exec(line.text);
      if (!match) throw this.error('expected key: value');
      const key = unquote(match[1]!);
      if (key in out && key !== '<<') throw this.error(`duplicate key ${key}`);
      this.at++;
      let rest = match[2] ?? '';
      const anchor = /^&([\w-]+)\s*(.*)$/.exec(rest);
      if (anchor) rest = anchor[2]!;
      const next = this.lines[this.at];
      const value = rest === '' ? (next && next.indent > indent ? this.block(next.indent) : '') : this.scalarOrFlow(rest);
      if (anchor) this.anchors.set(anchor[1]!, value);
      if (key === '<<') {
        if (typeof value !== 'object' || Array.isArray(value)) throw this.error('<< merges a mapping');
        for (const [name, merged] of Object.entries(value)) if (!(name in out)) out[name] = merged;
      } else {
        out[key] = value;
      }
    }
    return out;
  }

  private scalarOrFlow(text: string): YamlValue {
    if (text.startsWith('*')) {
      const value = this.anchors.get(text.slice(1));
      if (value === undefined) throw this.error(`unknown alias ${text}`);
      return value;
    }
    if (text.startsWith('[')) {
      if (!text.endsWith(']')) throw this.error('a flow sequence ends on its line');
      return splitFlow(text.slice(1, -1)).map((item) => unquote(item));
    }
    if (/^[{|>&!%@`]/.test(text)) throw this.error('YAML feature not read');
    return unquote(text);
  }
}

function withoutComment(raw: string): string {
  let quote: string | null = null;
  for (let i = 0; i < raw.length; i++) {
    const char = raw[i]!;
    if (quote) {
      if (char === quote) quote = null;
    } else if (char === '"' || char === "'") {
      quote = char;
    } else if (char === '#' && (i === 0 || /\s/.test(raw[i - 1]!))) {
      return raw.slice(0, i);
    }
  }
  return raw;
}

function splitFlow(text: string): string[] {
  const items: string[] = [];
  let current = '';
  let quote: string | null = null;
  for (const char of text) {
    if (quote) {
      if (char === quote) quote = null;
    } else if (char === '"' || char === "'") {
      quote = char;
    } else if (char === ',') {
      items.push(current.trim());
      current = '';
      continue;
    }
    current += char;
  }
  if (current.trim() !== '') items.push(current.trim());
  return items;
}

function unquote(text: string): string {
  if (text.length >= 2 && text.startsWith('"') && text.endsWith('"')) return JSON.parse(text) as string;
  if (text.length >= 2 && text.startsWith("'") && text.endsWith("'")) return text.slice(1, -1).replaceAll("''", "'");
  return text;
}
