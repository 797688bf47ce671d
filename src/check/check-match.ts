// `match` (language.md §5.10: patterns AT3022–AT3026, OR-pattern bindings, guards AT3029, arm
// types, exhaustiveness AT3027) and the `?` operator (§5.11, §13.1.7).
import type * as ast from "../syntax/ast.js";
import type { Checker } from "./check-context.js";
import { checkExpr } from "./check-expr.js";
import { checkStmtList } from "./check-stmt.js";
import { alwaysExits } from "./flow.js";
import * as msg from "./messages-check.js";
import {
  type GenericType,
  type Type,
  T_BOOL,
  T_ERROR,
  T_NEVER,
  T_NULL,
  T_NUMBER,
  T_STRING,
  displayType,
  isAssignable,
  isGeneric,
  isNever,
  membersOf,
  resultOf,
  sameType,
  unionOf,
} from "./types.js";

export function checkMatch(c: Checker, e: ast.Match, expected: Type | null): Type {
  const st = checkExpr(c, e.scrutinee, null);
  const armTypes: Type[] = [];
  for (const arm of e.arms) {
    checkPattern(c, arm.pattern, st, new Map());
    if (arm.guard) {
      const g = checkExpr(c, arm.guard, null);
      if (!isAssignable(g, T_BOOL)) c.report(msg.guardNotBool(displayType(g), arm.guard.span));
    }
    if (arm.body.kind === "Block") {
      checkStmtList(c, arm.body.body);
      armTypes.push(alwaysExits(arm.body.body) ? T_NEVER : T_NULL);
    } else {
      armTypes.push(checkExpr(c, arm.body, expected));
    }
  }
  checkExhaustive(c, e, st);
  return unionOf(armTypes);
}

// ───────────────────────────── patterns ─────────────────────────────

type Bound = Map<string, Type>;

function literalType(v: ast.LiteralPattern["value"]): Type {
  if (v === null) return T_NULL;
  if (typeof v === "number") return T_NUMBER;
  if (typeof v === "string") return T_STRING;
  return T_BOOL;
}

function checkPattern(c: Checker, p: ast.Pattern, t: Type, out: Bound): void {
  switch (p.kind) {
    case "WildcardPattern":
      return;
    case "LiteralPattern": {
      const l = literalType(p.value);
      if (!isNever(t) && !isAssignable(l, t)) c.report(msg.patternMismatch(displayType(t), displayType(l), p.span));
      return;
    }
    case "BindingPattern": {
      const b = c.input.decls.get(p);
      if (b) c.setBinding(b, t);
      out.set(p.name.name, t);
      return;
    }
    case "ArrayPattern": {
      let el: Type;
      if (t.kind === "error" || isNever(t)) el = t;
      else if (membersOf(t).every((m) => m.kind === "array")) {
        el = unionOf(membersOf(t).map((m) => (m.kind === "array" ? m.element : m)));
      } else {
        c.report(msg.arrayPatternNonArray(displayType(t), p.span));
        el = T_ERROR;
      }
      for (const x of p.elements) checkPattern(c, x, el, out);
      return;
    }
    case "ConstructorPattern":
      return checkCtorPattern(c, p, t, out);
    case "OrPattern":
      return checkOrPattern(c, p, t, out);
  }
}

function checkOrPattern(c: Checker, p: ast.OrPattern, t: Type, out: Bound): void {
  const maps = p.alternatives.map((a) => {
    const m: Bound = new Map();
    checkPattern(c, a, t, m);
    return m;
  });
  const first = maps[0];
  const same = maps.every(
    (m) =>
      m.size === first.size &&
      [...first].every(([name, ty]) => {
        const other = m.get(name);
        return other !== undefined && sameType(other, ty);
      }),
  );
  if (!same) c.report(msg.orPatternBindings(p.span));
  for (const [k, v] of first) out.set(k, v);
}

function member(t: Type, name: "Option" | "Result"): GenericType | null {
  for (const m of membersOf(t)) if (isGeneric(m, name)) return m;
  return null;
}

