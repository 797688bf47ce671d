// THE runtime-helper ABI of generated code (design.md R6): the `$rt` object that compiled
// programs receive. Thin: every semantic that differs from plain JS delegates to the SAME
// runtime functions the interpreter calls (runtime/ops.ts, report.ts), with the Span taken
// from the program's span table (`$S[i]`), so both engines raise byte-identical errors.
// Per-instantiation state (span table, builtins, REPL globals) is added by load.ts.
import type { Span } from "../../diagnostics/span.js";
import { InternalBug, RuntimeError, typeError } from "../../runtime/errors.js";
import { Future } from "../../runtime/future.js";
import * as ops from "../../runtime/ops.js";
import { isHostStackOverflow, stackOverflowError } from "../../runtime/report.js";
import type { RuntimeContext } from "../../runtime/runtime-context.js";
import { formatNumber } from "../../runtime/display.js";
import { cpLength } from "../../runtime/codepoints.js";
import { OptionValue, ResultValue, type Value } from "../../runtime/values.js";
import {
  awaitable,
  NOT_RETURN,
  settledCall,
  shareGeneratorPrototype,
  startAsyncCall,
  type AsyncGen,
  type CoroutineHooks,
} from "../../runtime/coroutine.js";

/** Thrown (never with a stack) to leave a function from inside an expression (`e?`, arm blocks). */
export class ReturnSignal {
  constructor(readonly value: Value) {}
}

/** A ReturnSignal escaping an activation completes it with its value (coroutine hooks). */
const COMPILED_RETURN: CoroutineHooks = {
  returnValue: (e) => (e instanceof ReturnSignal ? e.value : NOT_RETURN),
};

/** `break` / `continue` thrown out of a match-arm block used as an expression. */
export class LoopSignal {
  constructor(readonly isBreak: boolean) {}
}
export const BREAK_SIGNAL = new LoopSignal(true);
export const CONTINUE_SIGNAL = new LoopSignal(false);

function uninit(name: string, span: Span | null): never {
  throw new RuntimeError("AT0002", `Cannot access '${name}' before its declaration`, span);
}

function noArm(span: Span | null): never {
  throw typeError("Non-exhaustive pattern match - no arm matched", span);
}

/** `e?` (language.md §6.11): Ok(v) → v; Err leaves the function; anything else is AT0001. */
function tryOp(v: Value, span: Span | null): Value {
  if (!(v instanceof ResultValue)) throw ops.notPropagatable(v, span);
  if (v.isOk) return v.value;
  throw new ReturnSignal(v);
}

/** The last two strings `strAt` found free of surrogates (loops often alternate two strings). */
let plainA = "";
let plainB = "";
const SURROGATE = /[\uD800-\uDFFF]/;

/**
 * `s[i]` where `s` is statically a string: when the string has no surrogate pair, code-point
 * index `i` is UTF-16 index `i` (the regex answers in O(1) for a one-byte string, which
 * cannot contain one). Every other case (errors, pairs, a value that is not a string) is
 * runtime/ops.ts's `index`.
 */
function strAt(s: Value, i: Value, span: Span | null): Value {
  if (typeof s === "string" && typeof i === "number" && i >= 0 && i < s.length && Math.floor(i) === i) {
    if (s === plainA || s === plainB) return s[i];
    if (!SURROGATE.test(s)) {
      plainB = plainA;
      plainA = s;
      return s[i];
    }
  }
  return ops.index(s, i, span);
}

function notCallable(v: Value, span: Span | null): never {
  throw ops.kindError1("call", v, span);
}

/** The shared helpers (one object per runtime; load.ts adds the per-program fields). */
export function makePrelude(ctx: RuntimeContext) {
  const helpers = {
    ctx,
    maxDepth: ctx.maxCallDepth,
    // arithmetic and comparison (slow paths of the inlined fast paths)
    add: ops.add,
    sub: ops.sub,
    mul: ops.mul,
    div: ops.div,
    mod: ops.mod,
    lt: ops.lt,
    le: ops.le,
    gt: ops.gt,
    ge: ops.ge,
    eq: ops.eq,
    neg: ops.neg,
    not: ops.not,
    logicRight: ops.logicRight,
    condition: ops.condition,
    compound: ops.compound,
    incDec: ops.incDec,
    invalidNumeric: (span: Span | null): never => {
      throw ops.invalidNumeric(span);
    },
    // indexing, json, iteration, calls
    index: ops.index,
    strAt,
    strLen: cpLength,
    setIndex: ops.setIndex,
    jsonMethod: ops.jsonMethod,
    forIn: ops.forInSnapshot,
    notCallable,
    // bindings, match, `?`, control signals
    uninit,
    noArm,
    tryOp,
    ReturnSignal,
    returnSignal: (v: Value): ReturnSignal => new ReturnSignal(v),
    BREAK_SIGNAL,
    CONTINUE_SIGNAL,
    OptionValue,
    ResultValue,
    Future,
    // depth and errors
    stackOverflow: (): RuntimeError => stackOverflowError(null, ctx.maxCallDepth),
    fill: (e: unknown, span: Span | null): unknown => fillSpan(e, span, ctx.maxCallDepth),
    // async
    startAsync: (gen: AsyncGen, name: string | null = null): Future => startAsyncCall(ctx, gen, name),
    asyncBody: shareGeneratorPrototype,
    asyncNow: (run: () => Value): Future => settledCall(ctx, run, COMPILED_RETURN),
    awaitable: (v: Value, span: Span | null): Future => awaitable(ctx.scheduler, v, span),
    isArray: Array.isArray,
    formatNumber,
  };
  return helpers;
}

export type Prelude = ReturnType<typeof makePrelude>;

/**
 * An exception leaving a function activation whose last call was at `span`: a RuntimeError
 * without a location gets the call's (a builtin's failure, or AT0008 raised on entry to the
 * callee, language.md §13.3.1); a host stack overflow becomes AT0008 there (§6.7); signals
 * and internal bugs pass through; any other host exception is an internal bug.
 */
export function fillSpan(e: unknown, span: Span | null, limit: number): unknown {
  if (e instanceof RuntimeError) {
    if (e.span === null) e.span = span;
    return e;
  }
  if (e instanceof ReturnSignal || e instanceof LoopSignal || e instanceof InternalBug) return e;
  if (isHostStackOverflow(e)) return stackOverflowError(span, limit);
  if (e instanceof Error) return new InternalBug(`${e.name}: ${e.message}`);
  return e;
}
