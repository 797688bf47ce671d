// Statements (language.md §5.9, §5.3 mutability, §5.7 returns, §5.12 narrowing regions):
// statement lists with hoisting of function signatures and annotated variables (§5.4).
import * as ast from "../syntax/ast.js";
import type { Checker } from "./check-context.js";
import { checkExpr } from "./check-expr.js";
import { declareFnSig, deferFnDecl } from "./check-fn.js";
import * as msg from "./messages-check.js";
import { checkCond } from "./narrowing.js";
import type { Binding } from "./program.js";
import {
  type Type,
  T_BOOL,
  T_ERROR,
  T_NULL,
  T_NUMBER,
  arrayOf,
  displayType,
  isAssignable,
  isNever,
  membersOf,
  unionOf,
} from "./types.js";

/** Checks a statement list after entering its function declarations and annotated variables. */
export function checkStmtList(c: Checker, stmts: readonly ast.Stmt[]): void {
  for (const s of stmts) hoist(c, s);
  for (const s of stmts) checkStmt(c, s);
}

function hoist(c: Checker, s: ast.Stmt): void {
  const d = s.kind === "Export" ? s.decl : s;
  if (d.kind === "FnDecl") {
    const t = declareFnSig(c, d);
    const b = c.input.decls.get(d);
    if (b) c.setBinding(b, t);
  } else if (d.kind === "VarDecl" && d.type) {
    const t = annotation(c, d);
    const b = c.input.decls.get(d);
    if (b) c.setBinding(b, t);
  }
}

function annotation(c: Checker, d: ast.VarDecl): Type {
  let t = c.annotations.get(d);
  if (!t) {
    t = c.resolveType(d.type!);
    c.annotations.set(d, t);
  }
  return t;
}

function checkStmt(c: Checker, s: ast.Stmt): void {
  switch (s.kind) {
    case "VarDecl":
      return checkVarDecl(c, s);
    case "FnDecl":
      return deferFnDecl(c, s);
    case "If":
      return checkIf(c, s);
    case "While":
      return checkWhile(c, s);
    case "For":
      return checkFor(c, s);
    case "ForIn":
      return checkForIn(c, s);
    case "Return":
      return checkReturn(c, s);
    case "Break":
      if (c.fn.loopDepth === 0) c.report(msg.breakOutside(s.span));
      return;
    case "Continue":
      if (c.fn.loopDepth === 0) c.report(msg.continueOutside(s.span));
      return;
    case "Block":
      return checkStmtList(c, s.body);
    case "Empty":
    case "Import":
    case "TypeAlias":
      return;
    case "ExprStmt":
      checkExpr(c, s.expr, null);
      return;
    case "Assign":
      return checkAssign(c, s);
    case "CompoundAssign":
    case "IncDec":
      return checkUpdate(c, s);
    case "Export":
      return checkStmt(c, s.decl);
    default:
      return ast.assertNever(s);
  }
}

function unparen(e: ast.Expr): ast.Expr {
  while (e.kind === "Paren") e = e.expr;
  return e;
}

function checkVarDecl(c: Checker, d: ast.VarDecl): void {
  const b = c.input.decls.get(d);
  if (d.type) {
    const t = annotation(c, d);
    const s = checkExpr(c, d.init, t);
    if (!isAssignable(s, t)) c.report(msg.typeMismatch(displayType(t), displayType(s), d.span));
    if (b) c.setBinding(b, t);
    return;
  }
  const init = unparen(d.init);
  if (init.kind === "ArrayLit" && init.elements.length === 0) {
    c.report(msg.emptyArrayLet(d.init.span));
    checkExpr(c, d.init, null);
    if (b) c.setBinding(b, arrayOf(T_ERROR));
    return;
  }
  const t = checkExpr(c, d.init, null);
  if (b) c.setBinding(b, t);
}

function condition(c: Checker, e: ast.Expr): ReturnType<typeof checkCond> {
  const r = checkCond(c, e);
  if (!isAssignable(r.type, T_BOOL)) c.report(msg.condition(displayType(r.type), e.span));
  return r;
}

/** `if … else if … else …` chains are walked iteratively. */
function checkIf(c: Checker, s: ast.If): void {
  let pushed = 0;
  let cur: ast.If = s;
  for (;;) {
    const r = condition(c, cur.cond);
    c.pushNarrowing(r.facts?.t ? new Map(r.facts.t) : null);
    checkStmtList(c, cur.then.body);
    c.popNarrowing();
    if (!cur.else) break;
    c.pushNarrowing(r.facts?.f ? new Map(r.facts.f) : null);
    pushed++;
    if (cur.else.kind === "Block") {
      checkStmtList(c, cur.else.body);
      break;
    }
    cur = cur.else;
  }
  for (let i = 0; i < pushed; i++) c.popNarrowing();
}

function checkWhile(c: Checker, s: ast.While): void {
  const r = condition(c, s.cond);
  c.pushNarrowing(r.facts?.t ? new Map(r.facts.t) : null);
  loopBody(c, s.body);
  c.popNarrowing();
}

