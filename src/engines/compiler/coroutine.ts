// The compiled engine's view of the shared coroutine driver (runtime/coroutine.ts): compiled
// async bodies and module top-level code are `function*` generators driven by the same
// Coroutine as the interpreter's, so ordering, cancellation and errors are identical.
import type { AsyncGen } from "../../runtime/coroutine.js";
import { NOT_RETURN, type CoroutineHooks } from "../../runtime/coroutine.js";
import { ReturnSignal } from "./prelude.js";

/** A compiled generator: yields awaited futures, resumed with their values. */
export type CompiledGen = AsyncGen;

/** A `ReturnSignal` escaping a generator completes the activation with its value. */
export const COMPILED_HOOKS: CoroutineHooks = {
  returnValue: (e) => (e instanceof ReturnSignal ? e.value : NOT_RETURN),
};
