// String builtins (stdlib.md §3). Every position counts code points, never UTF-16 units
// (§1.4); searching uses JS's literal (non-pattern) string search, whose UTF-16 offsets are
// converted, which is exact because Atlas strings hold no lone surrogates.
import { defineFn } from "./define.js";
import { RuntimeError, typeError } from "../runtime/errors.js";
import { formatNumber } from "../runtime/display.js";
import {
  ARRAY_LIMIT,
  REPEAT_LIMIT,
  STRING_LIMIT,
  checkArraySize,
  checkStringSize,
  tooLarge,
} from "../runtime/capacity.js";
import {
  codePoints,
  cpLength,
  cpToOffset,
  hasSurrogates,
  offsetToCp,
  trimEndWS,
  trimStartWS,
  trimWS,
} from "../runtime/codepoints.js";
import { noNegZero, num, str, strArray } from "./validate.js";
import type { Value } from "../runtime/values.js";

const S2S = "(s: string) -> string";
const S2B = "(s: string, needle: string) -> bool";
const S2N = "(s: string, needle: string) -> number";

function split(sv: Value, sepv: Value): Value {
  const s = str("split", sv);
  const sep = str("split", sepv);
  if (sep === "") {
    if (s === "") return [];
    checkArraySize("split", cpLength(s));
    return codePoints(s);
  }
  if (s.length >= ARRAY_LIMIT) {
    let pieces = 1;
    for (let i = s.indexOf(sep); i >= 0; i = s.indexOf(sep, i + sep.length)) {
      if (++pieces > ARRAY_LIMIT) throw tooLarge("split", ARRAY_LIMIT);
    }
  }
  return s.split(sep);
}

function join(partsv: Value, sepv: Value): Value {
  const parts = strArray("join", partsv);
  const sep = str("join", sepv);
  let size = parts.length > 0 ? sep.length * (parts.length - 1) : 0;
  for (const p of parts) size += p.length;
  checkStringSize("join", size);
  return parts.join(sep);
}

function indexOf(sv: Value, nv: Value): Value {
  const s = str("indexOf", sv);
  const needle = str("indexOf", nv);
  const i = s.indexOf(needle);
  return i < 0 ? -1 : offsetToCp(s, i);
}

function lastIndexOf(sv: Value, nv: Value): Value {
  const s = str("lastIndexOf", sv);
  const needle = str("lastIndexOf", nv);
  const i = s.lastIndexOf(needle);
  return i < 0 ? -1 : offsetToCp(s, i);
}

/** Case mapping: JS's is full and locale-independent, with the final-sigma rule. */
function caseMap(fn: string, sv: Value, upper: boolean): Value {
  const s = str(fn, sv);
  let r: string;
  try {
    r = upper ? s.toUpperCase() : s.toLowerCase();
  } catch {
    throw tooLarge(fn, STRING_LIMIT); // the host's string length limit
  }
  checkStringSize(fn, r.length);
  return r;
}

function substring(sv: Value, startv: Value, endv: Value): Value {
  const s = str("substring", sv);
  const start = num("substring", startv);
  const end = num("substring", endv);
  if (!Number.isInteger(start) || !Number.isInteger(end)) throw typeError("substring() indices must be integers");
  const n = cpLength(s);
  if (start < 0 || start > end || end > n) {
    const range = `[${formatNumber(noNegZero(start))}, ${formatNumber(noNegZero(end))})`;
    throw new RuntimeError("AT0006", `substring(): range ${range} out of bounds for length ${n}`, null);
  }
  if (!hasSurrogates(s)) return s.slice(start, end);
  return s.slice(cpToOffset(s, start), cpToOffset(s, end));
}

function charAt(sv: Value, iv: Value): Value {
  const s = str("charAt", sv);
  const index = num("charAt", iv);
  if (!Number.isInteger(index)) throw typeError("charAt() index must be an integer");
  const n = cpLength(s);
  if (index < 0 || index >= n) {
    throw new RuntimeError("AT0006", `charAt(): index ${formatNumber(noNegZero(index))} out of bounds for length ${n}`, null);
  }
  if (!hasSurrogates(s)) return s[index];
  const at = cpToOffset(s, index);
  return String.fromCodePoint(s.codePointAt(at) ?? 0);
}

