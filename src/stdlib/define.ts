// Declaring builtins: each is defined once with its typed signature (read by the checker)
// next to its implementation (called by both engines), stdlib.md §1.1.3.
import type { AtlasFunction, Value } from "../runtime/values.js";
import type { Span } from "../diagnostics/span.js";
import type { Policy } from "../security/policy.js";

/**
 * What a builtin may need from the runtime that runs it. One per Runtime instance.
 * Engines set `callSpan` to the span of a builtin call right before invoking it, so builtins
 * that create Error values (errorNew, futureReject) can record their origin; read it on entry.
 */
export interface BuiltinContext {
  /** Writes program output (stdout sink). */
  writeOut(text: string): void;
  /** Writes to the stderr sink (flushes stdout first, language.md §13.3.6). */
  writeErr(text: string): void;
  callSpan: Span | null;
  /**
   * Permissions, working directory and I/O limits of this runtime (stdlib.md §11). Absent
   * means deny everything (relative paths against the process's working directory).
   */
  policy?: Policy;
}

export interface BuiltinDef {
  readonly name: string;
  /**
   * Signature in stdlib.md notation, e.g. `<T>(arr: T[], value: T) -> null`,
   * `(s: string) -> number ; <T>(arr: T[]) -> number` (overloads), `(x: number, y?: number) -> number`
   * (optional trailing parameter), `(first: string, ...rest: string[]) -> string` (variadic tail).
   * For a constant (`PI`), a plain type: `number`.
   */
  readonly signature: string;
  /** Protected by AT1012 (language.md §5.2). */
  readonly protected: boolean;
  /** A constant's value (when `constant` is true). */
  readonly constant?: Value;
  /** Creates the function value for one runtime. Pure builtins ignore ctx. */
  readonly make?: (ctx: BuiltinContext) => (...args: Value[]) => Value;
  /** One-line user description for docs/stdlib.md (else docs-descriptions.ts has it). */
  readonly doc?: string;
}

export const BUILTINS: BuiltinDef[] = [];

/** A builtin that needs no runtime context. */
export function defineFn(name: string, signature: string, impl: (...args: Value[]) => Value, prot = false): void {
  BUILTINS.push({ name, signature, protected: prot, make: () => impl });
}

/** A builtin that needs the runtime context (output, scheduler, permissions…). */
export function defineCtxFn(
  name: string,
  signature: string,
  make: (ctx: BuiltinContext) => (...args: Value[]) => Value,
  prot = false,
): void {
  BUILTINS.push({ name, signature, protected: prot, make });
}

export function defineConst(name: string, type: string, value: Value): void {
  BUILTINS.push({ name, signature: type, protected: false, constant: value });
}

export type { AtlasFunction };
