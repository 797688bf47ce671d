// The plain (synchronous) expression evaluator: one exhaustive switch over ast.Expr, operator
// semantics from runtime/ops.ts, evaluation order and error spans of language.md §6.8, §13.3.1.
// Left-nested binary chains are evaluated iteratively (10,000-term `a + a + …` is fine).
// Nodes containing `await` never reach this file: async.ts evaluates them.
import * as ast from "../../syntax/ast.js";
import { InternalBug, typeError, type RuntimeError } from "../../runtime/errors.js";
import * as ops from "../../runtime/ops.js";
import { ResultValue, type Value } from "../../runtime/values.js";
import { BUILTIN, GLOBAL, UNINIT, uninitError, type Frame, type Slot } from "./frames.js";
import { callValue, makeClosure } from "./functions.js";
import { matchPattern, armFrame } from "./patterns.js";
import { execStmts } from "./exec-stmt.js";
import { NORMAL, RETURN_SIGNAL, signalFor, type Completion, type Interp } from "./state.js";

export function evalExpr(it: Interp, e: ast.Expr, env: Frame): Value {
  switch (e.kind) {
    case "Ident":
      return readIdent(it, e, env);
    case "NumberLit":
      return e.value;
    case "StringLit":
      return e.value;
    case "BoolLit":
      return e.value;
    case "NullLit":
      return null;
    case "Binary":
      return evalBinary(it, e, env);
    case "Call":
      return evalCall(it, e, env);
    case "Index": {
      const t = evalExpr(it, e.target, env);
      return ops.index(t, evalExpr(it, e.index, env), e.span);
    }
    case "Paren":
      return evalExpr(it, e.expr, env);
    case "Unary":
      return applyUnary(e, evalExpr(it, e.operand, env));
    case "ArrayLit": {
      const n = e.elements.length;
      const out = new Array<Value>(n);
      for (let i = 0; i < n; i++) out[i] = evalExpr(it, e.elements[i], env);
      return out;
    }
    case "Member":
      return evalMember(it, e, env);
    case "Try":
      return propagate(it, e, evalExpr(it, e.operand, env));
    case "Match":
      return matchValue(it, e, matchRun(it, e, env));
    case "FnExpr":
      return makeClosure(it, e, env);
    case "Await":
      throw new InternalBug("await reached the synchronous evaluator");
    default:
      return ast.assertNever(e);
  }
}

// ---- identifiers ----------------------------------------------------------------------------

/** Reads a variable: walks `hops` frames, or reads a module frame or builtin (§6.6, AT0002). */
export function readIdent(it: Interp, e: ast.Ident, env: Frame): Value {
  const loc = it.tables.loc(e);
  let v: Slot;
  if (loc.k === GLOBAL) {
    v = it.moduleFrames[loc.module].slots[loc.slot];
  } else if (loc.k === BUILTIN) {
    if (loc.value === undefined) throw new InternalBug(`builtin '${loc.name}' is not instantiated`);
    return loc.value;
  } else {
    let f = env;
    for (let h = loc.hops; h > 0; h--) f = f.parent as Frame;
    v = f.slots[loc.slot];
  }
  if (v === UNINIT) throw uninitError(loc.name, e.span);
  return v as Value;
}

/** Assigns a variable; an uninitialised one is AT0002 (checked after the value, §13.3.3). */
export function writeIdent(it: Interp, e: ast.Ident, env: Frame, v: Value): void {
  const loc = it.tables.loc(e);
  let f: Frame;
  if (loc.k === GLOBAL) f = it.moduleFrames[loc.module];
  else if (loc.k === BUILTIN) throw new InternalBug(`assignment to builtin '${loc.name}'`);
  else {
    f = env;
    for (let h = loc.hops; h > 0; h--) f = f.parent as Frame;
  }
  if (f.slots[loc.slot] === UNINIT) throw uninitError(loc.name, e.span);
  f.slots[loc.slot] = v;
}

// ---- operators ------------------------------------------------------------------------------

export function applyUnary(e: ast.Unary, v: Value): Value {
  return e.op === "-" ? ops.neg(v, e.span) : ops.not(v, e.span);
}

