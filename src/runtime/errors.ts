// Runtime errors as thrown by both engines and the stdlib. Not a subclass of Error: throwing
// it captures no JS stack, and nothing user-visible ever comes from a host exception.
import type { Span } from "../diagnostics/span.js";

/** A user-visible runtime error (language.md §6.15). span null = "fill in the call site". */
export class RuntimeError {
  constructor(
    readonly code: string,
    readonly message: string,
    public span: Span | null = null,
    readonly help?: string,
    readonly notes: string[] = [],
  ) {}
}

/** An internal invariant failed: a bug in Atlas itself, reported as AT9995. */
export class InternalBug extends Error {
  constructor(detail: string) {
    super(`BUG: ${detail}`);
  }
}

/** AT0001 `Type error: <detail>` */
export function typeError(detail: string, span: Span | null = null): RuntimeError {
  return new RuntimeError("AT0001", `Type error: ${detail}`, span);
}

/** AT0102 `<fn>(): <detail>` (stdlib.md §1.3). */
export function argError(fn: string, detail: string): RuntimeError {
  return new RuntimeError("AT0102", `${fn}(): ${detail}`, null);
}
