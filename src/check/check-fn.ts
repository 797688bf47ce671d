// Functions (language.md §5.4, §5.7): signatures of declarations (type parameters, bounds,
// async result rule AT3041, type predicates), function expressions (contextual parameter types,
// AT3043, inferred results, callback-body cache), body checking with deferred nested bodies,
// and the missing-return rule AT3004.
import type * as ast from "../syntax/ast.js";
import { span as mkSpan, type Span } from "../diagnostics/span.js";
import { type Checker, type Deferred, type FnCtx, newFnCtx } from "./check-context.js";
import { pickMember } from "./check-expr.js";
import { alwaysReturns } from "./flow.js";
import { checkStmtList } from "./check-stmt.js";
import * as msg from "./messages-check.js";
import { declareTypeParams } from "./type-expr.js";
import {
  type FnType,
  type PredicateInfo,
  type Type,
  type TypeParamDef,
  T_BOOL,
  T_ERROR,
  T_NULL,
  displayType,
  fnOf,
  futureOf,
  isAssignable,
  isGeneric,
  typeKey,
  unionOf,
} from "./types.js";

/** Signature of a declared function; computed once, when its block is entered (hoisting). */
export function declareFnSig(c: Checker, d: ast.FnDecl): FnType {
  const known = c.fnSigs.get(d);
  if (known) return known.type;
  const defs = declareTypeParams(d.typeParams, c.typeEnv());
  const own = new Map<string, TypeParamDef>();
  for (const p of defs) if (!own.has(p.name)) own.set(p.name, p);
  const scopes = [...c.typeScopes, own];
  const saved = c.typeScopes;
  c.typeScopes = scopes;
  const params = d.params.map((p) => (p.type ? c.resolveType(p.type) : T_ERROR));
  const declared = d.returnType ? c.resolveType(d.returnType) : null;
  let result: Type;
  let bodyReturn: Type;
  if (d.isAsync) {
    ({ result, bodyReturn } = asyncResult(c, declared, d.returnType, T_NULL));
  } else {
    result = declared ?? T_NULL;
    bodyReturn = result;
  }
  const predicate = d.predicate ? checkPredicate(c, d, params, result) : null;
  c.typeScopes = saved;
  const type = fnOf(params, result, defs, predicate);
  c.fnSigs.set(d, { type, bodyReturn, typeScopes: scopes });
  return type;
}

/** §5.7 async: the annotation must be Future<T>; the body is checked against T. */
function asyncResult(
  c: Checker,
  declared: Type | null,
  te: ast.TypeExpr | null,
  omitted: Type,
): { result: Type; bodyReturn: Type } {
  if (!declared || !te) return { result: futureOf(omitted), bodyReturn: omitted };
  if (isGeneric(declared, "Future")) return { result: declared, bodyReturn: declared.args[0] };
  if (declared.kind === "error") return { result: T_ERROR, bodyReturn: T_ERROR };
  c.report(msg.asyncReturn(displayType(declared), te.span));
  return { result: futureOf(T_ERROR), bodyReturn: T_ERROR };
}

function checkPredicate(c: Checker, d: ast.FnDecl, params: Type[], result: Type): PredicateInfo | null {
  const p = d.predicate!;
  const target = c.resolveType(p.type);
  if (result.kind !== "error" && !isAssignable(result, T_BOOL)) {
    c.report(msg.predicateReturn(displayType(result), d.returnType?.span ?? p.span));
    return null;
  }
  const index = d.params.findIndex((x) => x.name.name === p.param.name);
  if (index < 0) {
    c.report(msg.predicateParam(p.param.name, p.param.span));
    return null;
  }
  if (!isAssignable(target, params[index])) {
    c.report(msg.predicateType(displayType(target), displayType(params[index]), p.type.span));
    return null;
  }
  return { index, type: target };
}

/** A declared function's body is checked at the end of the enclosing body (§13.2.4). */
export function deferFnDecl(c: Checker, d: ast.FnDecl): void {
  const sig = c.fnSigs.get(d);
  if (!sig) return;
  enqueue(c, {
    node: d,
    params: sig.type.params,
    bodyReturn: sig.bodyReturn,
    isAsync: d.isAsync,
    narrow: c.snapshotNarrowing(),
    typeScopes: sig.typeScopes,
  });
}

function enqueue(c: Checker, item: Deferred): void {
  if (c.fn.deferredNodes.has(item.node)) return;
  c.fn.deferredNodes.add(item.node);
  c.fn.deferred.push(item);
}

/** Checks the deferred bodies queued in the current function context (and theirs, recursively). */
export function drainDeferred(c: Checker): void {
  const q = c.fn.deferred;
  while (q.length > 0) {
    const item = q.shift()!;
    const savedFrames = c.frames;
    const savedScopes = c.typeScopes;
    c.frames = [];
    c.pushNarrowing(new Map(item.narrow), true);
    c.typeScopes = item.typeScopes;
    checkBody(c, item.node, item.params, item.bodyReturn, item.isAsync);
    c.frames = savedFrames;
    c.typeScopes = savedScopes;
  }
}

