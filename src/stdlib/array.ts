// Array builtins (stdlib.md §4). Only `push` mutates its argument; every other builtin builds
// a new array (shallow copy). Callback builtins iterate over a snapshot taken on entry (§1.6.2).
import { defineFn } from "./define.js";
import { typeError } from "../runtime/errors.js";
import { ARRAY_LIMIT, checkArraySize, tooLarge } from "../runtime/capacity.js";
import { compareCodePoints } from "../runtime/codepoints.js";
import { formatNumber } from "../runtime/display.js";
import { valuesEqual } from "../runtime/equality.js";
import { arr, callPred, expected, func, num, present } from "./validate.js";
import { stableSortInPlace } from "./stable-sort.js";
import type { Value } from "../runtime/values.js";

// ---- Building and reshaping (§4.1) ------------------------------------------------------------

function push(av: Value, value: Value): Value {
  const a = arr("push", av);
  present("push", value);
  checkArraySize("push", a.length + 1);
  a.push(value);
  return null;
}

function popOrShift(fn: "pop" | "shift", av: Value): Value {
  const a = arr(fn, av);
  if (a.length === 0) throw typeError(`Cannot ${fn} from empty array`);
  return fn === "pop" ? [a[a.length - 1], a.slice(0, -1)] : [a[0], a.slice(1)];
}

function unshift(av: Value, value: Value): Value {
  const a = arr("unshift", av);
  present("unshift", value);
  checkArraySize("unshift", a.length + 1);
  const out: Value[] = [value];
  for (const x of a) out.push(x);
  return out;
}

function concat(av: Value, bv: Value): Value {
  const a = arr("concat", av);
  const b = arr("concat", bv);
  checkArraySize("concat", a.length + b.length);
  return a.concat(b);
}

function flatten(av: Value): Value {
  const a = arr("flatten", av);
  let size = 0;
  for (const inner of a) {
    size += arr("flatten", inner).length;
    if (size > ARRAY_LIMIT) throw tooLarge("flatten", ARRAY_LIMIT);
  }
  const out: Value[] = [];
  for (const inner of a as Value[][]) for (const x of inner) out.push(x);
  return out;
}

/** Truncates toward zero (NaN → 0, ±Infinity saturate) and clamps to [0, len]. */
function clampIndex(x: number, len: number): number {
  const t = Number.isNaN(x) ? 0 : Math.trunc(x);
  return t <= 0 ? 0 : t > len ? len : t;
}

function slice(av: Value, sv: Value, ev: Value): Value {
  const a = arr("slice", av);
  const start = clampIndex(num("slice", sv), a.length);
  const end = clampIndex(num("slice", ev), a.length);
  if (start > end) throw typeError(`Invalid slice range: start ${formatNumber(start)} > end ${formatNumber(end)}`);
  return a.slice(start, end);
}

// ---- Searching (§4.2) ---------------------------------------------------------------------

function indexOfValue(fn: string, av: Value, value: Value, last: boolean): number {
  const a = arr(fn, av);
  present(fn, value);
  if (last) {
    for (let i = a.length - 1; i >= 0; i--) if (valuesEqual(a[i], value)) return i;
  } else {
    for (let i = 0; i < a.length; i++) if (valuesEqual(a[i], value)) return i;
  }
  return -1;
}

/** Index (in the snapshot) of the first element satisfying `pred`, else -1. */
function findFirst(fn: string, av: Value, fv: Value, want: boolean): { index: number; value: Value } {
  const a = arr(fn, av).slice();
  const f = func(fn, fv);
  const n = a.length;
  for (let i = 0; i < n; i++) {
    if (callPred(fn, f, a[i]) === want) return { index: i, value: a[i] };
  }
  return { index: -1, value: null };
}

// ---- Transforming (§4.3) ------------------------------------------------------------------
// Indexed loops over the snapshot, the callback called directly: these loops run callbacks
// millions of times, often before V8 optimizes them, where iterators and helpers cost calls.

// map and filter build their result in the snapshot itself (a private copy nobody else can
// see): one array per call, no growth.

function map(av: Value, fv: Value): Value {
  const a = arr("map", av).slice();
  const f = func("map", fv);
  const n = a.length;
  for (let i = 0; i < n; i++) a[i] = f(a[i]);
  return a;
}

function filter(av: Value, fv: Value): Value {
  const a = arr("filter", av).slice();
  const f = func("filter", fv);
  const n = a.length;
  let kept = 0;
  for (let i = 0; i < n; i++) {
    const x = a[i];
    const keep = f(x); // callPred(), inlined by hand
    if (typeof keep !== "boolean") throw expected("filter", "bool", keep);
    if (keep) a[kept++] = x;
  }
  a.length = kept;
  return a;
}

function reduce(av: Value, fv: Value, initial: Value): Value {
  const a = arr("reduce", av).slice();
  const f = func("reduce", fv);
  let acc = present("reduce", initial);
  const n = a.length;
  for (let i = 0; i < n; i++) acc = f(acc, a[i]);
  return acc;
}

