// JSON text ↔ JsonData (stdlib.md §6.1–§6.2): the parser with exact error positions, the
// compact and pretty printers, toJSON's conversion of Atlas values, and the json value
// helpers shared with the engines (indexing and the as_* methods, language.md §6.12).
import { RuntimeError, typeError } from "./errors.js";
import { JSON_DEPTH_LIMIT, STRING_LIMIT, tooLarge } from "./capacity.js";
import { cpCount } from "./codepoints.js";
import { formatJsonNumber, jsonQuote, kindTypeName } from "./display.js";
import { JsonObject, JsonValue, type JsonData, type Value } from "./values.js";

// ---- Parsing -------------------------------------------------------------------------------

/** A JSON syntax error: `reason` (serde_json-style text) at a 1-based line and column. */
export class JsonParseError {
  constructor(
    readonly reason: string,
    readonly line: number,
    readonly column: number,
  ) {}

  /** `<reason> at line L, column C` */
  get text(): string {
    return `${this.reason} at line ${this.line}, column ${this.column}`;
  }
}

/** Internal: thrown inside the parser with a UTF-16 offset, converted at the edge. */
class Failure {
  constructor(
    readonly reason: string,
    readonly offset: number,
  ) {}
}

const EOF_VALUE = "EOF while parsing a value";

class JsonParser {
  private pos = 0;
  private depth = 0;

  constructor(private readonly text: string) {}

  parseDocument(): JsonData {
    const v = this.parseValue();
    this.skipWs();
    if (this.pos < this.text.length) this.fail("trailing characters");
    return v;
  }

  private fail(reason: string, at = this.pos): never {
    throw new Failure(reason, at);
  }

