// Capacity limits of stdlib.md §1.9 and the AT0007 error raised when a result would exceed
// them. Shared by the runtime (Display, JSON, the `+` operator) and the standard library.
import { RuntimeError } from "./errors.js";

/** Longest string a builtin (or `+`) may produce, in UTF-16 code units (2^28). */
export const STRING_LIMIT = 268_435_456;
/** Most elements an array produced or grown by a builtin may have (2^27). */
export const ARRAY_LIMIT = 134_217_728;
/** Most entries in one HashMap or HashSet (2^24). */
export const COLLECTION_LIMIT = 16_777_216;
/** Largest `repeat` count (v0.2). */
export const REPEAT_LIMIT = 1_000_000;
/** Deepest JSON nesting accepted by parseJSON / produced by toJSON. */
export const JSON_DEPTH_LIMIT = 512;

/** AT0007 `<fn>(): result too large (limit <N>)` (stdlib.md §1.9). */
export function tooLarge(fn: string, limit: number): RuntimeError {
  return new RuntimeError("AT0007", `${fn}(): result too large (limit ${limit})`, null);
}

/** Throws AT0007 when a string of `units` UTF-16 code units would exceed the limit. */
export function checkStringSize(fn: string, units: number): void {
  if (units > STRING_LIMIT) throw tooLarge(fn, STRING_LIMIT);
}

/** Throws AT0007 when an array of `length` elements would exceed the limit. */
export function checkArraySize(fn: string, length: number): void {
  if (length > ARRAY_LIMIT) throw tooLarge(fn, ARRAY_LIMIT);
}
