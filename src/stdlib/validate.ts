// Run-time argument validation shared by the builtins (stdlib.md §1.3.3): an ill-typed call
// that reaches a builtin (embedding hosts, covariant arrays) raises AT0102
// `<fn>(): expected <type>, got <kind>`, never a JavaScript exception.
import { argError, type RuntimeError } from "../runtime/errors.js";
import { typeOf } from "../runtime/display.js";
import {
  ErrorValue,
  JsonValue,
  OptionValue,
  ResultValue,
  type AtlasFunction,
  type Value,
} from "../runtime/values.js";

/** typeof of a value, or `nothing` for a missing argument. */
export function kindOf(v: Value | undefined): string {
  return v === undefined ? "nothing" : typeOf(v);
}

/** AT0102 `<fn>(): expected <type>, got <kind>`. */
export function expected(fn: string, type: string, v: Value | undefined): RuntimeError {
  return argError(fn, `expected ${type}, got ${kindOf(v)}`);
}

export function num(fn: string, v: Value | undefined): number {
  if (typeof v !== "number") throw expected(fn, "number", v);
  return v;
}

export function str(fn: string, v: Value | undefined): string {
  if (typeof v !== "string") throw expected(fn, "string", v);
  return v;
}

export function arr(fn: string, v: Value | undefined): Value[] {
  if (!Array.isArray(v)) throw expected(fn, "array", v);
  return v;
}

export function func(fn: string, v: Value | undefined): AtlasFunction {
  if (typeof v !== "function") throw expected(fn, "function", v);
  return v;
}

export function json(fn: string, v: Value | undefined): JsonValue {
  if (!(v instanceof JsonValue)) throw expected(fn, "json", v);
  return v;
}

export function option(fn: string, v: Value | undefined): OptionValue {
  if (!(v instanceof OptionValue)) throw expected(fn, "Option", v);
  return v;
}

export function result(fn: string, v: Value | undefined): ResultValue {
  if (!(v instanceof ResultValue)) throw expected(fn, "Result", v);
  return v;
}

export function optionOrResult(fn: string, v: Value | undefined): OptionValue | ResultValue {
  if (v instanceof OptionValue || v instanceof ResultValue) return v;
  throw expected(fn, "Option or Result", v);
}

export function error(fn: string, v: Value | undefined): ErrorValue {
  if (!(v instanceof ErrorValue)) throw expected(fn, "Error", v);
  return v;
}

/** An array whose elements must all be strings (`join`). */
export function strArray(fn: string, v: Value | undefined): string[] {
  const a = arr(fn, v);
  for (const x of a) if (typeof x !== "string") throw expected(fn, "string", x);
  return a as string[];
}

/** Calls a predicate callback; its result must be a bool. */
export function callPred(fn: string, f: AtlasFunction, x: Value): boolean {
  const r = f(x);
  if (typeof r !== "boolean") throw expected(fn, "bool", r);
  return r;
}

/** A value of `n` with `-0` normalised to `0` (for messages and indices). */
export function noNegZero(n: number): number {
  return n === 0 ? 0 : n;
}

/** Any value, but present (guards generic `<T>(value: T)` parameters against a missing argument). */
export function present(fn: string, v: Value | undefined): Value {
  if (v === undefined) throw expected(fn, "a value", v);
  return v;
}