/**
 * Checks a function body in a new function context. `bodyReturn` null infers the result
 * (anonymous functions, §5.7); returns the inferred body result in that case.
 */
function checkBody(
  c: Checker,
  node: ast.FnDecl | ast.FnExpr,
  params: readonly Type[],
  bodyReturn: Type | null,
  isAsync: boolean,
): Type | null {
  const saved = c.fn;
  const ctx: FnCtx = newFnCtx(node, isAsync, bodyReturn);
  c.fn = ctx;
  node.params.forEach((p, i) => {
    const b = c.input.decls.get(p);
    if (b) c.setBinding(b, params[i] ?? T_ERROR);
  });
  checkStmtList(c, node.body.body);
  drainDeferred(c);
  let inferred: Type | null = null;
  if (bodyReturn === null) {
    inferred = ctx.inferred.length === 0 ? T_NULL : unionOf(ctx.inferred);
    if (ctx.tries.length > 0 && inferred.kind !== "error" && !isGeneric(inferred, "Result")) {
      c.report(msg.tryFnNotResult(displayType(inferred), ctx.tries[0].span));
    }
  }
  const r = bodyReturn ?? inferred!;
  if (needsReturn(r) && !alwaysReturns(node.body.body)) c.report(msg.missingReturn(fnNameSpan(node)));
  c.fn = saved;
  return inferred;
}

function needsReturn(r: Type): boolean {
  if (r.kind === "error") return false;
  if (r.kind === "prim" && r.name === "void") return false;
  return !isAssignable(T_NULL, r);
}

/** The function name, or the `fn` keyword of an anonymous function (AT3004 span). */
function fnNameSpan(node: ast.FnDecl | ast.FnExpr): Span {
  if (node.kind === "FnDecl") return node.name.span;
  const start = node.isAsync ? skipTrivia(node.span.file.text, node.span.start + "async".length) : node.span.start;
  return mkSpan(node.span.file, start, start + 2);
}

/** The offset of the first token at or after `i`: whitespace and comments skipped (§2.2). */
function skipTrivia(text: string, i: number): number {
  for (;;) {
    const c = text[i];
    if (c === " " || c === "\t" || c === "\n" || c === "\r") i++;
    else if (text.startsWith("//", i)) i = text.includes("\n", i) ? text.indexOf("\n", i) : text.length;
    else if (text.startsWith("/*", i)) i = text.includes("*/", i + 2) ? text.indexOf("*/", i + 2) + 2 : text.length;
    else return i;
  }
}

// ───────────────────────────── function expressions ─────────────────────────────

export function checkFnExpr(c: Checker, e: ast.FnExpr, expected: Type | null): Type {
  const exp = pickMember(expected, "fn");
  const ctxParams = exp && exp.params.length === e.params.length ? exp.params : null;
  let missing = false;
  const params = e.params.map((p, i) => {
    if (p.type) return c.resolveType(p.type);
    const q = ctxParams?.[i];
    if (q && !c.mentionsOpen(q)) return q;
    if (expected?.kind === "error") return T_ERROR;
    c.report(msg.cannotInferParam(p.name.name, p.name.span));
    missing = true;
    return T_ERROR;
  });
  const declared = e.returnType ? c.resolveType(e.returnType) : null;
  let result: Type | null = null;
  let bodyReturn: Type | null = null;
  if (declared) {
    if (e.isAsync) ({ result, bodyReturn } = asyncResult(c, declared, e.returnType, T_NULL));
    else result = bodyReturn = declared;
  }
  const fullyAnnotated = declared !== null && e.params.every((p) => p.type !== null);
  if (fullyAnnotated) {
    enqueue(c, {
      node: e,
      params,
      bodyReturn: bodyReturn!,
      isAsync: e.isAsync,
      narrow: c.snapshotNarrowing(),
      typeScopes: c.typeScopes,
    });
    return fnOf(params, result!);
  }
  const key = `${c.bodyChecks.join(".")}|${missing ? "!" : ""}${params.map(typeKey).join(",")}`;
  return checkInPlace(c, e, key, params, bodyReturn, result);
}

/**
 * Checks a function expression's body where it occurs. Results are cached per contextual
 * parameter types (and enclosing body checks) and replayed, so re-trying overloads with the
 * same callback is cheap (§5.6 Overloads).
 */
function checkInPlace(
  c: Checker,
  e: ast.FnExpr,
  key: string,
  params: Type[],
  bodyReturn: Type | null,
  result: Type | null,
): Type {
  return c.cachedCheck(c.bodyCache, e, key, () => {
    c.bodyChecks.push(c.nextBodyCheck++);
    c.pushNarrowing(null, true);
    const inferred = checkBody(c, e, params, bodyReturn, e.isAsync);
    c.popNarrowing();
    c.bodyChecks.pop();
    let r = result;
    if (r === null) r = e.isAsync ? futureOf(inferred ?? T_NULL) : (inferred ?? T_NULL);
    return fnOf(params, r);
  });
}
