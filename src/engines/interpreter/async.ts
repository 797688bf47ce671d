// Async execution (language.md §6.13, async.md §A1): async function bodies and module top-level
// code run on a generator-based evaluator that yields the awaited Future at each `await`;
// subtrees without an await are delegated to the plain evaluator. The generators are driven by
// the engine-independent Coroutine of runtime/coroutine.ts (shared with the compiled engine):
// continuations are queued as jobs, resumed activations start at call depth 1 (§13.3.8), a
// rejected await re-raises the Error at its origin or at the await (§6.13.4), and async calls
// are cancellable (async.md §A3).
import * as ast from "../../syntax/ast.js";
import { RuntimeError } from "../../runtime/errors.js";
import { awaitable, startAsyncCall } from "../../runtime/coroutine.js";
import type { Future } from "../../runtime/future.js";
import * as ops from "../../runtime/ops.js";
import { errorFromRuntimeError, isHostStackOverflow, stackOverflowError } from "../../runtime/report.js";
import type { TopLevelCapture } from "../../runtime/program.js";
import type { Value } from "../../runtime/values.js";
import { copyFrame, newFrame, type Frame } from "./frames.js";
import { bindParams, callValue, type Closure } from "./functions.js";
import { applyBinary, applyUnary, evalExpr, matchValue, noArmMatched, propagate, readIdent, shortCircuits, writeIdent } from "./eval-expr.js";
import { enterBlock, execBlock, execStmt, execStmts, forInLoop } from "./exec-stmt.js";
import { armFrame, matchPattern } from "./patterns.js";
import {
  BREAK,
  BREAK_SIGNAL,
  CONTINUE,
  CONTINUE_SIGNAL,
  NORMAL,
  RETURN,
  RETURN_SIGNAL,
  type Completion,
  type Interp,
} from "./state.js";

export type { TopLevelCapture };

/** A generator of the async evaluator: yields awaited futures, resumed with their values. */
export type Gen<T> = Generator<Future, T, Value>;

// ---- expressions ----------------------------------------------------------------------------

/** Evaluates `e`, suspending at awaits only if it contains one. */
function* sub(it: Interp, e: ast.Expr, env: Frame): Gen<Value> {
  return it.tables.awaits.has(e) ? yield* genExpr(it, e, env) : evalExpr(it, e, env);
}

export function* genExpr(it: Interp, e: ast.Expr, env: Frame): Gen<Value> {
  switch (e.kind) {
    case "Await": {
      const v = yield* sub(it, e.operand, env);
      return yield awaitable(it.rt.scheduler, v, e.span);
    }
    case "Paren":
      return yield* sub(it, e.expr, env);
    case "Unary":
      return applyUnary(e, yield* sub(it, e.operand, env));
    case "Binary":
      return yield* genBinary(it, e, env);
    case "Call": {
      const callee = yield* sub(it, e.callee, env);
      const args = new Array<Value>(e.args.length);
      for (let i = 0; i < e.args.length; i++) args[i] = yield* sub(it, e.args[i], env);
      return callValue(it, callee, args, e.span);
    }
    case "Index": {
      const t = yield* sub(it, e.target, env);
      return ops.index(t, yield* sub(it, e.index, env), e.span);
    }
    case "Member": {
      const t = yield* sub(it, e.target, env);
      if (e.args !== null) for (const a of e.args) yield* sub(it, a, env);
      return ops.jsonMethod(t, e.name.name, e.span);
    }
    case "ArrayLit": {
      const out = new Array<Value>(e.elements.length);
      for (let i = 0; i < e.elements.length; i++) out[i] = yield* sub(it, e.elements[i], env);
      return out;
    }
    case "Try":
      return propagate(it, e, yield* sub(it, e.operand, env));
    case "Match":
      return matchValue(it, e, yield* genMatchRun(it, e, env));
    default:
      return evalExpr(it, e, env);
  }
}

/** A left-nested binary chain containing awaits, bottom-up without recursion. */
function* genBinary(it: Interp, top: ast.Binary, env: Frame): Gen<Value> {
  const spine: ast.Binary[] = [];
  let n: ast.Expr = top;
  while (n.kind === "Binary" && it.tables.awaits.has(n)) {
    spine.push(n);
    n = n.left;
  }
  let acc = yield* sub(it, n, env);
  for (let i = spine.length - 1; i >= 0; i--) {
    const b = spine[i];
    if (shortCircuits(b.op, acc)) continue;
    acc = applyBinary(b, acc, yield* sub(it, b.right, env));
  }
  return acc;
}

