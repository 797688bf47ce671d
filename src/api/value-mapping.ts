// The value mapping between Atlas and JavaScript hosts (language.md §10.3). Out of Atlas:
// primitives as-is, arrays as fresh JS arrays, json as plain data, Option/Result as tagged
// objects, Error as {code, message}, everything else as an opaque AtlasHandle. Into Atlas:
// the inverse, checked against a declared type (a parsed TypeExpr); mismatches are reported
// as text for the caller to raise (AT0102).
import type * as ast from "../syntax/ast.js";
import { display, typeOf } from "../runtime/display.js";
import {
  ErrorValue,
  JsonObject,
  JsonValue,
  NONE,
  OptionValue,
  ResultValue,
  err,
  ok,
  some,
  type JsonData,
  type Value,
} from "../runtime/values.js";

const HANDLE_VALUE = new WeakMap<AtlasHandle, Value>();
const HANDLES = new WeakMap<object, AtlasHandle>();

/**
 * An opaque reference to an Atlas value with no plain-data mapping (functions, futures, tasks,
 * channels, collections…). It can be passed back into Atlas; the same Atlas value always maps
 * to the same handle object.
 */
export class AtlasHandle {
  /** The value's typeof name (`"function"`, `"future"`, `"hashmap"` …). */
  readonly type: string;

  private constructor(v: Value) {
    this.type = typeOf(v);
    HANDLE_VALUE.set(this, v);
  }

  /** The Display text of the value (language.md §7). */
  toString(): string {
    return display(handleValue(this));
  }

  /** @internal */
  static of(v: Value & object): AtlasHandle {
    let h = HANDLES.get(v);
    if (h === undefined) {
      h = new AtlasHandle(v);
      HANDLES.set(v, h);
    }
    return h;
  }
}

function handleValue(h: AtlasHandle): Value {
  const v = HANDLE_VALUE.get(h);
  if (v === undefined) throw new TypeError("not an Atlas handle");
  return v;
}

/** Plain JSON data as produced for json values. */
export type PlainJson = null | boolean | number | string | PlainJson[] | { [key: string]: PlainJson };

/** Maps an Atlas value to its host representation (language.md §10.3). */
export function toHost(v: Value, seen: Map<Value[], unknown[]> = new Map()): unknown {
  if (v === null || typeof v === "number" || typeof v === "string" || typeof v === "boolean") return v;
  if (Array.isArray(v)) {
    const done = seen.get(v);
    if (done !== undefined) return done; // shared or cyclic arrays keep their shape
    const out: unknown[] = [];
    seen.set(v, out);
    for (const e of v) out.push(toHost(e, seen));
    return out;
  }
  if (v instanceof OptionValue) return v.isSome ? { tag: "Some", value: toHost(v.value, seen) } : { tag: "None" };
  if (v instanceof ResultValue) {
    return v.isOk ? { tag: "Ok", value: toHost(v.value, seen) } : { tag: "Err", error: toHost(v.value, seen) };
  }
  if (v instanceof JsonValue) return jsonToPlain(v.data);
  if (v instanceof ErrorValue) return { code: v.code, message: v.message };
  return AtlasHandle.of(v);
}