function repeat(sv: Value, cv: Value): Value {
  const s = str("repeat", sv);
  const count = num("repeat", cv);
  if (!Number.isInteger(count)) throw typeError("repeat() count must be an integer");
  if (count < 0) throw typeError("repeat() count cannot be negative");
  if (count > REPEAT_LIMIT) throw tooLarge("repeat", REPEAT_LIMIT);
  checkStringSize("repeat", s.length * count);
  return s.repeat(count);
}

function replace(sv: Value, searchv: Value, replv: Value): Value {
  const s = str("replace", sv);
  const search = str("replace", searchv);
  const repl = str("replace", replv);
  if (search === "") return s;
  const i = s.indexOf(search);
  if (i < 0) return s;
  checkStringSize("replace", s.length - search.length + repl.length);
  return s.slice(0, i) + repl + s.slice(i + search.length); // literal: no `$` patterns
}

function pad(fn: "padStart" | "padEnd", sv: Value, lv: Value, fv: Value): Value {
  const s = str(fn, sv);
  const length = num(fn, lv);
  const fill = str(fn, fv);
  if (!Number.isInteger(length)) throw typeError(`${fn}() length must be an integer`);
  const n = cpLength(s);
  if (n >= length || fill === "") return s;
  const need = length - n; // code points to add
  const cps = codePoints(fill);
  const full = Math.floor(need / cps.length);
  const rest = cps.slice(0, need % cps.length).join("");
  checkStringSize(fn, s.length + full * fill.length + rest.length);
  const padding = fill.repeat(full) + rest;
  return fn === "padStart" ? padding + s : s + padding;
}

function contains(fn: "includes" | "startsWith" | "endsWith", sv: Value, nv: Value): Value {
  const s = str(fn, sv);
  const needle = str(fn, nv);
  return fn === "includes" ? s.includes(needle) : fn === "startsWith" ? s.startsWith(needle) : s.endsWith(needle);
}

defineFn("split", "(s: string, sep: string) -> string[]", split, true);
defineFn("join", "(parts: string[], sep: string) -> string", join, true);
defineFn("trim", S2S, (s: Value) => trimWS(str("trim", s)), true);
defineFn("trimStart", S2S, (s: Value) => trimStartWS(str("trimStart", s)), true);
defineFn("trimEnd", S2S, (s: Value) => trimEndWS(str("trimEnd", s)), true);
defineFn("indexOf", S2N, indexOf, true);
defineFn("lastIndexOf", S2N, lastIndexOf, true);
defineFn("includes", S2B, (s: Value, n: Value) => contains("includes", s, n), true);
defineFn("startsWith", S2B, (s: Value, n: Value) => contains("startsWith", s, n), true);
defineFn("endsWith", S2B, (s: Value, n: Value) => contains("endsWith", s, n), true);
defineFn("toUpperCase", S2S, (s: Value) => caseMap("toUpperCase", s, true), true);
defineFn("toLowerCase", S2S, (s: Value) => caseMap("toLowerCase", s, false), true);
defineFn("substring", "(s: string, start: number, end: number) -> string", substring, true);
defineFn("charAt", "(s: string, index: number) -> string", charAt, true);
defineFn("repeat", "(s: string, count: number) -> string", repeat, true);
defineFn("replace", "(s: string, search: string, replacement: string) -> string", replace, true);
defineFn(
  "padStart",
  "(s: string, length: number, fill: string) -> string",
  (s: Value, l: Value, f: Value) => pad("padStart", s, l, f),
  true,
);
defineFn(
  "padEnd",
  "(s: string, length: number, fill: string) -> string",
  (s: Value, l: Value, f: Value) => pad("padEnd", s, l, f),
  true,
);
