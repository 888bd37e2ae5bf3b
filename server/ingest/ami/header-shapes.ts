/**
 * Remembers the header-name sequences ("shapes") of AMI frames, so a frame's header object is
 * built without slicing and lower-casing each name and without growing an object key by key.
 *
 * Why: V8 turns an object that gains more than a dozen properties through computed keys into
 * a slow hash map, and an AMI event has 20 to 40 headers; building those objects was most of
 * the parsing time. Frames of one event type repeat their header order, so the shape of a
 * frame is a path in a trie of header names. A path seen often enough gets a small compiled
 * constructor that assigns each name with a constant key (fast properties, no per-key lookup).
 *
 * The constructor's source holds only the header names, each written as a JSON string literal
 * (JSON.stringify escapes quotes, backslashes and control characters, and JSON strings are
 * valid JavaScript), never a value: values are passed in as an array. Its prototype has no
 * Object.prototype above it, so a `__proto__` or `constructor` header stays plain data, as
 * in the objects built the plain way.
 *
 * Bounded: at most MAX_NODES names in the trie, MAX_SHAPE_DEPTH headers per shape and
 * MAX_COMPILED factories; frames beyond that (hostile input, a 500-line Command output) are
 * built the plain way.
 *
 * Where code generation from strings is refused (`node --disallow-code-generation-from-strings`,
 * hardened runtimes, a CSP) `new Function` throws an EvalError: the first refusal is
 * remembered and every frame is built the plain way from then on (same objects, slower).
 */

export type HeaderMap = Record<string, string>;
export type RepeatedMap = Record<string, string[]>;

const MAX_NODES = 8192;
const MAX_COMPILED = 1024;
/** frames of one shape before it gets a factory: one-off shapes are not worth compiling */
const COMPILE_AFTER = 8;
/** more headers than any Asterisk event carries (AgentConnect with Dest* and channel variables is ~40) */
export const MAX_SHAPE_DEPTH = 96;

/** Set at the first EvalError from `new Function`: the runtime refuses to compile, for good. */
let compilingRefused = false;

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
interface ShapeBuilder {
  /** lower-cased name of each position */
  readonly keys: readonly string[];
  /** names that occur more than once, with their positions */
  readonly repeats: readonly { key: string; positions: readonly number[] }[];
  /** the fields object from the values, each name with its first value; undefined until compiled */
  make: ((values: readonly string[]) => HeaderMap) | undefined;
  uses: number;
}

export class ShapeNode {
  /** the child taken last: the next frame of the same type takes it again */
  guess: ShapeNode | undefined;
  private children: Map<string, ShapeNode> | undefined;
  private builder: ShapeBuilder | undefined;

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
  build(values: readonly string[], shapes: HeaderShapes): Build {
    const builder = (this.builder ??= this.makeBuilder());
    if (builder.make === undefined && ++builder.uses >= COMPILE_AFTER) builder.make = shapes.compile(builder.keys, builder.repeats);
    if (builder.make === undefined) return buildPlain(builder.keys, values);
    const fields = builder.make(values);
    if (builder.repeats.length === 0) return { fields, repeated: undefined };
    const repeated = new RepeatedBag();
    for (const { key, positions } of builder.repeats) {
      repeated[key] = positions.map((position) => values[position] as string);
    }
    return { fields, repeated };
  }

  private makeBuilder(): ShapeBuilder {
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
    return { keys, repeats, make: undefined, uses: 0 };
  }
}

function buildPlain(keys: readonly string[], values: readonly string[]): Build {
  const fields = new HeaderBag();
  let repeated: RepeatedMap | undefined;
  for (let i = 0; i < keys.length; i++) repeated = addHeader(fields, repeated, keys[i] as string, values[i] as string);
  return { fields, repeated };
}

export class HeaderShapes {
  readonly root = new ShapeNode('', '', undefined, 0);
  private nodes = 1;
  private compiled = 0;

  /** A factory of a shape's fields objects, or undefined once MAX_COMPILED are made. */
  compile(keys: readonly string[], repeats: ShapeBuilder['repeats']): ShapeBuilder['make'] {
    if (this.compiled >= MAX_COMPILED || compilingRefused) return undefined;
    const repeatedAfterFirst = new Set(repeats.flatMap(({ positions }) => positions.slice(1)));
    const assignments = keys.flatMap((key, position) => (repeatedAfterFirst.has(position) ? [] : [`this[${JSON.stringify(key)}] = v[${position}];`]));
    let Fields: new (values: readonly string[]) => HeaderMap;
    try {
      Fields = new Function('v', assignments.join('\n')) as unknown as typeof Fields;
    } catch (error) {
      if (!(error instanceof EvalError)) throw error;
      compilingRefused = true;
      return undefined;
    }
    this.compiled++;
    Fields.prototype = HeaderBag.prototype;
    return (values) => new Fields(values);
  }

  /** The child of `node` for header name `raw`, created if the trie has room; undefined otherwise. */
  step(node: ShapeNode, raw: string): ShapeNode | undefined {
    let child = node.childFor(raw);
    if (child === undefined) {
      if (this.nodes >= MAX_NODES || node.depth >= MAX_SHAPE_DEPTH) return undefined;
      // a flat copy: `raw` is usually a slice of the whole frame's text, slower to compare and
      // keeping that text alive
      const name = Buffer.from(raw, 'utf8').toString('utf8');
      child = new ShapeNode(name, name.toLowerCase(), node, node.depth + 1);
      node.addChild(child);
      this.nodes++;
    }
    node.guess = child;
    return child;
  }
}
