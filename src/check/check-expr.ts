// Expression typing (language.md §5.5, §5.8, contextual typing of §5.6): one function per
// expression kind; calls live in check-call.ts, match and `?` in check-match.ts, function
// expressions in check-fn.ts, binary chains and conditions in narrowing.ts.
import * as ast from "../syntax/ast.js";
import type { Checker } from "./check-context.js";
import { callWithType, checkCall } from "./check-call.js";
import { checkFnExpr } from "./check-fn.js";
import { checkMatch, checkTry, tryWithType } from "./check-match.js";
import { unaryResult } from "./check-ops.js";
import * as msg from "./messages-check.js";
import { checkBinaryChain, checkCond } from "./narrowing.js";
import {
  type FnType,
  type Type,
  T_BOOL,
  T_ERROR,
  T_JSON,
  T_NEVER,
  T_NULL,
  T_NUMBER,
  T_STRING,
  arrayOf,
  displayType,
  futureOf,
  instantiateAgainst,
  isAssignable,
  isGeneric,
  isNever,
  membersOf,
  unionOf,
} from "./types.js";

/** Types `e` with an optional expected (contextual) type and records it. */
export function checkExpr(c: Checker, e: ast.Expr, expected: Type | null): Type {
  const t = isPostfix(e) && isPostfix(postfixChild(e)) ? checkPostfixChain(c, e, expected) : checkExprInner(c, e, expected);
  c.setType(e, t);
  return t;
}

// ───────────────────────────── postfix chains ─────────────────────────────

/** Calls, indexing, members and `?`: the nodes of a postfix chain (§13.1.10: chains do not nest). */
type Postfix = ast.Call | ast.Index | ast.Member | ast.Try;

function isPostfix(e: ast.Expr): e is Postfix {
  return e.kind === "Call" || e.kind === "Index" || e.kind === "Member" || e.kind === "Try";
}

/** The operand a postfix operator applies to (the callee of a call). */
function postfixChild(e: Postfix): ast.Expr {
  switch (e.kind) {
    case "Call":
      return e.callee;
    case "Index":
    case "Member":
      return e.target;
    case "Try":
      return e.operand;
  }
}

/**
 * `f()()…`, `a[0][0]…`, `j["k"].as_string()…`, `r()??…`: walked bottom-up with an explicit
 * list instead of recursion, so a 10,000-long chain uses constant stack. Each node is typed
 * exactly as the recursive rules would (its operand with no expected type, then the node);
 * only the outermost node sees `expected`.
 */
function checkPostfixChain(c: Checker, e: Postfix, expected: Type | null): Type {
  const spine: Postfix[] = [];
  let cur: ast.Expr = e;
  while (isPostfix(cur)) {
    spine.push(cur);
    cur = postfixChild(cur);
  }
  const deepest = spine[spine.length - 1];
  let t = checkExprInner(c, deepest, null);
  c.setType(deepest, t);
  for (let i = spine.length - 2; i >= 0; i--) {
    const n = spine[i];
    t = postfixWithType(c, n, t, i === 0 ? expected : null);
    if (i > 0) c.setType(n, t);
  }
  return t;
}

/** Types a postfix node whose operand (callee, target) has already been typed as `t`. */
function postfixWithType(c: Checker, n: Postfix, t: Type, expected: Type | null): Type {
  switch (n.kind) {
    case "Call":
      return callWithType(c, n, t, expected);
    case "Index":
      return indexWithType(c, n, t);
    case "Member":
      return memberWithType(c, n, t);
    case "Try":
      return tryWithType(c, n, t);
  }
}

