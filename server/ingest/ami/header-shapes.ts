/**
 * Remembers the header-name sequences ("shapes") of AMI frames, so a frame's header object is
 * built without slicing and lower-casing each name and without growing an object key by key.
 *
 * Why: V8 turns an object that gains more than a dozen properties through computed keys into
 * a slow hash map, and an AMI event has 20 to 40 headers; building those objects was most of
 * the parsing time. Frames of one event type repeat their header order, so the shape of a
 * frame is a path in a trie of header names; each complete path keeps a fast-properties
 * template that is copied and filled in.
 *
 * Bounded: at most MAX_NODES names in the trie and MAX_DEPTH headers per shape; frames beyond
 * that (hostile input, a 500-line Command output) are built the plain way by the caller.
 */

export type HeaderMap = Record<string, string>;
export type RepeatedMap = Record<string, string[]>;

const MAX_NODES = 8192;
/** more headers than any Asterisk event carries (AgentConnect with Dest* and channel variables is ~40) */
export const MAX_SHAPE_DEPTH = 96;

// Header names come from the wire: bags without Object.prototype keep `__proto__` or
// `constructor` headers ordinary data.
export const HeaderBag = function HeaderBag() {} as unknown as new () => HeaderMap;
HeaderBag.prototype = Object.create(null);
export const RepeatedBag = function RepeatedBag() {} as unknown as new () => RepeatedMap;
RepeatedBag.prototype = Object.create(null);

/** Adds one header the plain way (first value in fields, all values in repeated once it repeats). */
export function addHeader(fields: HeaderMap, repeated: RepeatedMap | undefined, key: string, value: string): RepeatedMap | undefined {
  const first = fields[key];
  if (first === undefined) {
    fields[key] = value;
    return repeated;
  }
  const bag = repeated ?? new RepeatedBag();
  const values = bag[key];
  if (values === undefined) bag[key] = [first, value];
  else values.push(value);
  return bag;
}

interface Build {
  fields: HeaderMap;
  repeated: RepeatedMap | undefined;
}

/** What a complete path needs to turn values (in header order) into objects. */
interface ShapeTemplate {
  /** every name once, values empty: copying it yields a fast-properties object */
  readonly fields: HeaderMap;
  /** lower-cased name of each position */
  readonly keys: readonly string[];
  /** names that occur more than once, with their positions */
  readonly repeats: readonly { key: string; positions: readonly number[] }[];
}

export class ShapeNode {
  /** the child taken last: the next frame of the same type takes it again */
  guess: ShapeNode | undefined;
  private children: Map<string, ShapeNode> | undefined;
  private template: ShapeTemplate | undefined;

  constructor(
    /** the header name as sent */
    readonly raw: string,
    /** lower-cased */
    readonly key: string,
    readonly parent: ShapeNode | undefined,
    readonly depth: number,
  ) {}

  childFor(raw: string): ShapeNode | undefined {
    return this.children?.get(raw);
  }

  addChild(child: ShapeNode): void {
    (this.children ??= new Map()).set(child.raw, child);
  }

  /** Builds the header objects for a frame whose names follow the path to this node. */
  build(values: readonly string[]): Build {
    const template = (this.template ??= this.makeTemplate());
    // Object spread copies the template's hidden class, so no key is added one by one. (It
    // also gives the object Object.prototype; every header is an own property all the same.)
    const fields: HeaderMap = { ...template.fields };
    const keys = template.keys;
    // backwards, so a repeated name ends up holding its first value
    for (let i = keys.length - 1; i >= 0; i--) fields[keys[i] as string] = values[i] as string;
    if (template.repeats.length === 0) return { fields, repeated: undefined };
    const repeated = new RepeatedBag();
    for (const { key, positions } of template.repeats) {
      repeated[key] = positions.map((position) => values[position] as string);
    }
    return { fields, repeated };
  }

  private makeTemplate(): ShapeTemplate {
    const keys: string[] = new Array(this.depth);
    for (let node: ShapeNode | undefined = this; node !== undefined && node.depth > 0; node = node.parent) {
      keys[node.depth - 1] = node.key;
    }
    const positions = new Map<string, number[]>();
    keys.forEach((key, position) => {
      const list = positions.get(key);
      if (list === undefined) positions.set(key, [position]);
      else list.push(position);
    });
    const repeats = [...positions].filter(([, list]) => list.length > 1).map(([key, list]) => ({ key, positions: list }));
    // JSON.parse creates objects with fast properties however many keys they have
    const fields = JSON.parse(JSON.stringify(Object.fromEntries([...positions.keys()].map((key) => [key, ''])))) as HeaderMap;
    return { fields, keys, repeats };
  }
}

export class HeaderShapes {
  readonly root = new ShapeNode('', '', undefined, 0);
  private nodes = 1;

  /** The child of `node` for header name `raw`, created if the trie has room; undefined otherwise. */
  step(node: ShapeNode, raw: string): ShapeNode | undefined {
    let child = node.childFor(raw);
    if (child === undefined) {
      if (this.nodes >= MAX_NODES || node.depth >= MAX_SHAPE_DEPTH) return undefined;
      child = new ShapeNode(raw, raw.toLowerCase(), node, node.depth + 1);
      node.addChild(child);
      this.nodes++;
    }
    node.guess = child;
    return child;
  }
}