  private skipWs(): void {
    const t = this.text;
    let p = this.pos;
    for (;;) {
      const c = t.charCodeAt(p);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) p++;
      else break;
    }
    this.pos = p;
  }

  private parseValue(): JsonData {
    this.skipWs();
    if (this.pos >= this.text.length) this.fail(EOF_VALUE);
    const c = this.text[this.pos];
    switch (c) {
      case "{":
        return this.parseObject();
      case "[":
        return this.parseArray();
      case '"':
        return this.parseString();
      case "t":
        return this.parseIdent("true", true);
      case "f":
        return this.parseIdent("false", false);
      case "n":
        return this.parseIdent("null", null);
      default:
        if (c === "-" || (c >= "0" && c <= "9")) return this.parseNumber();
        return this.fail("expected value");
    }
  }

  private enter(): void {
    if (++this.depth > JSON_DEPTH_LIMIT) this.fail(`nesting too deep (limit ${JSON_DEPTH_LIMIT})`);
  }

  private parseArray(): JsonData[] {
    this.enter();
    this.pos++; // [
    const out: JsonData[] = [];
    this.skipWs();
    if (this.pos >= this.text.length) this.fail("EOF while parsing a list");
    if (this.text[this.pos] === "]") {
      this.pos++;
      this.depth--;
      return out;
    }
    for (;;) {
      out.push(this.parseValue());
      this.skipWs();
      if (this.pos >= this.text.length) this.fail("EOF while parsing a list");
      const c = this.text[this.pos];
      if (c === "]") break;
      if (c !== ",") this.fail("expected `,` or `]`");
      this.pos++;
      this.skipWs();
      if (this.text[this.pos] === "]") this.fail("trailing comma");
    }
    this.pos++;
    this.depth--;
    return out;
  }

  private parseObject(): JsonObject {
    this.enter();
    this.pos++; // {
    const entries = new Map<string, JsonData>();
    this.skipWs();
    if (this.text[this.pos] === "}") {
      this.pos++;
      this.depth--;
      return new JsonObject(entries);
    }
    for (;;) {
      this.skipWs();
      if (this.pos >= this.text.length) this.fail("EOF while parsing an object");
      if (this.text[this.pos] !== '"') {
        this.fail(this.text[this.pos] === "}" && entries.size > 0 ? "trailing comma" : "key must be a string");
      }
      const key = this.parseString();
      this.skipWs();
      if (this.pos >= this.text.length) this.fail("EOF while parsing an object");
      if (this.text[this.pos] !== ":") this.fail("expected `:`");
      this.pos++;
      // A repeated key keeps its first position and takes the last value (Map.set does both).
      entries.set(key, this.parseValue());
      this.skipWs();
      if (this.pos >= this.text.length) this.fail("EOF while parsing an object");
      const c = this.text[this.pos];
      if (c === "}") break;
      if (c !== ",") this.fail("expected `,` or `}`");
      this.pos++;
    }
    this.pos++;
    this.depth--;
    return new JsonObject(entries);
  }

  private parseIdent(word: string, value: boolean | null): boolean | null {
    const t = this.text;
    for (let i = 0; i < word.length; i++) {
      const p = this.pos + i;
      if (p >= t.length) this.fail(EOF_VALUE, p);
      if (t[p] !== word[i]) this.fail("expected ident", p);
    }
    this.pos += word.length;
    return value;
  }

  private digits(): number {
    const t = this.text;
    const start = this.pos;
    while (this.pos < t.length && t.charCodeAt(this.pos) >= 0x30 && t.charCodeAt(this.pos) <= 0x39) this.pos++;
    return this.pos - start;
  }

  private parseNumber(): number {
    const t = this.text;
    const start = this.pos;
    if (t[this.pos] === "-") this.pos++;
    if (t[this.pos] === "0") this.pos++;
    else if (this.digits() === 0) this.fail(this.pos >= t.length ? EOF_VALUE : "invalid number");
    if (t[this.pos] === ".") {
      this.pos++;
      if (this.digits() === 0) this.fail("invalid number");
    }
    if (t[this.pos] === "e" || t[this.pos] === "E") {
      this.pos++;
      if (t[this.pos] === "+" || t[this.pos] === "-") this.pos++;
      if (this.digits() === 0) this.fail("invalid number");
    }
    const n = Number(t.slice(start, this.pos));
    if (!Number.isFinite(n)) this.fail("number out of range", start);
    return n;
  }

  private parseString(): string {
    const t = this.text;
    this.pos++; // opening quote
    let out = "";
    let chunk = this.pos;
    for (;;) {
      if (this.pos >= t.length) this.fail("EOF while parsing a string");
      const c = t.charCodeAt(this.pos);
      if (c === 0x22) break;
      if (c < 0x20) this.fail("control character (\\u0000-\\u001F) found while parsing a string");
      if (c !== 0x5c) {
        this.pos++;
        continue;
      }
      out += t.slice(chunk, this.pos);
      this.pos++;
      out += this.parseEscape();
      chunk = this.pos;
    }
    out += t.slice(chunk, this.pos);
    this.pos++; // closing quote
    return out;
  }

  /** After a backslash. */
  private parseEscape(): string {
    const t = this.text;
    if (this.pos >= t.length) this.fail("EOF while parsing a string");
    const c = t[this.pos++];
    switch (c) {
      case '"':
        return '"';
      case "\\":
        return "\\";
      case "/":
        return "/";
      case "b":
        return "\b";
      case "f":
        return "\f";
      case "n":
        return "\n";
      case "r":
        return "\r";
      case "t":
        return "\t";
      case "u":
        return this.parseUnicodeEscape();
      default:
        return this.fail("invalid escape", this.pos - 1);
    }
  }

  private hex4(): number {
    let n = 0;
    for (let i = 0; i < 4; i++) {
      if (this.pos >= this.text.length) this.fail("EOF while parsing a string");
      const d = parseInt(this.text[this.pos], 16);
      if (Number.isNaN(d)) this.fail("invalid escape");
      n = n * 16 + d;
      this.pos++;
    }
    return n;
  }

  /** After `\u`: a BMP code point, or a surrogate pair written as two escapes. */
  private parseUnicodeEscape(): string {
    const at = this.pos - 2;
    const hi = this.hex4();
    if (hi >= 0xdc00 && hi <= 0xdfff) this.fail("lone trailing surrogate in hex escape", at);
    if (hi < 0xd800 || hi > 0xdbff) return String.fromCharCode(hi);
    if (this.text[this.pos] !== "\\" || this.text[this.pos + 1] !== "u") {
      this.fail("lone leading surrogate in hex escape", at);
    }
    this.pos += 2;
    const lo = this.hex4();
    if (lo < 0xdc00 || lo > 0xdfff) this.fail("lone leading surrogate in hex escape", at);
    return String.fromCharCode(hi, lo);
  }
}

// ---- Parsing fast path ------------------------------------------------------------------------
//
// V8's JSON.parse accepts exactly the RFC 8259 grammar of JsonParser and, for repeated keys,
// keeps the first position and the last value like JsonObject. So for a document it accepts the
// result is the same data, except where JsonParser fails or orders differently; nativeParse
// then gives up (NOT_FAST) and JsonParser decides, with its exact error positions: a number
// that may be out of range (an exponent, or 300+ digits), nesting deeper than the limit (also
// inside a value a repeated key overwrote), a `\uD800`-style surrogate escape (JSON.parse
// allows lone ones), or an object key that is an array index (JS objects list those first).