function forEach(av: Value, fv: Value): Value {
  const a = arr("forEach", av).slice();
  const f = func("forEach", fv);
  const n = a.length;
  for (let i = 0; i < n; i++) f(a[i]);
  return null;
}

function flatMap(av: Value, fv: Value): Value {
  const a = arr("flatMap", av).slice();
  const f = func("flatMap", fv);
  const out: Value[] = [];
  for (const x of a) {
    const r = f(x);
    if (!Array.isArray(r)) throw expected("flatMap", "array", r);
    checkArraySize("flatMap", out.length + r.length);
    for (const y of r) out.push(y);
  }
  return out;
}

function sort(av: Value, cv: Value): Value {
  const a = arr("sort", av).slice();
  const cmp = func("sort", cv);
  return stableSortInPlace(a, cmp);
}

/** sortBy key order: numbers ascending, then NaN, then strings by code point. */
function keyRank(k: number | string): number {
  return typeof k === "string" ? 2 : Number.isNaN(k) ? 1 : 0;
}

function keyBefore(x: number | string, y: number | string): boolean {
  const rx = keyRank(x);
  const ry = keyRank(y);
  if (rx !== ry) return rx < ry;
  if (typeof x === "number" && typeof y === "number") return x < y;
  if (typeof x === "string" && typeof y === "string") return compareCodePoints(x, y) < 0;
  return false;
}

function sortBy(av: Value, kv: Value): Value {
  const a = arr("sortBy", av).slice();
  const key = func("sortBy", kv);
  const keyed = a.map((value) => {
    const k = key(value);
    if (typeof k !== "number" && typeof k !== "string") throw expected("sortBy", "number or string", k);
    return { value, k };
  });
  return stableSortInPlace(keyed, (later, earlier) => (keyBefore(later.k, earlier.k) ? -1 : 0)).map((e) => e.value);
}

// ---- Registration ------------------------------------------------------------------------

defineFn("push", "<T>(arr: T[], value: T) -> null", push);
defineFn("pop", "<T>(arr: T[]) -> (T | T[])[]", (a: Value) => popOrShift("pop", a), true);
defineFn("shift", "<T>(arr: T[]) -> (T | T[])[]", (a: Value) => popOrShift("shift", a), true);
defineFn("unshift", "<T>(arr: T[], value: T) -> T[]", unshift, true);
defineFn("reverse", "<T>(arr: T[]) -> T[]", (a: Value) => arr("reverse", a).slice().reverse(), true);
defineFn("concat", "<T>(a: T[], b: T[]) -> T[]", concat, true);
defineFn("flatten", "<T>(arr: T[][]) -> T[]", flatten, true);
defineFn("slice", "<T>(arr: T[], start: number, end: number) -> T[]", slice, true);
defineFn(
  "arrayIndexOf",
  "<T>(arr: T[], value: T) -> number",
  (a: Value, v: Value) => indexOfValue("arrayIndexOf", a, v, false),
  true,
);
defineFn(
  "arrayLastIndexOf",
  "<T>(arr: T[], value: T) -> number",
  (a: Value, v: Value) => indexOfValue("arrayLastIndexOf", a, v, true),
  true,
);
defineFn(
  "arrayIncludes",
  "<T>(arr: T[], value: T) -> bool",
  (a: Value, v: Value) => indexOfValue("arrayIncludes", a, v, false) !== -1,
  true,
);
defineFn("map", "<T, U>(arr: T[], f: (T) -> U) -> U[]", map, true);
defineFn("filter", "<T>(arr: T[], pred: (T) -> bool) -> T[]", filter, true);
defineFn("reduce", "<T, A>(arr: T[], f: (A, T) -> A, initial: A) -> A", reduce, true);
defineFn("forEach", "<T, R>(arr: T[], f: (T) -> R) -> null", forEach, true);
defineFn(
  "find",
  "<T>(arr: T[], pred: (T) -> bool) -> T | null",
  (a: Value, f: Value) => findFirst("find", a, f, true).value,
  true,
);
defineFn(
  "findIndex",
  "<T>(arr: T[], pred: (T) -> bool) -> number",
  (a: Value, f: Value) => findFirst("findIndex", a, f, true).index,
  true,
);
defineFn("flatMap", "<T, U>(arr: T[], f: (T) -> U[]) -> U[]", flatMap, true);
defineFn(
  "some",
  "<T>(arr: T[], pred: (T) -> bool) -> bool",
  (a: Value, f: Value) => findFirst("some", a, f, true).index !== -1,
  true,
);
defineFn(
  "every",
  "<T>(arr: T[], pred: (T) -> bool) -> bool",
  (a: Value, f: Value) => findFirst("every", a, f, false).index === -1,
  true,
);
defineFn("sort", "<T>(arr: T[], cmp: (T, T) -> number) -> T[]", sort, true);
defineFn("sortBy", "<T>(arr: T[], key: (T) -> number | string) -> T[]", sortBy, true);