/** json data → plain JS data (objects keep member order; `__proto__` stays an own key). */
export function jsonToPlain(j: JsonData): PlainJson {
  if (j === null || typeof j !== "object") return j;
  if (Array.isArray(j)) return j.map(jsonToPlain);
  const out: { [key: string]: PlainJson } = {};
  for (const [k, val] of j.entries) {
    Object.defineProperty(out, k, { value: jsonToPlain(val), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** Result of mapping a host value into Atlas: the value, or why it does not fit. */
export type Mapped = { ok: true; value: Value } | { ok: false; problem: string };

const JSON_DEPTH = 512;

/**
 * Maps a host value into Atlas, checked against `type` (a TypeExpr of the native's
 * signature). Type names the mapping cannot know (type parameters, aliases) accept anything
 * mappable, like `unknown`.
 */
export function fromHost(x: unknown, type: ast.TypeExpr): Mapped {
  const v = convert(x, type);
  if (v !== MISMATCH) return { ok: true, value: v };
  return { ok: false, problem: `expected ${typeText(type)}, got ${hostKind(x)}` };
}

const MISMATCH: unique symbol = Symbol("mismatch");
type Conv = Value | typeof MISMATCH;

/** Converts every element with `f`; one element that does not fit makes the whole array not fit. */
function convertEach<T>(xs: readonly unknown[], f: (e: unknown) => T | typeof MISMATCH): T[] | typeof MISMATCH {
  const out: T[] = [];
  for (const e of xs) {
    const v = f(e);
    if (v === MISMATCH) return MISMATCH;
    out.push(v);
  }
  return out;
}

function convert(x: unknown, t: ast.TypeExpr): Conv {
  switch (t.kind) {
    case "NullType":
      return x === null || x === undefined ? null : MISMATCH;
    case "ArrayType":
      return convertArray(x, t.element);
    case "UnionType": {
      for (const m of t.members) {
        const v = convert(x, m);
        if (v !== MISMATCH) return v;
      }
      return MISMATCH;
    }
    case "FnType":
      return fromHandle(x, (k) => k === "function" || k === "builtin");
    case "IntersectionType":
    case "StructType":
      return MISMATCH;
    case "NamedType":
      return convertNamed(x, t);
  }
}

function convertArray(x: unknown, element: ast.TypeExpr): Conv {
  const h = fromHandle(x, (k) => k === "array");
  if (h !== MISMATCH) return h;
  if (!Array.isArray(x)) return MISMATCH;
  return convertEach(x, (e) => convert(e, element));
}

/** Handle-typed names and the typeof they require. */
const HANDLE_TYPES: Record<string, string> = {
  HashMap: "hashmap",
  HashSet: "hashset",
  Queue: "queue",
  Stack: "stack",
  Regex: "regex",
  Future: "future",
  Task: "task",
  Channel: "channel",
  Mutex: "mutex",
  Semaphore: "semaphore",
  Timer: "timer",
  SelectCase: "selectcase",
  TaskGroup: "taskgroup",
  HttpRequest: "HttpRequest",
  HttpResponse: "HttpResponse",
};

function convertNamed(x: unknown, t: ast.NamedType): Conv {
  const name = t.name.name;
  const arg = (i: number): ast.TypeExpr | undefined => t.args[i];
  switch (name) {
    case "number":
      return typeof x === "number" ? x : MISMATCH;
    case "string":
      return typeof x === "string" && wellFormed(x) ? x : MISMATCH;
    case "bool":
      return typeof x === "boolean" ? x : MISMATCH;
    case "void":
      return null;
    case "never":
      return MISMATCH;
    case "unknown":
      return convertUnknown(x, 0);
    case "json":
      return convertJsonValue(x);
    case "Error":
      return convertError(x);
    case "Array": {
      const el = arg(0);
      return el ? convertArray(x, el) : MISMATCH;
    }
    case "Option":
      return convertOption(x, arg(0));
    case "Result":
      return convertResult(x, arg(0), arg(1));
    default: {
      const kind = HANDLE_TYPES[name];
      if (kind !== undefined) return fromHandle(x, (k) => k === kind);
      return convertUnknown(x, 0); // a type parameter: anything mappable
    }
  }
}

function fromHandle(x: unknown, accepts: (kind: string) => boolean): Conv {
  if (!(x instanceof AtlasHandle)) return MISMATCH;
  const v = handleValue(x);
  return accepts(typeOf(v)) ? v : MISMATCH;
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x) && !(x instanceof AtlasHandle);
}

function convertOption(x: unknown, el: ast.TypeExpr | undefined): Conv {
  const h = fromHandle(x, (k) => k === "option");
  if (h !== MISMATCH) return h;
  if (!isRecord(x)) return MISMATCH;
  if (x.tag === "None") return NONE;
  if (x.tag !== "Some") return MISMATCH;
  const v = el ? convert(x.value, el) : convertUnknown(x.value, 0);
  return v === MISMATCH ? MISMATCH : some(v);
}

function convertResult(x: unknown, okT: ast.TypeExpr | undefined, errT: ast.TypeExpr | undefined): Conv {
  if (!isRecord(x)) return MISMATCH;
  if (x.tag === "Ok") {
    const v = okT ? convert(x.value, okT) : convertUnknown(x.value, 0);
    return v === MISMATCH ? MISMATCH : ok(v);
  }
  if (x.tag === "Err") {
    const v = errT ? convert(x.error, errT) : convertUnknown(x.error, 0);
    return v === MISMATCH ? MISMATCH : err(v);
  }
  return MISMATCH;
}

function convertError(x: unknown): Conv {
  const h = fromHandle(x, (k) => k === "error");
  if (h !== MISMATCH) return h;
  if (x instanceof Error) return new ErrorValue("AT0102", x.message, null);
  if (!isRecord(x) || typeof x.code !== "string" || typeof x.message !== "string") return MISMATCH;
  return new ErrorValue(x.code, x.message, null);
}

function convertJsonValue(x: unknown): Conv {
  const h = fromHandle(x, (k) => k === "json");
  if (h !== MISMATCH) return h;
  const data = plainToJson(x, 0);
  return data === MISMATCH ? MISMATCH : new JsonValue(data);
}

/** Plain JS data → json data; non-JSON values (NaN, functions, cycles) do not fit. */
export function plainToJson(x: unknown, depth: number): JsonData | typeof MISMATCH {
  if (depth > JSON_DEPTH) return MISMATCH;
  if (x === null || typeof x === "boolean") return x;
  if (typeof x === "number") return Number.isFinite(x) ? x : MISMATCH;
  if (typeof x === "string") return wellFormed(x) ? x : MISMATCH;
  if (Array.isArray(x)) return convertEach(x, (e) => plainToJson(e, depth + 1));
  if (!isRecord(x) || x instanceof Error) return MISMATCH;
  const proto = Object.getPrototypeOf(x) as unknown;
  if (proto !== Object.prototype && proto !== null) return MISMATCH;
  const entries = new Map<string, JsonData>();
  for (const k of Object.keys(x)) {
    const d = plainToJson(x[k], depth + 1);
    if (d === MISMATCH) return MISMATCH;
    entries.set(k, d);
  }
  return new JsonObject(entries);
}

/** `unknown`: primitives, arrays, handles, tagged Option/Result objects; plain objects → json. */
function convertUnknown(x: unknown, depth: number): Conv {
  if (depth > JSON_DEPTH) return MISMATCH;
  if (x === undefined || x === null) return null;
  if (typeof x === "number" || typeof x === "boolean") return x;
  if (typeof x === "string") return wellFormed(x) ? x : MISMATCH;
  if (x instanceof AtlasHandle) return handleValue(x);
  if (Array.isArray(x)) return convertEach(x, (e) => convertUnknown(e, depth + 1));
  if (!isRecord(x)) return MISMATCH;
  if (x.tag === "Some" || x.tag === "None") return convertOption(x, undefined);
  if (x.tag === "Ok" || x.tag === "Err") return convertResult(x, undefined, undefined);
  return convertJsonValue(x);
}

/** A short description of a host value's kind for messages. */
export function hostKind(x: unknown): string {
  if (x === null) return "null";
  if (x === undefined) return "undefined";
  if (Array.isArray(x)) return "array";
  if (x instanceof AtlasHandle) return x.type;
  if (typeof x === "boolean") return "bool";
  if (typeof x === "object") return x instanceof Promise ? "Promise" : "object";
  return typeof x;
}

/** Source text of a type expression (language.md §4.5 display style). */
export function typeText(t: ast.TypeExpr): string {
  switch (t.kind) {
    case "NullType":
      return "null";
    case "NamedType":
      return t.args.length === 0 ? t.name.name : `${t.name.name}<${t.args.map(typeText).join(", ")}>`;
    case "ArrayType": {
      const inner = typeText(t.element);
      return t.element.kind === "UnionType" || t.element.kind === "FnType" ? `(${inner})[]` : `${inner}[]`;
    }
    case "UnionType":
      return t.members.map(typeText).join(" | ");
    case "IntersectionType":
      return t.members.map(typeText).join(" & ");
    case "FnType":
      return `(${t.params.map(typeText).join(", ")}) -> ${typeText(t.result)}`;
    case "StructType":
      return `{ ${t.members.map((m) => `${m.name.name}: ${typeText(m.type)}`).join(", ")} }`;
  }
}

/** No lone surrogates (Atlas strings are scalar sequences, stdlib.md §1.4). */
function wellFormed(s: string): boolean {
  return !/\p{Cs}/u.test(s);
}
