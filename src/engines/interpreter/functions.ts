// Function values and calls (language.md §6.6, §6.7): closures as tagged JS functions (so
// builtins call callbacks directly), hoisting, parameter binding, the explicit call-depth count
// (AT0008), builtin calls with `callSpan`, and the span fill-in for errors raised without one.
import type { Span } from "../../diagnostics/span.js";
import type * as ast from "../../syntax/ast.js";
import { InternalBug, RuntimeError } from "../../runtime/errors.js";
import { checkCallable } from "../../runtime/ops.js";
import { isHostStackOverflow, stackOverflowError } from "../../runtime/report.js";
import { OptionValue, tagFunction, type AtlasFunction, type Value } from "../../runtime/values.js";
import { Frame, newFrame, type FnInfo, type FnNode, type ScopeRt } from "./frames.js";
import { execStmts } from "./exec-stmt.js";
import { startAsync } from "./async.js";
import { RETURN, RETURN_SIGNAL, type Interp } from "./state.js";

/** A user function: its facts and the environment it closed over (by reference). */
export class Closure {
  constructor(
    readonly info: FnInfo,
    readonly env: Frame,
  ) {}
}

/** The JS function value of an interpreted Atlas function. */
export interface InterpFunction extends AtlasFunction {
  closure: Closure;
}

/** Creates the function value of a declaration or function expression in `env`. */
export function makeClosure(it: Interp, node: FnNode, env: Frame): AtlasFunction {
  const cl = new Closure(it.tables.fn(node), env);
  // Builtins invoke callbacks through this wrapper: no call span (the builtin call site fills
  // it in for AT0008, §13.3.1).
  const f = tagFunction((...args: Value[]): Value => invoke(it, cl, args, null), "function", cl.info.name) as InterpFunction;
  f.closure = cl;
  return f;
}

/** Creates the hoisted function values of a scope in its frame (§6.6). */
export function hoist(it: Interp, scope: ScopeRt, frame: Frame): void {
  const fns = scope.hoisted;
  for (let i = 0; i < fns.length; i++) frame.slots[scope.hoistSlots[i]] = makeClosure(it, fns[i], frame);
}

/** Creates a function's frame (if it has bindings), binds the parameters and hoists. */
export function bindParams(it: Interp, info: FnInfo, env: Frame, args: Value[]): Frame {
  if (info.size === 0) return env;
  const f = newFrame(env, info.size);
  const ps = info.paramSlots;
  for (let i = 0; i < ps.length; i++) {
    const a = args[i];
    f.slots[ps[i]] = a === undefined ? null : a;
  }
  if (info.scope.hoisted.length > 0) hoist(it, info.scope, f);
  return f;
}

/**
 * One activation of a user function: counts depth explicitly (AT0008 on the activation past
 * the limit, located at `span`, or null for callbacks so the builtin call fills it in).
 */
export function invoke(it: Interp, cl: Closure, args: Value[], span: Span | null): Value {
  const rt = it.rt;
  if (rt.depth >= rt.maxCallDepth) throw stackOverflowError(span, rt.maxCallDepth);
  rt.depth++;
  try {
    const info = cl.info;
    if (info.isAsync) return startAsync(it, cl, args);
    const env = bindParams(it, info, cl.env, args);
    return execStmts(it, info.body, env) === RETURN ? it.takeReturn() : null;
  } catch (e) {
    if (e === RETURN_SIGNAL) return it.takeReturn();
    if (e instanceof RuntimeError) throw e;
    throw hostFailure(e, span, rt.maxCallDepth);
  } finally {
    rt.depth--;
  }
}

/** A host exception: a stack overflow becomes AT0008 (never a crash), anything else a bug. */
export function hostFailure(e: unknown, span: Span | null, limit: number): unknown {
  if (isHostStackOverflow(e)) return stackOverflowError(span, limit);
  if (e instanceof InternalBug || e instanceof RuntimeError) return e;
  if (e instanceof Error) return new InternalBug(`${e.name}: ${e.message}`);
  return e; // control signals pass through
}

/** Calls any function value with evaluated arguments at call expression `span` (§6.7). */
export function callValue(it: Interp, callee: Value, args: Value[], span: Span): Value {
  // `None()` is accepted as a synonym of `None` (language.md §5.13).
  if (callee instanceof OptionValue && !callee.isSome && args.length === 0) return callee;
  const f = checkCallable(callee, span);
  const cl = (f as Partial<InterpFunction>).closure;
  if (cl !== undefined) return invoke(it, cl, args, span);
  it.rt.callSpan = span;
  try {
    return f(...args);
  } catch (e) {
    if (e instanceof RuntimeError) {
      if (e.span === null) e.span = span;
      throw e;
    }
    throw hostFailure(e, span, it.rt.maxCallDepth);
  }
}

/** Name of a function node for messages. */
export function fnName(node: ast.FnDecl | ast.FnExpr): string {
  return node.kind === "FnDecl" ? node.name.name : "anonymous";
}