const NOT_FAST: unique symbol = Symbol("not fast");
const INDEX_LIKE_KEY = /^[0-9]+$/;
/** An exponent, or 300 digits in a row: a number that may be out of range (or a string like "1e5"). */
const EXPONENT = /[0-9][eE]/;
const LONG_DIGITS = /[0-9]{300}/;
/** `\uD800`–`\uDFFF` escapes (or an escaped backslash followed by such text: a false alarm). */
const SURROGATE_ESCAPE = /\\u[dD][89a-fA-F]/;

function nativeParse(text: string): JsonData | typeof NOT_FAST {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return NOT_FAST;
  }
  return needsExactParser(text) ? NOT_FAST : nativeToData(raw, 0);
}

/**
 * Whether text that JSON.parse accepted has something only JsonParser handles exactly (native
 * scans; false alarms only cost speed). Out-of-range numbers and nesting are checked on the
 * data by nativeToData — except with objects, where a repeated key may have dropped such a
 * value: then the text is checked.
 */
function needsExactParser(text: string): boolean {
  if (text.includes("\\u") && SURROGATE_ESCAPE.test(text)) return true;
  if (!text.includes("{")) return false;
  return EXPONENT.test(text) || LONG_DIGITS.test(text) || nestsDeeperThan(text, JSON_DEPTH_LIMIT);
}

/** Bracket nesting of valid JSON text (strings skipped) exceeds `limit`. */
function nestsDeeperThan(text: string, limit: number): boolean {
  let depth = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      for (i++; i < n; i++) {
        const d = text.charCodeAt(i);
        if (d === 0x5c) i++;
        else if (d === 0x22) break;
      }
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

/** JSON.parse output → JsonData (arrays reused in place, objects → JsonObject); NOT_FAST past the nesting limit or at a non-finite number. */
function nativeToData(v: unknown, depth: number): JsonData | typeof NOT_FAST {
  if (v === null || typeof v !== "object") return typeof v === "number" && !Number.isFinite(v) ? NOT_FAST : (v as JsonData);
  if (depth >= JSON_DEPTH_LIMIT) return NOT_FAST;
  if (Array.isArray(v)) {
    const a = v as unknown[];
    for (let i = 0; i < a.length; i++) {
      const x = a[i];
      if (x === null || typeof x !== "object") {
        if (typeof x === "number" && !Number.isFinite(x)) return NOT_FAST;
        continue;
      }
      const d = nativeToData(x, depth + 1);
      if (d === NOT_FAST) return NOT_FAST;
      a[i] = d;
    }
    return a as JsonData[];
  }
  const o = v as Record<string, unknown>;
  const entries = new Map<string, JsonData>();
  for (const k of Object.keys(o)) {
    if (INDEX_LIKE_KEY.test(k)) return NOT_FAST;
    const d = nativeToData(o[k], depth + 1);
    if (d === NOT_FAST) return NOT_FAST;
    entries.set(k, d);
  }
  return new JsonObject(entries);
}

/** 1-based line and column (in code points) of a UTF-16 offset; lines end at LF. */
function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf("\n"); i >= 0 && i < offset; i = text.indexOf("\n", i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: cpCount(text, lineStart, offset) + 1 };
}

/** Parses JSON text (RFC 8259, stdlib.md §6.2) into data, or returns the syntax error. */
export function parseJsonText(text: string): { ok: true; data: JsonData } | { ok: false; error: JsonParseError } {
  const fast = nativeParse(text);
  if (fast !== NOT_FAST) return { ok: true, data: fast };
  try {
    return { ok: true, data: new JsonParser(text).parseDocument() };
  } catch (e) {
    if (!(e instanceof Failure)) throw e;
    const { line, column } = lineColumn(text, e.offset);
    return { ok: false, error: new JsonParseError(e.reason, line, column) };
  }
}

/** Parses or raises AT0001 `Type error: Invalid JSON: <reason> at line L, column C`. */
export function parseJsonOrThrow(text: string): JsonData {
  const r = parseJsonText(text);
  if (!r.ok) throw typeError(`Invalid JSON: ${r.error.text}`);
  return r.data;
}

// ---- Printing ------------------------------------------------------------------------------

/** Accumulates output text, raising AT0007 once it would exceed the string capacity. */
class TextBuilder {
  /** V8 concatenates into ropes, flattened once at the end: cheaper than parts + join. */
  private text = "";

  constructor(readonly fn: string) {}

  add(s: string): void {
    const t = this.text + s;
    if (t.length > STRING_LIMIT) throw tooLarge(this.fn, STRING_LIMIT);
    this.text = t;
  }

