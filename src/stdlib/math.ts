// Math builtins and constants (stdlib.md §5). IEEE-754 throughout; never raise for domain
// problems (NaN / ±Infinity). round, min, max, clamp and pow differ from JS's Math on purpose.
import { defineConst, defineFn } from "./define.js";
import { num } from "./validate.js";
import type { Value } from "../runtime/values.js";

const UNARY = "(x: number) -> number";

/** Nearest integer, ties to even; only `-0` itself rounds to `-0` (round(-0.5) = 0). */
export function roundHalfEven(x: number): number {
  if (!Number.isFinite(x) || Number.isInteger(x)) return x;
  const f = Math.floor(x);
  const diff = x - f; // exact for non-integral doubles
  const r = diff < 0.5 ? f : diff > 0.5 ? f + 1 : f % 2 === 0 ? f : f + 1;
  return r === 0 ? 0 : r;
}

/** min ignoring a NaN argument; min(0, -0) = -0. */
export function minIgnoringNaN(a: number, b: number): number {
  if (Number.isNaN(a)) return b;
  if (Number.isNaN(b)) return a;
  return Math.min(a, b);
}

/** max ignoring a NaN argument; max(-0, 0) = 0. */
export function maxIgnoringNaN(a: number, b: number): number {
  if (Number.isNaN(a)) return b;
  if (Number.isNaN(b)) return a;
  return Math.max(a, b);
}

/** IEEE-754 pow: pow(x, ±0) = 1, pow(1, y) = 1 (also NaN), pow(-1, ±Infinity) = 1. */
export function ieeePow(base: number, exp: number): number {
  if (exp === 0 || base === 1) return 1;
  if (base === -1 && (exp === Infinity || exp === -Infinity)) return 1;
  return Math.pow(base, exp);
}

function unary(name: string, f: (x: number) => number, prot = true): void {
  defineFn(name, UNARY, (x: Value) => f(num(name, x)), prot);
}

unary("abs", Math.abs);
unary("floor", Math.floor);
unary("ceil", Math.ceil);
unary("round", roundHalfEven);
unary("sign", Math.sign);
unary("sqrt", Math.sqrt);
unary("log", Math.log);
unary("sin", Math.sin);
unary("cos", Math.cos);
unary("tan", Math.tan);
unary("asin", Math.asin);
unary("acos", Math.acos);
unary("atan", Math.atan);

defineFn("min", "(a: number, b: number) -> number", (a: Value, b: Value) => minIgnoringNaN(num("min", a), num("min", b)), true);
defineFn("max", "(a: number, b: number) -> number", (a: Value, b: Value) => maxIgnoringNaN(num("max", a), num("max", b)), true);
defineFn(
  "clamp",
  "(value: number, lo: number, hi: number) -> number",
  (v: Value, l: Value, h: Value) => {
    const value = num("clamp", v);
    const lo = num("clamp", l);
    const hi = num("clamp", h);
    if (lo > hi) return NaN;
    return minIgnoringNaN(maxIgnoringNaN(value, lo), hi);
  },
  true,
);
defineFn("pow", "(base: number, exp: number) -> number", (b: Value, e: Value) => ieeePow(num("pow", b), num("pow", e)), true);
defineFn("random", "() -> number", () => Math.random(), true);

defineConst("PI", "number", Math.PI);
defineConst("E", "number", Math.E);
defineConst("SQRT2", "number", Math.SQRT2);
defineConst("LN2", "number", Math.LN2);
defineConst("LN10", "number", Math.LN10);