function checkExprInner(c: Checker, e: ast.Expr, expected: Type | null): Type {
  switch (e.kind) {
    case "NumberLit":
      return T_NUMBER;
    case "StringLit":
      return T_STRING;
    case "BoolLit":
      return T_BOOL;
    case "NullLit":
      return T_NULL;
    case "Ident":
      return checkIdent(c, e, expected);
    case "ArrayLit":
      return checkArrayLit(c, e, expected);
    case "Paren":
      return checkExpr(c, e.expr, expected);
    case "Unary":
      if (e.op === "!") return checkCond(c, e).type;
      return unaryResult(c, e, checkExpr(c, e.operand, null));
    case "Await":
      return checkAwait(c, e, expected);
    case "Binary":
      return checkBinaryChain(c, e, false).type;
    case "Call":
      return checkCall(c, e, expected);
    case "Index":
      return checkIndex(c, e);
    case "Member":
      return checkMember(c, e);
    case "Try":
      return checkTry(c, e);
    case "Match":
      return checkMatch(c, e, expected);
    case "FnExpr":
      return checkFnExpr(c, e, expected);
    default:
      return ast.assertNever(e);
  }
}

/** The single member of `t` of the given kind (a union with exactly one array/function member provides it). */
export function pickMember<K extends "array" | "fn">(t: Type | null, kind: K): Extract<Type, { kind: K }> | null {
  if (!t) return null;
  if (t.kind === kind) return t as Extract<Type, { kind: K }>;
  if (t.kind !== "union") return null;
  const ms = t.members.filter((m) => m.kind === kind);
  return ms.length === 1 ? (ms[0] as Extract<Type, { kind: K }>) : null;
}

// ───────────────────────────── identifiers and values ─────────────────────────────

function checkIdent(c: Checker, e: ast.Ident, expected: Type | null): Type {
  const ref = c.input.refs.get(e);
  if (!ref) return T_ERROR;
  if (ref.kind === "builtin") return builtinValue(c, ref.name, expected);
  const b = ref.binding;
  const declared = c.bindingType(b);
  if (declared === undefined) {
    c.report(msg.cannotDetermine(b.name, e.span));
    return T_ERROR;
  }
  const t = (c.narrowable(b, ref) ? c.narrowed(b) : undefined) ?? declared;
  return valueFor(c, t, expected);
}

/** A generic function used as a value where a function type is expected is instantiated (§5.6). */
export function valueFor(c: Checker, t: Type, expected: Type | null): Type {
  if (t.kind !== "fn" || t.typeParams.length === 0) return t;
  const exp = pickMember(expected, "fn");
  if (!exp || exp.params.length !== t.params.length) return t;
  return instantiateAgainst(t, exp.params, exp.result, (x) => c.mentionsOpen(x)) ?? t;
}

/** A builtin as a value: a constant's type, or the overload the expected type selects (§5.13). */
function builtinValue(c: Checker, name: string, expected: Type | null): Type {
  const constant = c.builtins.constantType(name);
  if (constant) return constant;
  const ovs = c.builtins.overloads(name);
  if (ovs.length === 0) return T_ERROR;
  const exp = pickMember(expected, "fn");
  if (exp) {
    for (const o of ovs) {
      const v = valueFor(c, o.valueType, exp);
      if (v.kind === "fn" && v.typeParams.length === 0 && fitsLoosely(c, v, exp)) return v;
    }
  }
  return valueFor(c, ovs[0].valueType, expected);
}

/** `src ≤ target`, ignoring the parts of `target` that mention open inference parameters. */
function fitsLoosely(c: Checker, src: FnType, target: FnType): boolean {
  if (src.params.length !== target.params.length) return false;
  for (let i = 0; i < src.params.length; i++) {
    const q = target.params[i];
    if (!c.mentionsOpen(q) && !isAssignable(q, src.params[i])) return false;
  }
  const r = target.result;
  if (c.mentionsOpen(r) || (r.kind === "prim" && r.name === "void")) return true;
  return isAssignable(src.result, r);
}

// ───────────────────────────── array literals ─────────────────────────────