function* genMatchRun(it: Interp, e: ast.Match, env: Frame): Gen<Completion> {
  const v = yield* sub(it, e.scrutinee, env);
  for (const arm of e.arms) {
    const frame = armFrame(it, arm, env);
    if (!matchPattern(it, arm.pattern, v, frame)) continue;
    if (arm.guard !== null && !ops.condition(yield* sub(it, arm.guard, frame), arm.guard.span)) continue;
    if (arm.body.kind === "Block") {
      it.matchValue = null;
      return yield* genStmts(it, arm.body.body, frame);
    }
    const r = yield* sub(it, arm.body, frame);
    it.matchValue = r;
    return NORMAL;
  }
  throw noArmMatched(e);
}

// ---- statements -----------------------------------------------------------------------------

export function* genStmts(it: Interp, list: readonly ast.Stmt[], env: Frame): Gen<Completion> {
  const awaits = it.tables.awaits;
  for (let i = 0; i < list.length; i++) {
    const s = list[i];
    const c = awaits.has(s) ? yield* genStmt(it, s, env) : execStmt(it, s, env);
    if (c !== NORMAL) return c;
  }
  return NORMAL;
}

function* genBlock(it: Interp, b: ast.Block, env: Frame): Gen<Completion> {
  if (!it.tables.awaits.has(b)) return execBlock(it, b, env);
  return yield* genStmts(it, b.body, enterBlock(it, b, env));
}

function* genStmt(it: Interp, s: ast.Stmt, env: Frame): Gen<Completion> {
  switch (s.kind) {
    case "ExprStmt":
      if (s.expr.kind === "Match") {
        const c = yield* genMatchRun(it, s.expr, env);
        it.matchValue = null;
        return c;
      }
      yield* genExpr(it, s.expr, env);
      return NORMAL;
    case "VarDecl": {
      const v = yield* sub(it, s.init, env);
      env.slots[it.tables.slot(s)] = v;
      return NORMAL;
    }
    case "Assign":
      yield* genAssign(it, s, env);
      return NORMAL;
    case "CompoundAssign":
    case "IncDec":
      yield* genUpdate(it, s, env);
      return NORMAL;
    case "If":
      return yield* genIf(it, s, env);
    case "While":
      return yield* genWhile(it, s, env);
    case "For":
      return yield* genFor(it, s, env);
    case "ForIn":
      return yield* genForIn(it, s, env);
    case "Return": {
      const v = s.value === null ? null : yield* sub(it, s.value, env);
      it.returnValue = v;
      return RETURN;
    }
    case "Block":
      return yield* genBlock(it, s, env);
    case "Export":
      return s.decl.kind === "VarDecl" ? yield* genStmt(it, s.decl, env) : NORMAL;
    default:
      return execStmt(it, s, env);
  }
}

function* genLoopBody(it: Interp, body: ast.Block, env: Frame): Gen<Completion> {
  try {
    return yield* genBlock(it, body, env);
  } catch (e) {
    if (e === BREAK_SIGNAL) return BREAK;
    if (e === CONTINUE_SIGNAL) return CONTINUE;
    throw e;
  }
}

function* genIf(it: Interp, s: ast.If, env: Frame): Gen<Completion> {
  let n = s;
  for (;;) {
    if (ops.condition(yield* sub(it, n.cond, env), n.cond.span)) return yield* genBlock(it, n.then, env);
    const e = n.else;
    if (e === null) return NORMAL;
    if (e.kind === "Block") return yield* genBlock(it, e, env);
    n = e;
  }
}

function* genWhile(it: Interp, s: ast.While, env: Frame): Gen<Completion> {
  for (;;) {
    if (!ops.condition(yield* sub(it, s.cond, env), s.cond.span)) return NORMAL;
    const c = yield* genLoopBody(it, s.body, env);
    if (c === BREAK) return NORMAL;
    if (c === RETURN) return RETURN;
  }
}

function* genSimple(it: Interp, s: ast.Stmt, env: Frame): Gen<Completion> {
  return it.tables.awaits.has(s) ? yield* genStmt(it, s, env) : execStmt(it, s, env);
}