  /** Reserves `n` units before a large piece is allocated. */
  reserve(n: number): void {
    if (this.text.length + n > STRING_LIMIT) throw tooLarge(this.fn, STRING_LIMIT);
  }

  toString(): string {
    return this.text;
  }
}

function writeScalar(out: TextBuilder, j: null | boolean | number | string): void {
  if (j === null) out.add("null");
  else if (typeof j === "boolean") out.add(j ? "true" : "false");
  else if (typeof j === "number") out.add(formatJsonNumber(j));
  else out.add(jsonQuote(j));
}

/** Compact form (stdlib.md §6.1.5). `depth` counts enclosing arrays/objects for toJSON. */
function writeCompact(out: TextBuilder, j: JsonData, depth: number): void {
  if (j === null || typeof j !== "object") return writeScalar(out, j);
  if (depth >= JSON_DEPTH_LIMIT) throw tooLarge(out.fn, JSON_DEPTH_LIMIT);
  if (Array.isArray(j)) {
    out.add("[");
    for (let i = 0; i < j.length; i++) {
      if (i > 0) out.add(",");
      writeCompact(out, j[i], depth + 1);
    }
    out.add("]");
    return;
  }
  out.add("{");
  let first = true;
  for (const [k, x] of j.entries) {
    if (!first) out.add(",");
    first = false;
    out.add(jsonQuote(k));
    out.add(":");
    writeCompact(out, x, depth + 1);
  }
  out.add("}");
}

/** Pretty form (stdlib.md §6.1.6) with `indent` spaces per level. */
function writePretty(out: TextBuilder, j: JsonData, indent: number, level: number, pads: string[]): void {
  if (j === null || typeof j !== "object") return writeScalar(out, j);
  const isArray = Array.isArray(j);
  const size = isArray ? j.length : j.entries.size;
  if (size === 0) return out.add(isArray ? "[]" : "{}");
  const inner = pad(out, indent, level + 1, pads);
  out.add(isArray ? "[\n" : "{\n");
  let i = 0;
  const items: Iterable<[string | null, JsonData]> = isArray
    ? j.map((x): [null, JsonData] => [null, x])
    : j.entries;
  for (const [k, x] of items) {
    out.add(inner);
    if (k !== null) {
      out.add(jsonQuote(k));
      out.add(": ");
    }
    writePretty(out, x, indent, level + 1, pads);
    out.add(++i < size ? ",\n" : "\n");
  }
  out.add(pad(out, indent, level, pads));
  out.add(isArray ? "]" : "}");
}

function pad(out: TextBuilder, indent: number, level: number, pads: string[]): string {
  const cached = pads[level];
  if (cached !== undefined) return cached;
  out.reserve(indent * level);
  const s = " ".repeat(indent * level);
  pads[level] = s;
  return s;
}

/** Compact JSON text of json data (minifyJSON). `fn` names the builtin for AT0007. */
export function stringifyJson(j: JsonData, fn = "minifyJSON"): string {
  const out = new TextBuilder(fn);
  writeCompact(out, j, 0);
  return out.toString();
}

/** Pretty JSON text of json data with `indent` (a non-negative integer) spaces per level. */
export function prettifyJsonData(j: JsonData, indent: number, fn = "prettifyJSON"): string {
  const out = new TextBuilder(fn);
  writePretty(out, j, indent, 0, []);
  return out.toString();
}

// ---- toJSON ------------------------------------------------------------------------------

/**
 * Compact JSON text of an Atlas value (toJSON, stdlib.md §6.2): null, bool, finite number,
 * string, json, and arrays of these. A self-containing array is AT0001 `Circular reference
 * detected in array`; nesting deeper than 512 is AT0007.
 */
export function valueToJsonText(v: Value, fn = "toJSON"): string {
  if (plainBudget(v, 0, STRING_LIMIT) >= 0) return JSON.stringify(v);
  const out = new TextBuilder(fn);
  writeValue(out, v, 0, new Set());
  return out.toString();
}

/**
 * The fast path of toJSON: JSON.stringify gives exactly writeValue's text for null, bools,
 * strings (jsonQuote IS JSON.stringify), numbers whose `String(n)` is already positional and
 * not `-0`, and arrays of these — provided the text cannot exceed the capacity. Returns the
 * budget left (an upper bound of the text's length is subtracted: 6 units per string unit for
 * `\uXXXX`, 32 per number, 1 per separator), or -1 when writeValue must decide (json values,
 * other numbers, anything it rejects, nesting at the limit — which includes every cycle).
 */