/** Applies a non-short-circuit binary operator (errors span the binary expression). */
export function applyBinary(e: ast.Binary, l: Value, r: Value): Value {
  const s = e.span;
  switch (e.op) {
    case "+":
      return ops.add(l, r, s);
    case "-":
      return ops.sub(l, r, s);
    case "*":
      return ops.mul(l, r, s);
    case "/":
      return ops.div(l, r, s);
    case "%":
      return ops.mod(l, r, s);
    case "<":
      return ops.lt(l, r, s);
    case "<=":
      return ops.le(l, r, s);
    case ">":
      return ops.gt(l, r, s);
    case ">=":
      return ops.ge(l, r, s);
    case "==":
      return ops.eq(l, r);
    case "!=":
      return ops.ne(l, r);
    case "&&":
    case "||":
      return ops.logicRight(e.op, l, r, s);
    default:
      return ast.assertNever(e.op);
  }
}

/**
 * True when `l` decides `&&` / `||` without evaluating the right operand. A non-bool left
 * operand does not short-circuit (the kind error then names both operands).
 */
export function shortCircuits(op: ast.BinaryOp, l: Value): boolean {
  return (op === "&&" && l === false) || (op === "||" && l === true);
}

/** One binary node whose left operand value is `l`. */
function binaryStep(it: Interp, e: ast.Binary, l: Value, env: Frame): Value {
  if (shortCircuits(e.op, l)) return l;
  return applyBinary(e, l, evalExpr(it, e.right, env));
}

/** Left-nested chains deeper than this are evaluated iteratively (no recursion, no overflow). */
const SHORT_CHAIN = 16;

function evalBinary(it: Interp, e: ast.Binary, env: Frame): Value {
  // Short chains recurse (no allocation); long ones go through the explicit spine.
  let n = e.left;
  let depth = 0;
  while (n.kind === "Binary" && depth < SHORT_CHAIN) {
    n = n.left;
    depth++;
  }
  if (depth < SHORT_CHAIN) return binaryStep(it, e, evalExpr(it, e.left, env), env);
  return evalBinaryChain(it, e, env);
}

/** A left-nested chain `((a op b) op c) …`, evaluated bottom-up without recursion. */
function evalBinaryChain(it: Interp, top: ast.Binary, env: Frame): Value {
  const spine: ast.Binary[] = [];
  let n: ast.Expr = top;
  while (n.kind === "Binary") {
    spine.push(n);
    n = n.left;
  }
  let acc = evalExpr(it, n, env);
  for (let i = spine.length - 1; i >= 0; i--) acc = binaryStep(it, spine[i], acc, env);
  return acc;
}

// ---- calls, members, `?` --------------------------------------------------------------------

function evalCall(it: Interp, e: ast.Call, env: Frame): Value {
  const callee = evalExpr(it, e.callee, env);
  const n = e.args.length;
  const args = new Array<Value>(n);
  for (let i = 0; i < n; i++) args[i] = evalExpr(it, e.args[i], env);
  return callValue(it, callee, args, e.span);
}

function evalMember(it: Interp, e: ast.Member, env: Frame): Value {
  const target = evalExpr(it, e.target, env);
  if (e.args !== null) for (const a of e.args) evalExpr(it, a, env);
  return ops.jsonMethod(target, e.name.name, e.span);
}

/** `e?` (§6.11): Ok(v) yields v; Err leaves the function with that Err. */
export function propagate(it: Interp, e: ast.Try, v: Value): Value {
  if (!(v instanceof ResultValue)) throw ops.notPropagatable(v, e.span);
  if (v.isOk) return v.value;
  it.returnValue = v;
  throw RETURN_SIGNAL;
}

// ---- match ----------------------------------------------------------------------------------

/**
 * Runs a match (§6.10): the chosen arm's expression value goes to `it.matchValue`; a block arm
 * yields null and its completion (break/continue/return) is returned.
 */
export function matchRun(it: Interp, e: ast.Match, env: Frame): Completion {
  const v = evalExpr(it, e.scrutinee, env);
  for (const arm of e.arms) {
    const frame = armFrame(it, arm, env);
    if (!matchPattern(it, arm.pattern, v, frame)) continue;
    if (arm.guard !== null && !ops.condition(evalExpr(it, arm.guard, frame), arm.guard.span)) continue;
    if (arm.body.kind === "Block") {
      it.matchValue = null;
      return execStmts(it, arm.body.body, frame);
    }
    it.matchValue = evalExpr(it, arm.body, frame);
    return NORMAL;
  }
  throw noArmMatched(e);
}

export function noArmMatched(e: ast.Match): RuntimeError {
  return typeError("Non-exhaustive pattern match - no arm matched", e.span);
}

/** The value of a match used as an expression; control leaving an arm block is re-thrown. */
export function matchValue(it: Interp, _e: ast.Match, c: Completion): Value {
  if (c !== NORMAL) throw signalFor(c);
  return it.takeMatchValue();
}
