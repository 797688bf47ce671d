// Cancellation vocabulary shared by tasks, coroutines, timers and combinators (async.md §A3,
// §A4.2): the AT0171 Error values and their messages, the cascade rule for an abandoned await,
// and ProgramExit, the signal that unwinds the JS stack once the program has been ended (main
// cancelled) — it is not a RuntimeError, so no Atlas-level handler ever sees it.
import type { Span } from "../diagnostics/span.js";
import { PENDING, type Future } from "./future.js";
import { ErrorValue } from "./values.js";

export const CANCELLED_CODE = "AT0171";

/** An AT0171 Error `<subject> was cancelled`, e.g. `Task 'worker' (#2) was cancelled`. */
export function cancelledError(subject: string, origin: Span | null = null): ErrorValue {
  return new ErrorValue(CANCELLED_CODE, `${subject} was cancelled`, origin);
}

/** `Task 'name' (#id)` or `Task #id` (messages; A2.4 writes unnamed tasks as `task #<id>`). */
export function taskSubject(name: string | null, id: number): string {
  return name === null ? `Task #${id}` : `Task '${name}' (#${id})`;
}

/** `Call to 'name'` / `Call to anonymous function` for a cancelled async call. */
export function callSubject(name: string | null): string {
  return name === null ? "Call to anonymous function" : `Call to '${name}'`;
}

export function isCancellation(e: ErrorValue | null): boolean {
  return e !== null && e.code === CANCELLED_CODE;
}

/**
 * An await on `f` was abandoned by a cancelled activation: cancel what it was waiting on as
 * well (the nested async call, the timer, the I/O operation, async.md §A3) when `f` is a pending
 * cancellable operation that nobody else waits for. Tasks are never cancelled this way (they
 * have no `source`; a task is cancelled only by taskCancel or through its parent).
 */
export function cancelAbandoned(f: Future | null): void {
  if (f === null) return;
  if (f.state !== PENDING) {
    // Completed but not yet resumed: a channel value, lock or permit is given back (§A4.2).
    const g = f as Future & { giveBack?: () => void };
    if (g.giveBack !== undefined) g.giveBack();
    return;
  }
  const src = f.source;
  if (src === null || f.hasObservers) return;
  src.cancel();
}

/**
 * Thrown after the runtime has already ended the program (cancelling main, async.md §A4.2):
 * unwinds whatever Atlas code is on the JS stack. Engines and builtins let it pass (it is not a
 * RuntimeError); the scheduler swallows it at the job boundary.
 */
export class ProgramExit {
  constructor(readonly exitCode: number) {}
}
