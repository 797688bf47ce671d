// The value model shared by both engines (language.md §6.1). Primitives are JS primitives,
// arrays are JS arrays (reference semantics), functions are JS functions tagged with
// metadata, everything else is a small class. Display/typeof/equality live in display.ts
// and ops.ts; this file only defines shapes and constructors.
import type { Span } from "../diagnostics/span.js";

export type Value =
  | number
  | string
  | boolean
  | null
  | Value[]
  | AtlasFunction
  | OptionValue
  | ResultValue
  | JsonValue
  | ErrorValue
  | Handle;

/**
 * Every callable Atlas value is a plain JS function taking positional arguments, so builtins
 * can call callbacks and generated code can call functions directly. Metadata:
 * - atlasKind "function": a user function (named, anonymous or async), typeof "function";
 *   "builtin": a library or host function, typeof "builtin".
 * - atlasName: the declared name, or null for an anonymous function.
 * Builtins signal failures by throwing RuntimeError with span null; the engine's call site
 * fills in the call's span (stdlib.md §1.3.1).
 */
export interface AtlasFunction {
  (...args: Value[]): Value;
  atlasKind: "function" | "builtin";
  atlasName: string | null;
}

export function tagFunction<F extends (...args: Value[]) => Value>(
  fn: F,
  kind: "function" | "builtin",
  name: string | null,
): F & AtlasFunction {
  const f = fn as F & AtlasFunction;
  f.atlasKind = kind;
  f.atlasName = name;
  return f;
}

export class OptionValue {
  constructor(
    readonly isSome: boolean,
    readonly value: Value,
  ) {}
}

export const NONE = new OptionValue(false, null);

export function some(v: Value): OptionValue {
  return new OptionValue(true, v);
}

export class ResultValue {
  constructor(
    readonly isOk: boolean,
    /** The Ok payload or the Err payload. */
    readonly value: Value,
  ) {}
}

export function ok(v: Value): ResultValue {
  return new ResultValue(true, v);
}

export function err(v: Value): ResultValue {
  return new ResultValue(false, v);
}

/** JSON data: objects are ordered maps so integer-like keys and "__proto__" stay in place. */
export type JsonData = null | boolean | number | string | JsonData[] | JsonObject;

export class JsonObject {
  constructor(readonly entries: Map<string, JsonData> = new Map()) {}
}

/** A json value (typeof "json"): an immutable JSON tree. */
export class JsonValue {
  constructor(readonly data: JsonData) {}
}

/** An Error value (language.md §6.14). `origin` is the span the diagnostic points at. */
export class ErrorValue {
  constructor(
    readonly code: string,
    readonly message: string,
    readonly origin: Span | null,
    readonly help?: string,
    /** Notes attached later (e.g. further failures of a task group, async.md §A4.3). */
    readonly notes: string[] = [],
  ) {}
}

/**
 * Base class of the opaque handle values (HashMap, Future, Channel, …). `typeName` is the
 * typeof string; `display()` the Display text (language.md §7.2).
 */
export abstract class Handle {
  abstract readonly typeName: string;
  abstract display(): string;
}
