// The plain (synchronous) statement executor: completion codes for break/continue/return,
// scoped blocks with hoisting, per-iteration loop frames (language.md §6.9), assignment order
// and single evaluation of compound targets (§6.8), error spans of §13.3.1. `else if` chains
// are walked iteratively.
import * as ast from "../../syntax/ast.js";
import * as ops from "../../runtime/ops.js";
import type { Value } from "../../runtime/values.js";
import { copyFrame, newFrame, type Frame } from "./frames.js";
import { hoist } from "./functions.js";
import { evalExpr, matchRun, readIdent, writeIdent } from "./eval-expr.js";
import {
  BREAK,
  BREAK_SIGNAL,
  CONTINUE,
  CONTINUE_SIGNAL,
  NORMAL,
  RETURN,
  type Completion,
  type Interp,
} from "./state.js";

export function execStmts(it: Interp, list: readonly ast.Stmt[], env: Frame): Completion {
  for (let i = 0; i < list.length; i++) {
    const c = execStmt(it, list[i], env);
    if (c !== NORMAL) return c;
  }
  return NORMAL;
}

export function execStmt(it: Interp, s: ast.Stmt, env: Frame): Completion {
  switch (s.kind) {
    case "ExprStmt":
      if (s.expr.kind === "Match") {
        const c = matchRun(it, s.expr, env);
        it.matchValue = null;
        return c;
      }
      evalExpr(it, s.expr, env);
      return NORMAL;
    case "VarDecl":
      env.slots[it.tables.slot(s)] = evalExpr(it, s.init, env);
      return NORMAL;
    case "Assign":
      execAssign(it, s, env);
      return NORMAL;
    case "CompoundAssign":
      execCompound(it, s, env);
      return NORMAL;
    case "IncDec":
      execIncDec(it, s, env);
      return NORMAL;
    case "If":
      return execIf(it, s, env);
    case "While":
      return execWhile(it, s, env);
    case "For":
      return execFor(it, s, env);
    case "ForIn":
      return execForIn(it, s, env);
    case "Return":
      it.returnValue = s.value === null ? null : evalExpr(it, s.value, env);
      return RETURN;
    case "Break":
      return BREAK;
    case "Continue":
      return CONTINUE;
    case "Block":
      return execBlock(it, s, env);
    case "Export":
      return s.decl.kind === "VarDecl" ? execStmt(it, s.decl, env) : NORMAL;
    case "FnDecl": // hoisted at scope entry
    case "Empty":
    case "Import": // imports are resolved statically (live views of the exporter's slots)
    case "TypeAlias":
      return NORMAL;
    default:
      return ast.assertNever(s);
  }
}

/** Enters a block scope (a frame only if it has bindings; hoists its functions). */
export function enterBlock(it: Interp, b: ast.Block, env: Frame): Frame {
  const sc = it.tables.scope(b);
  if (sc.size === 0) return env;
  const f = newFrame(env, sc.size);
  if (sc.hoisted.length > 0) hoist(it, sc, f);
  return f;
}

export function execBlock(it: Interp, b: ast.Block, env: Frame): Completion {
  return execStmts(it, b.body, enterBlock(it, b, env));
}

/** Runs a loop body; break/continue thrown out of a match-arm expression become codes. */
function loopBody(it: Interp, body: ast.Block, env: Frame): Completion {
  try {
    return execBlock(it, body, env);
  } catch (e) {
    if (e === BREAK_SIGNAL) return BREAK;
    if (e === CONTINUE_SIGNAL) return CONTINUE;
    throw e;
  }
}

function execIf(it: Interp, s: ast.If, env: Frame): Completion {
  let n = s;
  for (;;) {
    if (ops.condition(evalExpr(it, n.cond, env), n.cond.span)) return execBlock(it, n.then, env);
    const e = n.else;
    if (e === null) return NORMAL;
    if (e.kind === "Block") return execBlock(it, e, env);
    n = e;
  }
}

function execWhile(it: Interp, s: ast.While, env: Frame): Completion {
  for (;;) {
    if (!ops.condition(evalExpr(it, s.cond, env), s.cond.span)) return NORMAL;
    const c = loopBody(it, s.body, env);
    if (c === BREAK) return NORMAL;
    if (c === RETURN) return RETURN;
  }
}

/**
 * `for (init; cond; step) body` exactly as §6.9: init runs in the loop scope, whose variables
 * are copied into a fresh iteration scope before the first condition and again before each step.
 */
function execFor(it: Interp, s: ast.For, env: Frame): Completion {
  const size = it.tables.scope(s).size;
  let f = size > 0 ? newFrame(env, size) : env;
  if (s.init !== null) execStmt(it, s.init, f);
  if (size > 0) f = copyFrame(f);
  for (;;) {
    if (s.cond !== null && !ops.condition(evalExpr(it, s.cond, f), s.cond.span)) return NORMAL;
    const c = loopBody(it, s.body, f);
    if (c === BREAK) return NORMAL;
    if (c === RETURN) return RETURN;
    if (size > 0) f = copyFrame(f);
    if (s.step !== null) execStmt(it, s.step, f);
  }
}

/** `for x in e`: snapshot, then a fresh frame binding `x` per iteration. */
function execForIn(it: Interp, s: ast.ForIn, env: Frame): Completion {
  const items = ops.forInSnapshot(evalExpr(it, s.iterable, env), s.iterable.span);
  return forInLoop(it, s, env, items);
}

export function forInLoop(it: Interp, s: ast.ForIn, env: Frame, items: Value[]): Completion {
  const size = it.tables.scope(s).size;
  const slot = it.tables.slot(s);
  for (let i = 0; i < items.length; i++) {
    const f = newFrame(env, size);
    f.slots[slot] = items[i];
    const c = loopBody(it, s.body, f);
    if (c === BREAK) return NORMAL;
    if (c === RETURN) return RETURN;
  }
  return NORMAL;
}

// ---- assignments ----------------------------------------------------------------------------

/** `x = v;` (v, then AT0002 check) and `a[i] = v;` (v first, then a, then i; §6.8). */
function execAssign(it: Interp, s: ast.Assign, env: Frame): void {
  const t = s.target;
  const v = evalExpr(it, s.value, env);
  if (t.kind === "Ident") {
    writeIdent(it, t, env, v);
    return;
  }
  const arr = evalExpr(it, t.target, env);
  ops.setIndex(arr, evalExpr(it, t.index, env), v, t.span);
}

/** `t op= v;`: the target is evaluated once; arithmetic errors span the statement. */
function execCompound(it: Interp, s: ast.CompoundAssign, env: Frame): void {
  const t = s.target;
  if (t.kind === "Ident") {
    const old = readIdent(it, t, env);
    writeIdent(it, t, env, ops.compound(s.op, old, evalExpr(it, s.value, env), s.span));
    return;
  }
  const arr = evalExpr(it, t.target, env);
  const idx = evalExpr(it, t.index, env);
  const old = ops.index(arr, idx, t.span);
  const r = ops.compound(s.op, old, evalExpr(it, s.value, env), s.span);
  ops.setIndex(arr, idx, r, t.span);
}

function execIncDec(it: Interp, s: ast.IncDec, env: Frame): void {
  const t = s.target;
  if (t.kind === "Ident") {
    writeIdent(it, t, env, ops.incDec(s.op, readIdent(it, t, env), s.span));
    return;
  }
  const arr = evalExpr(it, t.target, env);
  const idx = evalExpr(it, t.index, env);
  ops.setIndex(arr, idx, ops.incDec(s.op, ops.index(arr, idx, t.span), s.span), t.span);
}
