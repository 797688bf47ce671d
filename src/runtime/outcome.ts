// Outcomes as values (design.md R10): how an activation, a task or a whole run ended.
// Engines and the scheduler pass these around instead of throwing across async boundaries.
import type { ErrorValue, Value } from "./values.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";

export type Outcome =
  | { readonly kind: "ok"; readonly value: Value }
  | { readonly kind: "failed"; readonly error: ErrorValue }
  | { readonly kind: "cancelled" };

export function okOutcome(value: Value): Outcome {
  return { kind: "ok", value };
}

export function failedOutcome(error: ErrorValue): Outcome {
  return { kind: "failed", error };
}

export const CANCELLED: Outcome = { kind: "cancelled" };

/** The result of running a whole program (`atlas run`, `rt.runFile`). */
export interface RunResult {
  /** 0 on success, 1 after a runtime error, deadlock or unhandled rejection. */
  readonly exitCode: number;
  /** Runtime diagnostics that were written to stderr, in order (for embedding APIs). */
  readonly diagnostics: Diagnostic[];
}

/** The result of one REPL / eval input (language.md §10.1–§10.3). */
export type InputResult =
  | {
      readonly ok: true;
      /** Value of the input's final statement when it is an expression statement, else null. */
      readonly value: Value;
      /** True when the final statement is an expression statement (its value may be echoed). */
      readonly isExpression: boolean;
    }
  | { readonly ok: false; readonly diagnostics: Diagnostic[] };