function* genFor(it: Interp, s: ast.For, env: Frame): Gen<Completion> {
  const size = it.tables.scope(s).size;
  let f = size > 0 ? newFrame(env, size) : env;
  if (s.init !== null) yield* genSimple(it, s.init, f);
  if (size > 0) f = copyFrame(f);
  for (;;) {
    if (s.cond !== null && !ops.condition(yield* sub(it, s.cond, f), s.cond.span)) return NORMAL;
    const c = yield* genLoopBody(it, s.body, f);
    if (c === BREAK) return NORMAL;
    if (c === RETURN) return RETURN;
    if (size > 0) f = copyFrame(f);
    if (s.step !== null) yield* genSimple(it, s.step, f);
  }
}

function* genForIn(it: Interp, s: ast.ForIn, env: Frame): Gen<Completion> {
  const items = ops.forInSnapshot(yield* sub(it, s.iterable, env), s.iterable.span);
  if (!it.tables.awaits.has(s.body)) return forInLoop(it, s, env, items);
  const size = it.tables.scope(s).size;
  const slot = it.tables.slot(s);
  for (let i = 0; i < items.length; i++) {
    const f = newFrame(env, size);
    f.slots[slot] = items[i];
    const c = yield* genLoopBody(it, s.body, f);
    if (c === BREAK) return NORMAL;
    if (c === RETURN) return RETURN;
  }
  return NORMAL;
}

function* genAssign(it: Interp, s: ast.Assign, env: Frame): Gen<void> {
  const t = s.target;
  const v = yield* sub(it, s.value, env);
  if (t.kind === "Ident") {
    writeIdent(it, t, env, v);
    return;
  }
  const arr = yield* sub(it, t.target, env);
  ops.setIndex(arr, yield* sub(it, t.index, env), v, t.span);
}

/** `t op= v;`, `t++;`, `t--;` with awaits in the target's index or in the value. */
function* genUpdate(it: Interp, s: ast.CompoundAssign | ast.IncDec, env: Frame): Gen<void> {
  const t = s.target;
  if (t.kind === "Ident") {
    const old = readIdent(it, t, env);
    const r = s.kind === "IncDec" ? ops.incDec(s.op, old, s.span) : ops.compound(s.op, old, yield* sub(it, s.value, env), s.span);
    writeIdent(it, t, env, r);
    return;
  }
  const arr = yield* sub(it, t.target, env);
  const idx = yield* sub(it, t.index, env);
  const old = ops.index(arr, idx, t.span);
  const r = s.kind === "IncDec" ? ops.incDec(s.op, old, s.span) : ops.compound(s.op, old, yield* sub(it, s.value, env), s.span);
  ops.setIndex(arr, idx, r, t.span);
}

/**
 * Top-level code of a module (or REPL input): statements in order after hoisting (done by the
 * caller); the value of a final expression statement is stored in `capture` (REPL echo, eval).
 */
export function* genTopLevel(it: Interp, body: readonly ast.Stmt[], frame: Frame, capture: TopLevelCapture): Gen<Value> {
  const awaits = it.tables.awaits;
  for (let i = 0; i < body.length; i++) {
    const s = body[i];
    if (i === body.length - 1 && s.kind === "ExprStmt") {
      capture.isExpression = true;
      capture.value = awaits.has(s.expr) ? yield* genExpr(it, s.expr, frame) : evalExpr(it, s.expr, frame);
      break;
    }
    if (awaits.has(s)) yield* genStmt(it, s, frame);
    else execStmt(it, s, frame);
  }
  return null;
}

// ---- async calls ----------------------------------------------------------------------------

/**
 * Calls an async function (§6.13.2): creates a pending future, runs the body synchronously up
 * to its first await (within the caller's depth), and returns the future. Errors in the body
 * reject the future; they never propagate to the caller.
 */
export function startAsync(it: Interp, cl: Closure, args: Value[]): Future {
  const info = cl.info;
  const env = bindParams(it, info, cl.env, args);
  if (!info.hasAwait) {
    const fut = it.rt.scheduler.newFuture();
    try {
      fut.resolve(execStmts(it, info.body, env) === RETURN ? it.takeReturn() : null);
    } catch (e) {
      if (e === RETURN_SIGNAL) fut.resolve(it.takeReturn());
      else if (e instanceof RuntimeError) fut.reject(errorFromRuntimeError(e));
      else if (isHostStackOverflow(e)) fut.reject(errorFromRuntimeError(stackOverflowError(null, it.rt.maxCallDepth)));
      else throw e;
    }
    return fut;
  }
  return startAsyncCall(it.rt, genBody(it, info.body, env), info.name, it.hooks);
}

function* genBody(it: Interp, body: readonly ast.Stmt[], env: Frame): Gen<Value> {
  return (yield* genStmts(it, body, env)) === RETURN ? it.takeReturn() : null;
}
