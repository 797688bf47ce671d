// Equality of values, `==` / `!=` / literal patterns (language.md §6.5), and the SameValueZero
// key normalisation used by HashMap and HashSet (stdlib.md §1.7). Deep Option/Result chains
// are compared in a loop, so no nesting depth can overflow the stack.
import { RuntimeError } from "./errors.js";
import { typeOf } from "./display.js";
import { JsonObject, JsonValue, OptionValue, ResultValue, type JsonData, type Value } from "./values.js";

/** `a == b` (language.md §6.5). */
export function valuesEqual(a: Value, b: Value): boolean {
  for (;;) {
    if (a === b) return true; // NaN !== NaN, -0 === 0
    if (typeof a !== "object" && typeof a !== "function") return false; // primitives: === decided
    if (typeof a === "function" && typeof b === "function") {
      // A builtin equals itself; equality of builtins is by name (stdlib.md §1.1.2).
      return a.atlasKind === "builtin" && b.atlasKind === "builtin" && a.atlasName !== null && a.atlasName === b.atlasName;
    }
    if (a instanceof OptionValue && b instanceof OptionValue) {
      if (a.isSome !== b.isSome) return false;
      if (!a.isSome) return true;
    } else if (a instanceof ResultValue && b instanceof ResultValue) {
      if (a.isOk !== b.isOk) return false;
    } else if (a instanceof JsonValue && b instanceof JsonValue) {
      return jsonEqual(a.data, b.data);
    } else {
      return false; // identity kinds (already compared), or different kinds
    }
    a = a.value;
    b = b.value;
  }
}

/** Structural json equality: same kind and contents, object member order ignored. */
export function jsonEqual(a: JsonData, b: JsonData): boolean {
  if (a === b) return true; // numbers: json numbers are finite, so no NaN here
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!jsonEqual(a[i], b[i])) return false;
    return true;
  }
  if (!(b instanceof JsonObject) || !(a instanceof JsonObject)) return false;
  if (a.entries.size !== b.entries.size) return false;
  for (const [k, x] of a.entries) {
    const y = b.entries.get(k);
    if (y === undefined || !jsonEqual(x, y)) return false;
  }
  return true;
}

/** A normalised HashMap/HashSet key: JS `Map` already uses SameValueZero; `-0` becomes `0`. */
export type HashKey = number | string | boolean | null;

export function isHashable(v: Value): v is HashKey {
  return v === null || typeof v === "number" || typeof v === "string" || typeof v === "boolean";
}

/**
 * The SameValueZero key of `v` (NaN is one key, `0`/`-0` are one key stored as `0`, `1` and
 * `"1"` differ). A non-hashable value raises AT0140 (reachable only from ill-typed calls).
 */
export function sameValueZeroKey(v: Value): HashKey {
  if (!isHashable(v)) {
    throw new RuntimeError(
      "AT0140",
      `Cannot hash type ${typeOf(v)} - only number, string, bool, null are hashable`,
      null,
    );
  }
  return v === 0 ? 0 : v;
}
