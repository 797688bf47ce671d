// Runtime failures as diagnostics and Error values: RuntimeError → Diagnostic (empty label,
// language.md §8.6), RuntimeError ⇄ ErrorValue (§6.13.4, §6.14, §13.3.2), the AT0175 / AT0173
// / AT9995 reports of async.md §A2.4, §A1.5, and the conversion of host exceptions.
import { errorDiag, type Diagnostic } from "../diagnostics/diagnostic.js";
import type { Span } from "../diagnostics/span.js";
import { InternalBug, RuntimeError } from "./errors.js";
import { MAX_CALL_DEPTH } from "./limits.js";
import { ErrorValue } from "./values.js";

/** The diagnostic of a runtime error (label always empty). */
export function runtimeDiagnostic(e: RuntimeError): Diagnostic {
  return errorDiag(e.code, e.message, e.span, {
    notes: [...e.notes],
    ...(e.help !== undefined ? { help: e.help } : {}),
  });
}

/** Error values made from runtime errors; their origin is where a re-raise is located. */
const fromRuntime = new WeakSet<ErrorValue>();

/**
 * The Error value of a runtime error (language.md §6.14): same code and message (AT0001 keeps
 * its `Type error: ` prefix), origin = the error's span, help and notes kept.
 */
export function errorFromRuntimeError(e: RuntimeError): ErrorValue {
  const v = new ErrorValue(e.code, e.message, e.span, e.help, [...e.notes]);
  fromRuntime.add(v);
  return v;
}

/** True when `err` was made from a runtime error (so its origin locates a re-raise). */
export function cameFromRuntimeError(err: ErrorValue): boolean {
  return fromRuntime.has(err);
}

/**
 * The runtime error raised by `await` on a future rejected with `err` (§6.13.4, §13.3.2):
 * same code, message, help and notes; located at the Error's origin if it came from a runtime
 * error, else at the await expression.
 */
export function runtimeErrorFromError(err: ErrorValue, awaitSpan: Span | null): RuntimeError {
  const span = cameFromRuntimeError(err) && err.origin !== null ? err.origin : awaitSpan;
  return new RuntimeError(err.code, err.message, span, err.help, [...err.notes]);
}

/** AT0175 `Unhandled rejection: <code>: <message>` at the Error's origin (async.md §A2.4). */
export function unhandledRejectionDiagnostic(err: ErrorValue): Diagnostic {
  return errorDiag("AT0175", `Unhandled rejection: ${err.code}: ${err.message}`, err.origin, {
    notes: [...err.notes],
  });
}

/** AT0175 for a failed task nobody joined (async.md §A2.4). */
export function unhandledTaskFailureDiagnostic(taskName: string | null, taskId: number, err: ErrorValue): Diagnostic {
  const who = taskName === null ? `task #${taskId}` : `task '${taskName}' (#${taskId})`;
  return errorDiag("AT0175", `Unhandled failure in ${who}: ${err.code}: ${err.message}`, err.origin, {
    notes: [...err.notes],
  });
}

/** AT0173 `Deadlock: all tasks are blocked` (async.md §A1.5), notes in task-id order. */
export function deadlockDiagnostic(span: Span | null, notes: string[]): Diagnostic {
  return errorDiag("AT0173", "Deadlock: all tasks are blocked", span, { notes });
}

/** `<file>:<line>:<col>` of a span, as used in notes. */
export function spanLocation(span: Span | null): string {
  if (span === null) return "<unknown>";
  const p = span.file.position(span.start);
  return `${span.file.path}:${p.line}:${p.column}`;
}

/** AT9995 `Internal error: <detail>`: an implementation bug, never expected. */
export function internalErrorDiagnostic(detail: string, span: Span | null = null): Diagnostic {
  return errorDiag("AT9995", `Internal error: ${detail}`, span);
}

export const STACK_OVERFLOW_HELP = `call depth exceeded ${MAX_CALL_DEPTH}; check for unbounded recursion`;

/** AT0008 `Stack overflow` (language.md §6.7); span null = the call site fills it in. */
export function stackOverflowError(span: Span | null = null, limit: number = MAX_CALL_DEPTH): RuntimeError {
  return new RuntimeError(
    "AT0008",
    "Stack overflow",
    span,
    `call depth exceeded ${limit}; check for unbounded recursion`,
  );
}

/** True for the host's "Maximum call stack size exceeded" RangeError. */
export function isHostStackOverflow(e: unknown): boolean {
  return e instanceof RangeError && /call stack/i.test(e.message);
}

/**
 * Classifies anything thrown by host code: RuntimeErrors pass through, a host stack overflow
 * becomes AT0008 (never a crash, §6.7), everything else is an internal bug (AT9995).
 */
export function toRuntimeFailure(e: unknown, limit: number = MAX_CALL_DEPTH): RuntimeError | InternalBug {
  if (e instanceof RuntimeError) return e;
  if (isHostStackOverflow(e)) return stackOverflowError(null, limit);
  if (e instanceof InternalBug) return e;
  const detail = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  return new InternalBug(detail);
}

/** The diagnostic for any failure classified by toRuntimeFailure. */
export function failureDiagnostic(f: RuntimeError | InternalBug): Diagnostic {
  if (f instanceof RuntimeError) return runtimeDiagnostic(f);
  return internalErrorDiagnostic(f.message.replace(/^BUG: /, ""));
}
