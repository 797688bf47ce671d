// Type predicates and conversions (stdlib.md §7): is*/isType/has*, toString (§7.3),
// toNumber, toBool, parseInt, parseFloat. Number parsing follows the spec's own grammar,
// not JavaScript's Number()/parseInt().
import { defineFn } from "./define.js";
import { typeError } from "../runtime/errors.js";
import { display, formatJsonNumber, formatNumber, typeOf } from "../runtime/display.js";
import { trimWS } from "../runtime/codepoints.js";
import {
  Handle,
  JsonObject,
  JsonValue,
  OptionValue,
  ResultValue,
  type Value,
} from "../runtime/values.js";
import { expected, num, present, str } from "./validate.js";

// ---- Predicates (§7.1) -----------------------------------------------------------------------

/**
 * The lookup the HashMap handle (collections, stdlib.md §9.2) must provide for hasField /
 * hasMethod / hasTag: `get(key)` returns the stored value or undefined.
 */
export interface HashMapLookup {
  get(key: Value): Value | undefined;
}

function hashMapGet(v: Value, key: string): Value | undefined {
  if (!(v instanceof Handle) || v.typeName !== "hashmap") return undefined;
  const lookup = (v as unknown as Partial<HashMapLookup>).get;
  return typeof lookup === "function" ? lookup.call(v, key) : undefined;
}

function jsonObjectOf(v: Value): JsonObject | null {
  return v instanceof JsonValue && v.data instanceof JsonObject ? v.data : null;
}

function hasField(fn: string, v: Value, nv: Value): boolean {
  present(fn, v);
  const name = str(fn, nv);
  const obj = jsonObjectOf(v);
  if (obj !== null) return obj.entries.has(name);
  return hashMapGet(v, name) !== undefined;
}

function hasTag(v: Value, tv: Value): boolean {
  present("hasTag", v);
  const tag = str("hasTag", tv);
  const obj = jsonObjectOf(v);
  if (obj !== null) return obj.entries.get("tag") === tag;
  return hashMapGet(v, "tag") === tag;
}

function isType(v: Value, nv: Value): boolean {
  present("isType", v);
  const name = str("isType", nv);
  if (name === "object" && jsonObjectOf(v) !== null) return true;
  return typeOf(v) === name;
}

// ---- toString (§7.3) ---------------------------------------------------------------------

const HANDLE_TAGS = new Map([
  ["hashmap", "[HashMap]"],
  ["hashset", "[HashSet]"],
  ["queue", "[Queue]"],
  ["stack", "[Stack]"],
]);

/** toString(v) (stdlib.md §7.3); never fails. */
export function toStringValue(v: Value): string {
  if (v === null) return "null";
  switch (typeof v) {
    case "boolean":
      return v ? "true" : "false";
    case "number":
      if (Number.isNaN(v)) return "NaN";
      if (!Number.isFinite(v)) return v > 0 ? "Infinity" : "-Infinity";
      return formatJsonNumber(v);
    case "string":
      return v;
    case "function":
      return v.atlasKind === "builtin" ? `[Builtin ${v.atlasName ?? "anonymous"}]` : "[Function]";
    default:
      break;
  }
  if (Array.isArray(v)) return "[Array]";
  if (v instanceof JsonValue) return "[JSON]";
  if (v instanceof OptionValue) return v.isSome ? `Some(${innerToString(v.value)})` : "None";
  if (v instanceof ResultValue) return `${v.isOk ? "Ok" : "Err"}(${innerToString(v.value)})`;
  if (v instanceof Handle) {
    const tag = HANDLE_TAGS.get(v.typeName);
    if (tag !== undefined) return tag;
    if (v.typeName === "regex") return `[${v.display().slice(1, -1)}]`; // <Regex /p/> → [Regex /p/]
  }
  return display(v, "toString");
}

function innerToString(v: Value): string {
  if (typeof v === "string") return `"${v}"`;
  if (v instanceof OptionValue) return "[Option]";
  if (v instanceof ResultValue) return "[Result]";
  return toStringValue(v);
}

// ---- Numbers from text (§7.2) ------------------------------------------------------------

const DECIMAL = /^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;
const WORD = /^([+-]?)(inf|infinity|nan)$/i;