function checkArrayLit(c: Checker, e: ast.ArrayLit, expected: Type | null): Type {
  const exp = pickMember(expected, "array");
  if (exp && !c.mentionsOpen(exp.element)) {
    const el = exp.element;
    e.elements.forEach((x, i) => {
      const t = checkExpr(c, x, el);
      if (!isAssignable(t, el)) c.report(msg.arrayElement(i, displayType(el), displayType(t), x.span));
    });
    return arrayOf(el);
  }
  if (e.elements.length === 0) return arrayOf(T_NEVER);
  let el = checkExpr(c, e.elements[0], null);
  for (let i = 1; i < e.elements.length; i++) {
    const x = e.elements[i];
    const s = checkExpr(c, x, null);
    if (isAssignable(s, el)) continue;
    if (isAssignable(el, s)) el = s;
    else c.report(msg.arrayElement(i, displayType(el), displayType(s), x.span));
  }
  return arrayOf(el);
}

// ───────────────────────────── await ─────────────────────────────

/** Whether `await` is allowed here (§5.8): nearest function async, or top level. */
export function inAwaitContext(c: Checker): boolean {
  return c.fn.node === null || c.fn.isAsync;
}

function checkAwait(c: Checker, e: ast.Await, expected: Type | null): Type {
  if (!inAwaitContext(c)) c.report(msg.awaitOutside(e.span));
  const t = checkExpr(c, e.operand, expected ? futureOf(expected) : null);
  return awaitedType(c, t, e);
}

function awaitedType(c: Checker, t: Type, e: ast.Await): Type {
  if (t.kind === "error" || isNever(t)) return t;
  const out: Type[] = [];
  for (const m of membersOf(t)) {
    if (isGeneric(m, "Future") || isGeneric(m, "Task")) out.push(m.args[0]);
    else {
      c.report(msg.notAwaitable(displayType(t), e.span));
      return T_ERROR;
    }
  }
  return unionOf(out);
}

// ───────────────────────────── indexing and members ─────────────────────────────

function checkIndex(c: Checker, e: ast.Index): Type {
  return indexWithType(c, e, checkExpr(c, e.target, null));
}

function indexWithType(c: Checker, e: ast.Index, t: Type): Type {
  const i = checkExpr(c, e.index, null);
  if (t.kind === "error" || isNever(t)) return t;
  if (t.kind === "prim" && t.name === "json") {
    if (i.kind !== "error" && !isAssignable(i, unionOf([T_STRING, T_NUMBER]))) {
      c.report(msg.jsonIndex(displayType(i), e.index.span));
    }
    return T_JSON;
  }
  const ms = membersOf(t);
  let result: Type;
  if (t.kind === "prim" && t.name === "string") result = T_STRING;
  else if (ms.every((m) => m.kind === "array")) result = unionOf(ms.map((m) => (m.kind === "array" ? m.element : m)));
  else {
    c.report(msg.cannotIndex(displayType(t), e.span));
    return T_ERROR;
  }
  if (!isAssignable(i, T_NUMBER)) c.report(msg.arrayIndex(displayType(i), e.index.span));
  return result;
}

const JSON_METHODS: ReadonlyMap<string, Type> = new Map<string, Type>([
  ["as_string", T_STRING],
  ["as_number", T_NUMBER],
  ["as_bool", T_BOOL],
  ["is_null", T_BOOL],
]);

function checkMember(c: Checker, e: ast.Member): Type {
  return memberWithType(c, e, checkExpr(c, e.target, null));
}

function memberWithType(c: Checker, e: ast.Member, t: Type): Type {
  const args = e.args ?? [];
  for (const a of args) checkExpr(c, a, null);
  if (t.kind === "error" || isNever(t)) return t;
  const m = e.name.name;
  const result = t.kind === "prim" && t.name === "json" ? JSON_METHODS.get(m) : undefined;
  if (!result) {
    c.report(msg.noMethod(displayType(t), m, e.name.span));
    return T_ERROR;
  }
  if (args.length !== 0) c.report(msg.methodArity(m, args.length, e.span));
  return result;
}