function plainBudget(v: Value, depth: number, budget: number): number {
  if (!Array.isArray(v)) return plainScalar(v, budget);
  if (depth >= JSON_DEPTH_LIMIT) return -1;
  budget -= 2 + v.length;
  // Scalars are handled in the loop (no call per element: this runs cold, once per toJSON).
  for (let i = 0; i < v.length && budget >= 0; i++) {
    const x = v[i];
    if (x === null) budget -= 4;
    else if (typeof x === "string") budget -= 2 + 6 * x.length;
    else if (typeof x === "number") budget = plainNumber(x) ? budget - 32 : -1;
    else if (typeof x === "boolean") budget -= 5;
    else budget = Array.isArray(x) ? plainBudget(x, depth + 1, budget) : -1;
  }
  return budget;
}

function plainScalar(v: Value, budget: number): number {
  if (v === null) return budget - 4;
  if (typeof v === "string") return budget - 2 - 6 * v.length;
  if (typeof v === "number") return plainNumber(v) ? budget - 32 : -1;
  return typeof v === "boolean" ? budget - 5 : -1;
}

/** `String(n)` is positional and equals formatJsonNumber(n): not -0, not NaN/±Infinity, no exponent. */
function plainNumber(n: number): boolean {
  const a = n < 0 ? -n : n;
  return a < 1e21 && (a >= 1e-6 || (n === 0 && 1 / n > 0));
}

function writeValue(out: TextBuilder, v: Value, depth: number, ancestors: Set<Value[]>): void {
  if (v === null || typeof v === "boolean" || typeof v === "string") return writeScalar(out, v);
  if (typeof v === "number") {
    if (!Number.isFinite(v)) throw typeError("Cannot serialize NaN or Infinity to JSON");
    return writeScalar(out, v);
  }
  if (v instanceof JsonValue) return writeCompact(out, v.data, depth);
  if (!Array.isArray(v)) throw typeError(`Cannot serialize ${kindTypeName(v)} to JSON`);
  if (ancestors.has(v)) throw typeError("Circular reference detected in array");
  if (depth >= JSON_DEPTH_LIMIT) throw tooLarge(out.fn, JSON_DEPTH_LIMIT);
  ancestors.add(v);
  out.add("[");
  for (let i = 0; i < v.length; i++) {
    if (i > 0) out.add(",");
    writeValue(out, v[i], depth + 1, ancestors);
  }
  out.add("]");
  ancestors.delete(v);
}

// ---- json values: kinds, extraction, indexing ---------------------------------------------

export const JSON_NULL = new JsonValue(null);

/** The kind names of json extraction messages: `null bool number string array object`. */
export function jsonKind(j: JsonData): string {
  if (j === null) return "null";
  if (typeof j === "boolean") return "bool";
  if (typeof j === "number") return "number";
  if (typeof j === "string") return "string";
  return Array.isArray(j) ? "array" : "object";
}

function cannotExtract(what: string, j: JsonValue): RuntimeError {
  return typeError(`Cannot extract ${what} from JSON value of type '${jsonKind(j.data)}'`);
}

/** `j.as_string()` / `jsonAsString(j)` (language.md §6.12). */
export function jsonAsString(j: JsonValue): string {
  if (typeof j.data === "string") return j.data;
  throw cannotExtract("string", j);
}

/** `j.as_number()` / `jsonAsNumber(j)`. */
export function jsonAsNumber(j: JsonValue): number {
  if (typeof j.data === "number") return j.data;
  throw cannotExtract("number", j);
}

/** `j.as_bool()` / `jsonAsBool(j)`. */
export function jsonAsBool(j: JsonValue): boolean {
  if (typeof j.data === "boolean") return j.data;
  throw cannotExtract("bool", j);
}

/** `j.is_null()` / `jsonIsNull(j)`. */
export function jsonIsNull(j: JsonValue): boolean {
  return j.data === null;
}

/**
 * `j[k]` (language.md §6.12): a member of an object by string key, an element of an array by
 * whole-number index in range (`-0` is 0); json null otherwise. Never raises.
 */
export function jsonIndex(j: JsonValue, key: Value): JsonValue {
  const d = j.data;
  if (d === null || typeof d !== "object") return JSON_NULL;
  if (Array.isArray(d)) {
    if (typeof key !== "number" || !Number.isInteger(key) || key < 0 || key >= d.length) return JSON_NULL;
    return wrapJson(d[key === 0 ? 0 : key]);
  }
  if (typeof key !== "string") return JSON_NULL;
  const x = d.entries.get(key);
  return x === undefined ? JSON_NULL : wrapJson(x);
}

/** A json value for data (shares JSON_NULL for null). */
export function wrapJson(d: JsonData): JsonValue {
  return d === null ? JSON_NULL : new JsonValue(d);
}