function checkCtorPattern(c: Checker, p: ast.ConstructorPattern, t: Type, out: Bound): void {
  const name = p.name.name;
  const sub = (types: readonly Type[]): void => p.args.forEach((a, i) => checkPattern(c, a, types[i] ?? T_ERROR, out));
  const fail = (): void => sub([]);
  if (t.kind === "error" || isNever(t)) return sub(p.args.map(() => t));
  const opt = member(t, "Option");
  const res = member(t, "Result");
  const isOpt = name === "Some" || name === "None";
  const isRes = name === "Ok" || name === "Err";
  if ((isOpt && opt) || (isRes && res)) {
    const arity = name === "None" ? 0 : 1;
    if (p.args.length !== arity) {
      c.report(msg.patternArity(name, arity, p.args.length, p.span));
      return fail();
    }
    if (name === "Some") return sub([opt!.args[0]]);
    if (name === "Ok") return sub([res!.args[0]]);
    if (name === "Err") return sub([res!.args[1]]);
    return;
  }
  const family = firstFamily(t);
  if (family) c.report(msg.unknownCtor(family, name, p.span));
  else c.report(msg.ctorUnsupported(displayType(t), p.span));
  fail();
}

function firstFamily(t: Type): "Option" | "Result" | null {
  for (const m of membersOf(t)) {
    if (isGeneric(m, "Option")) return "Option";
    if (isGeneric(m, "Result")) return "Result";
  }
  return null;
}

// ───────────────────────────── exhaustiveness ─────────────────────────────

function alternatives(p: ast.Pattern): readonly ast.Pattern[] {
  return p.kind === "OrPattern" ? p.alternatives : [p];
}

function checkExhaustive(c: Checker, e: ast.Match, st: Type): void {
  if (st.kind === "error" || isNever(st)) return;
  const pats = e.arms.filter((a) => !a.guard).flatMap((a) => alternatives(a.pattern));
  if (pats.some((p) => p.kind === "WildcardPattern" || p.kind === "BindingPattern")) return;
  const hasCtor = (n: string): boolean => pats.some((p) => p.kind === "ConstructorPattern" && p.name.name === n);
  const hasLit = (v: boolean | null): boolean => pats.some((p) => p.kind === "LiteralPattern" && p.value === v);
  for (const m of membersOf(st)) {
    const missing: string[] = [];
    let family: string | null = null;
    if (isGeneric(m, "Option")) {
      family = "Option";
      if (!hasCtor("Some")) missing.push("Some(_)");
      if (!hasCtor("None")) missing.push("None");
    } else if (isGeneric(m, "Result")) {
      family = "Result";
      if (!hasCtor("Ok")) missing.push("Ok(_)");
      if (!hasCtor("Err")) missing.push("Err(_)");
    } else if (m.kind === "prim" && m.name === "bool") {
      family = "bool";
      if (!hasLit(true)) missing.push("true");
      if (!hasLit(false)) missing.push("false");
    } else if (m.kind === "prim" && m.name === "null") {
      if (!hasLit(null)) {
        c.report(msg.nonExhaustive(displayType(m), e.span));
        return;
      }
      continue;
    } else if (
      m.kind === "array" ||
      (m.kind === "prim" && (m.name === "number" || m.name === "string" || m.name === "unknown"))
    ) {
      c.report(msg.nonExhaustive(displayType(m), e.span));
      return;
    } else {
      continue;
    }
    if (missing.length > 0) {
      c.report(msg.nonExhaustiveCtor(family, missing, e.span));
      return;
    }
  }
}

// ───────────────────────────── `?` ─────────────────────────────

export function checkTry(c: Checker, e: ast.Try): Type {
  return tryWithType(c, e, checkExpr(c, e.operand, null));
}

/** `e?` whose operand has already been typed as `t`. */
export function tryWithType(c: Checker, e: ast.Try, t: Type): Type {
  if (t.kind === "error" || isNever(t)) return t;
  if (!isGeneric(t, "Result")) {
    const onFuture = membersOf(t).some((m) => isGeneric(m, "Future") || isGeneric(m, "Task"));
    c.report(msg.tryNotResult(displayType(t), e.span, onFuture));
    return T_ERROR;
  }
  const [ok, err] = t.args;
  const fn = c.fn;
  if (fn.node === null) {
    c.report(msg.tryOutside(e.span));
    return ok;
  }
  if (fn.returnType === null) {
    fn.inferred.push(resultOf(T_NEVER, err));
    fn.tries.push(e);
    return ok;
  }
  const r = fn.returnType;
  if (r.kind === "error") return ok;
  if (!isGeneric(r, "Result")) {
    c.report(msg.tryFnNotResult(displayType(r), e.span));
    return ok;
  }
  if (!isAssignable(err, r.args[1])) c.report(msg.tryErrorType(displayType(err), displayType(r.args[1]), e.span));
  return ok;
}