/** The toNumber/parseFloat grammar on trimmed text: a number, or null when invalid. */
export function parseDecimal(t: string): number | null {
  if (DECIMAL.test(t)) return Number(t);
  const m = WORD.exec(t);
  if (m === null) return null;
  if (m[2].toLowerCase() === "nan") return NaN;
  return m[1] === "-" ? -Infinity : Infinity;
}

function toNumber(v: Value): number {
  if (typeof v === "number") return v;
  if (typeof v === "boolean") return v ? 1 : 0;
  if (typeof v !== "string") throw expected("toNumber", "number, string or bool", v);
  const t = trimWS(v);
  if (t === "") throw typeError("Cannot convert empty string to number");
  const n = parseDecimal(t);
  if (n === null) throw typeError(`Cannot convert '${v}' to number`);
  return n;
}

function parseFloatText(tv: Value): number {
  const text = str("parseFloat", tv);
  const t = trimWS(text);
  if (t === "") throw typeError("Cannot parse empty string as float");
  const n = parseDecimal(t);
  if (n === null) throw typeError(`Cannot parse '${text}' as float`);
  return n;
}

const I64_MAX = (1n << 63n) - 1n;

function parseIntText(tv: Value, rv: Value): number {
  const text = str("parseInt", tv);
  const radix = num("parseInt", rv);
  if (!Number.isInteger(radix) || radix < 2 || radix > 36) {
    throw typeError("parseInt() radix must be integer between 2 and 36");
  }
  const t = trimWS(text);
  if (t === "") throw typeError("Cannot parse empty string as integer");
  const invalid = () => typeError(`Invalid integer '${text}' for radix ${formatNumber(radix)}`);
  const negative = t[0] === "-";
  const digits = t[0] === "-" || t[0] === "+" ? t.slice(1) : t;
  if (digits === "") throw invalid();
  let big = 0n;
  const r = BigInt(radix);
  for (const ch of digits) {
    const d = digitValue(ch);
    if (d < 0 || d >= radix) throw invalid();
    big = big * r + BigInt(d);
  }
  if (big > I64_MAX) throw invalid();
  const n = Number(big); // nearest double
  return negative && n !== 0 ? -n : n;
}

/** 0–35 for `0-9`, `a-z`, `A-Z`; -1 otherwise. */
function digitValue(ch: string): number {
  const c = ch.charCodeAt(0);
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x7a) return c - 0x61 + 10;
  if (c >= 0x41 && c <= 0x5a) return c - 0x41 + 10;
  return -1;
}

function toBool(v: Value): boolean {
  present("toBool", v);
  if (v === null || v === false || v === "") return false;
  if (typeof v === "number") return !(v === 0 || Number.isNaN(v));
  return true;
}

// ---- Registration ------------------------------------------------------------------------

const PRED = "<T>(value: T) -> bool";
function kindPredicate(name: string, test: (v: Value) => boolean): void {
  defineFn(name, PRED, (v: Value) => test(present(name, v)));
}

kindPredicate("isString", (v) => typeof v === "string");
kindPredicate("isNumber", (v) => typeof v === "number");
kindPredicate("isBool", (v) => typeof v === "boolean");
kindPredicate("isNull", (v) => v === null);
kindPredicate("isArray", (v) => Array.isArray(v));
kindPredicate("isFunction", (v) => typeof v === "function");
kindPredicate("isObject", (v) => jsonObjectOf(v) !== null);
defineFn("isType", "<T>(value: T, name: string) -> bool", isType);
defineFn("hasField", "<T>(value: T, name: string) -> bool", (v: Value, n: Value) => hasField("hasField", v, n));
defineFn("hasMethod", "<T>(value: T, name: string) -> bool", (v: Value, n: Value) => hasField("hasMethod", v, n));
defineFn("hasTag", "<T>(value: T, tag: string) -> bool", hasTag);
defineFn("toString", "<T>(value: T) -> string", (v: Value) => toStringValue(present("toString", v)));
defineFn("toNumber", "(value: number | string | bool) -> number", toNumber);
defineFn("toBool", "<T>(value: T) -> bool", toBool);
defineFn("parseInt", "(text: string, radix: number) -> number", parseIntText);
defineFn("parseFloat", "(text: string) -> number", parseFloatText);