function loopBody(c: Checker, body: ast.Block): void {
  c.fn.loopDepth++;
  checkStmtList(c, body.body);
  c.fn.loopDepth--;
}

function checkFor(c: Checker, s: ast.For): void {
  if (s.init) checkStmt(c, s.init);
  if (s.cond) condition(c, s.cond);
  if (s.step) checkStmt(c, s.step);
  loopBody(c, s.body);
}

function checkForIn(c: Checker, s: ast.ForIn): void {
  const t = checkExpr(c, s.iterable, null);
  let el: Type;
  if (t.kind === "error" || isNever(t)) el = t;
  else if (membersOf(t).every((m) => m.kind === "array")) {
    el = unionOf(membersOf(t).map((m) => (m.kind === "array" ? m.element : m)));
  } else {
    c.report(msg.forIn(displayType(t), s.iterable.span));
    el = T_ERROR;
  }
  const b = c.input.decls.get(s);
  if (b) c.setBinding(b, el);
  loopBody(c, s.body);
}

function checkReturn(c: Checker, s: ast.Return): void {
  const fn = c.fn;
  if (fn.node === null) {
    c.report(msg.returnOutside(s.span));
    if (s.value) checkExpr(c, s.value, null);
    return;
  }
  if (fn.returnType === null) {
    fn.inferred.push(s.value ? checkExpr(c, s.value, null) : T_NULL);
    return;
  }
  const r = fn.returnType;
  if (!s.value) {
    const ok = r.kind === "error" || (r.kind === "prim" && (r.name === "void" || r.name === "null"));
    if (!ok) c.report(msg.returnMismatch(displayType(r), "void", s.span));
    return;
  }
  const t = checkExpr(c, s.value, r);
  if (!isAssignable(t, r)) c.report(msg.returnMismatch(displayType(r), displayType(t), s.span));
}

// ───────────────────────────── assignments ─────────────────────────────

/** Mutability of an identifier target (§5.3); returns its binding when it is a variable. */
function targetBinding(c: Checker, id: ast.Ident, modify: boolean): Binding | null {
  const ref = c.input.refs.get(id);
  if (!ref) return null;
  if (ref.kind === "builtin") {
    c.report(msg.immutable(modify, id.name, id.span, null, false));
    return null;
  }
  const b = ref.binding;
  const imported = ref.kind === "global" && ref.moduleIndex !== c.moduleIndex;
  if (imported) {
    c.report(msg.immutable(modify, id.name, id.span, c.spanOfImport(id.name) ?? b.span, false));
  } else if (!b.mutable) {
    c.report(msg.immutable(modify, id.name, id.span, b.span, b.kind === "let"));
  }
  return b;
}

function declaredType(c: Checker, b: Binding, id: ast.Ident): Type {
  const t = c.bindingType(b);
  if (t === undefined) {
    c.report(msg.cannotDetermine(b.name, id.span));
    return T_ERROR;
  }
  return t;
}

/** `a[i]` as a target: `a` must be an array (§5.9); returns the element type. */
function indexTarget(c: Checker, t: ast.Index): Type {
  const at = checkExpr(c, t.target, null);
  const it = checkExpr(c, t.index, null);
  let el: Type;
  if (at.kind === "error" || isNever(at)) el = at;
  else if (at.kind === "array") el = at.element;
  else {
    c.report(msg.cannotIndexNonArray(displayType(at), t.span));
    el = T_ERROR;
  }
  if (el.kind !== "error" && !isAssignable(it, T_NUMBER)) c.report(msg.arrayIndex(displayType(it), t.index.span));
  c.setType(t, el);
  return el;
}

function checkAssign(c: Checker, s: ast.Assign): void {
  let target: Type;
  let b: Binding | null = null;
  if (s.target.kind === "Ident") {
    b = targetBinding(c, s.target, false);
    target = b ? declaredType(c, b, s.target) : T_ERROR;
    c.setType(s.target, target);
  } else {
    target = indexTarget(c, s.target);
  }
  const v = checkExpr(c, s.value, target);
  if (!isAssignable(v, target)) c.report(msg.assignMismatch(displayType(target), displayType(v), s.span));
  if (b) c.endNarrowing(b);
}

function checkUpdate(c: Checker, s: ast.CompoundAssign | ast.IncDec): void {
  let target: Type;
  let b: Binding | null = null;
  if (s.target.kind === "Ident") {
    b = targetBinding(c, s.target, true);
    target = b ? checkExpr(c, s.target, null) : T_ERROR;
  } else {
    target = indexTarget(c, s.target);
  }
  if (!isAssignable(target, T_NUMBER)) {
    const at = s.target.span;
    if (s.kind === "IncDec") c.report(msg.incDecTarget(s.op === "++", displayType(target), at));
    else c.report(msg.compoundTarget(displayType(target), at));
    if (s.kind === "CompoundAssign") checkExpr(c, s.value, null);
  } else if (s.kind === "CompoundAssign") {
    const v = checkExpr(c, s.value, null);
    if (!isAssignable(v, T_NUMBER)) c.report(msg.compoundValue(displayType(v), s.value.span));
  }
  if (b) c.endNarrowing(b);
}
