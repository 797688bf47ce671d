// Calls (language.md §5.6): callee rules, arity, argument checking, generic inference (expected
// result first, candidates, weak never candidates, context-sensitive arguments, AT9999, bounds)
// and speculative overload resolution for builtins.
import type * as ast from "../syntax/ast.js";
import type { Checker } from "./check-context.js";
import type { BuiltinParam } from "./builtin-types.js";
import { checkExpr } from "./check-expr.js";
import * as msg from "./messages-check.js";
import {
  type FnType,
  type Type,
  type TypeParamDef,
  T_ERROR,
  T_NEVER,
  displayType,
  fnOf,
  freshen,
  isAssignable,
  isNever,
  matchTypes,
  mentionsParams,
  optionOf,
  sameType,
  substitute,
  typeKey,
  unionOf,
} from "./types.js";

/** A callable signature: a user function type or one builtin overload. */
interface CallSig {
  readonly typeParams: readonly TypeParamDef[];
  readonly params: readonly BuiltinParam[];
  readonly result: Type;
  readonly minArgs: number;
  readonly maxArgs: number;
}

interface Attempt {
  readonly ok: boolean;
  readonly type: Type;
}

function sigOfFn(f: FnType): CallSig {
  return {
    typeParams: f.typeParams,
    params: f.params.map((t, i) => ({ name: `p${i}`, type: t, optional: false, rest: false })),
    result: f.result,
    minArgs: f.params.length,
    maxArgs: f.params.length,
  };
}

export function checkCall(c: Checker, call: ast.Call, expected: Type | null): Type {
  const callee = call.callee;
  if (callee.kind === "Ident") {
    const ref = c.input.refs.get(callee);
    if (ref?.kind === "builtin") {
      if (ref.name === "None" && c.builtins.overloads("None").length === 0) return callNone(c, call);
      const ovs = c.builtins.overloads(ref.name);
      if (ovs.length > 0) {
        c.setType(callee, ovs[0].valueType);
        return callOverloads(c, call, ovs, expected);
      }
    }
  }
  const ct = checkExpr(c, callee, null);
  return callWithType(c, call, ct, expected);
}

/** `None()` is a synonym of `None` (§5.13). */
function callNone(c: Checker, call: ast.Call): Type {
  const t = c.builtins.constantType("None") ?? optionOf(T_NEVER);
  c.setType(call.callee, t);
  if (call.args.length > 0) {
    c.report(msg.fnArity(0, call.args.length, call.span));
    checkArgsLoosely(c, call);
  }
  return t;
}

/** Types the arguments of a call that cannot be checked (`?` as expected type: no cascades). */
function checkArgsLoosely(c: Checker, call: ast.Call): void {
  for (const a of call.args) checkArg(c, a, T_ERROR);
}

/**
 * Types a call argument. Overload attempts, inference without step 0 and nested-call retyping
 * type the same argument again, and each nested call does the same with its own arguments, so
 * `len(len(len(…)))` would take time exponential in its depth. Like callback bodies (§5.6
 * Overloads), an argument's result is therefore cached per expected type and enclosing
 * in-place body checks (which fix every binding it can read), and replayed on reuse.
 */
function checkArg(c: Checker, a: ast.Expr, expected: Type | null): Type {
  if (cheapToCheck(a)) return checkExpr(c, a, expected);
  const key = `${c.bodyChecks.join(".")}|${expected === null ? "-" : typeKey(expected)}`;
  return c.cachedCheck(c.argCache, a, key, () => checkExpr(c, a, expected));
}

/** Leaves, and function expressions (whose bodies have their own cache, check-fn.ts). */
function cheapToCheck(a: ast.Expr): boolean {
  switch (a.kind) {
    case "NumberLit":
    case "StringLit":
    case "BoolLit":
    case "NullLit":
    case "Ident":
    case "FnExpr":
      return true;
    default:
      return false;
  }
}

/** A call whose callee has already been typed as `ct` (not a builtin name: see checkCall). */
export function callWithType(c: Checker, call: ast.Call, ct: Type, expected: Type | null): Type {
  if (ct.kind === "error" || isNever(ct)) {
    checkArgsLoosely(c, call);
    return ct;
  }
  if (ct.kind === "fn") return callOverloads(c, call, [sigOfFn(ct)], expected);
  if (ct.kind === "union" && ct.members.every((m) => m.kind === "fn")) {
    const fns = ct.members as FnType[];
    const first = fns[0];
    const same = fns.every(
      (f) =>
        f.typeParams.length === 0 &&
        f.params.length === first.params.length &&
        f.params.every((p, i) => sameType(p, first.params[i])),
    );
    if (same) return callOverloads(c, call, [sigOfFn(fnOf(first.params, unionOf(fns.map((f) => f.result))))], expected);
    c.report(msg.unionCall(call.span));
    checkArgsLoosely(c, call);
    return T_ERROR;
  }
  c.report(msg.notCallable(displayType(ct), call.span));
  checkArgsLoosely(c, call);
  return T_ERROR;
}

/**
 * Tries each overload in order (speculatively: diagnostics of skipped overloads are discarded)
 * and uses the first that fits; if none does, the first overload's diagnostics are reported.
 */
function callOverloads(c: Checker, call: ast.Call, sigs: readonly CallSig[], expected: Type | null): Type {
  if (sigs.length === 1) return attemptCall(c, call, sigs[0], expected).type;
  for (const sig of sigs) {
    const mark = c.bag.size;
    const r = attemptCall(c, call, sig, expected);
    if (r.ok) return r.type;
    c.bag.truncate(mark);
  }
  return attemptCall(c, call, sigs[0], expected).type;
}

function arityError(c: Checker, call: ast.Call, sig: CallSig): boolean {
  const m = call.args.length;
  if (m >= sig.minArgs && m <= sig.maxArgs) return false;
  if (sig.maxArgs === Infinity) c.report(msg.fnArityAtLeast(sig.minArgs, m, call.span));
  else if (sig.minArgs === sig.maxArgs) c.report(msg.fnArity(sig.minArgs, m, call.span));
  else c.report(msg.fnArityRange(sig.minArgs, sig.maxArgs, m, call.span));
  return true;
}

function paramAt(sig: CallSig, i: number): Type {
  const p = sig.params[i];
  if (p && !p.rest) return p.type;
  const rest = sig.params.find((x) => x.rest);
  return rest ? rest.type : T_ERROR;
}

function attemptCall(c: Checker, call: ast.Call, sig: CallSig, expected: Type | null): Attempt {
  if (arityError(c, call, sig)) {
    checkArgsLoosely(c, call);
    return { ok: false, type: sig.typeParams.length === 0 ? sig.result : T_ERROR };
  }
  if (sig.typeParams.length === 0) {
    let ok = true;
    call.args.forEach((a, i) => {
      const pt = paramAt(sig, i);
      const t = checkArg(c, a, pt);
      if (!isAssignable(t, pt)) {
        c.report(msg.argMismatch(i + 1, displayType(pt), displayType(t), a.span));
        ok = false;
      }
    });
    return { ok, type: sig.result };
  }
  // One fresh copy of the type parameters per call site.
  const positional = call.args.map((_, i) => paramAt(sig, i));
  const all = sig.params.map((p) => p.type);
  const { fn, defs } = freshen(fnOf([...positional, ...all], sig.result, sig.typeParams));
  for (const d of defs) c.openParams.add(d);
  const inf: Inference = {
    call,
    defs,
    open: new Set(defs),
    params: fn.params.slice(0, positional.length),
    allParams: fn.params.slice(positional.length),
    result: fn.result,
  };
  const mark = c.bag.size;
  const first = infer(c, inf, expected, true);
  if (first.ok || !first.usedStep0) return first;
  c.bag.truncate(mark);
  return infer(c, inf, expected, false);
}

interface Inference {
  readonly call: ast.Call;
  readonly defs: readonly TypeParamDef[];
  readonly open: ReadonlySet<TypeParamDef>;
  /** Parameter type for each argument position. */
  readonly params: readonly Type[];
  /** Every declared parameter type (for "occurs in no parameter type"). */
  readonly allParams: readonly Type[];
  readonly result: Type;
}

/** A candidate list per type parameter, in ranking order. */
type Candidates = Map<TypeParamDef, Type[]>;

function unparen(e: ast.Expr): ast.Expr {
  while (e.kind === "Paren") e = e.expr;
  return e;
}

/** Context-sensitive by syntax: a function expression with an unannotated parameter, or `[]`. */
function syntacticallySensitive(e: ast.Expr): boolean {
  const u = unparen(e);
  if (u.kind === "FnExpr") return u.params.some((p) => p.type === null);
  return u.kind === "ArrayLit" && u.elements.length === 0;
}

/** Context-sensitive by type: a generic function or an overloaded builtin used as a value. */
function sensitiveByType(c: Checker, e: ast.Expr, t: Type): boolean {
  if (t.kind === "fn" && t.typeParams.length > 0) return true;
  const u = unparen(e);
  if (u.kind === "Ident") {
    const ref = c.input.refs.get(u);
    if (ref?.kind === "builtin" && c.builtins.overloads(ref.name).length > 1) return true;
  }
  return false;
}

function pickCandidates(cands: Candidates, sub: Map<TypeParamDef, Type>, defs: readonly TypeParamDef[]): void {
  for (const d of defs) {
    if (sub.has(d)) continue;
    const strong = cands.get(d)?.find((t) => !isNever(t));
    if (strong) sub.set(d, strong);
  }
}

function infer(c: Checker, inf: Inference, expected: Type | null, useStep0: boolean): Attempt & { usedStep0: boolean } {
  const { call, defs, open } = inf;
  const cands: Candidates = new Map();
  const add = (d: TypeParamDef, t: Type): void => {
    const l = cands.get(d);
    if (l) l.push(t);
    else cands.set(d, [t]);
  };
  // Step 0: the expected result first.
  let usedStep0 = false;
  if (useStep0 && expected && mentionsParams(inf.result, open)) {
    matchTypes(inf.result, expected, open, add);
    usedStep0 = cands.size > 0;
  }
  const typed = typePlainArgs(c, inf, add);
  // Step 2.
  const sub = new Map<TypeParamDef, Type>();
  pickCandidates(cands, sub, defs);
  // Step 3: context-sensitive arguments against the substituted parameter types.
  for (const i of typed.sensitive) {
    const t = checkArg(c, call.args[i], substitute(inf.params[i], sub));
    typed.argTypes[i] = t;
    matchTypes(inf.params[i], t, open, add);
    pickCandidates(cands, sub, defs);
  }
  if (expected && defs.some((d) => !sub.has(d))) {
    matchTypes(inf.result, expected, open, add);
    pickCandidates(cands, sub, defs);
  }
  retypeNestedCalls(c, inf, typed.nested, typed.argTypes, sub);
  let ok = closeInference(c, inf, cands, sub);
  // Step 5.
  call.args.forEach((a, i) => {
    const pt = substitute(inf.params[i], sub);
    const t = typed.argTypes[i] ?? T_ERROR;
    if (!isAssignable(t, pt)) {
      c.report(msg.argMismatch(i + 1, displayType(pt), displayType(t), a.span));
      ok = false;
    }
  });
  return { ok, type: substitute(inf.result, sub), usedStep0 };
}

/**
 * Step 1: types the arguments that are not context-sensitive (with their parameter type as
 * expected type when it mentions no type parameter of the call) and collects candidates.
 */
function typePlainArgs(
  c: Checker,
  inf: Inference,
  add: (d: TypeParamDef, t: Type) => void,
): { argTypes: (Type | null)[]; sensitive: number[]; nested: NestedCall[] } {
  const argTypes: (Type | null)[] = inf.call.args.map(() => null);
  const sensitive: number[] = [];
  const nested: NestedCall[] = [];
  inf.call.args.forEach((a, i) => {
    if (syntacticallySensitive(a)) {
      sensitive.push(i);
      return;
    }
    const p = inf.params[i];
    const mark = c.bag.size;
    const t = checkArg(c, a, mentionsParams(p, inf.open) ? null : p);
    if (sensitiveByType(c, a, t)) {
      sensitive.push(i);
      return;
    }
    argTypes[i] = t;
    if (unparen(a).kind === "Call") nested.push({ index: i, start: mark, count: c.bag.size - mark });
    matchTypes(p, t, inf.open, add);
  });
  return { argTypes, sensitive, nested };
}

/**
 * Weak `never` candidates, step 4 (parameters only in the result become `never`; others are
 * AT9999) and bounds. Returns false when inference failed.
 */
function closeInference(c: Checker, inf: Inference, cands: Candidates, sub: Map<TypeParamDef, Type>): boolean {
  const missing: TypeParamDef[] = [];
  for (const d of inf.defs) {
    if (sub.has(d)) continue;
    if ((cands.get(d)?.length ?? 0) > 0) sub.set(d, T_NEVER);
    else if (inf.allParams.some((p) => mentionsParams(p, new Set([d])))) missing.push(d);
    else sub.set(d, T_NEVER);
  }
  let ok = true;
  if (missing.length > 0) {
    c.report(msg.cannotInferTypeParams(missing.map((d) => d.name), inf.call.span));
    for (const d of missing) sub.set(d, T_ERROR);
    ok = false;
  }
  for (const d of inf.defs) {
    if (!d.bound) continue;
    const s = sub.get(d)!;
    const b = substitute(d.bound, sub);
    if (!isAssignable(s, b)) {
      c.report(msg.constraint(displayType(s), displayType(b), inf.call.span));
      ok = false;
    }
  }
  return ok;
}

/** A generic-call argument typed in step 1, with the range of diagnostics its typing produced. */
interface NestedCall {
  readonly index: number;
  readonly start: number;
  readonly count: number;
}

/**
 * A nested call argument that does not fit its now-known parameter type (typically an invariant
 * `HashSet<never>` from `hashSetNew()`) is typed again with that type as its expected type, as
 * TypeScript types nested generic calls contextually; its first diagnostics are replaced.
 */
function retypeNestedCalls(
  c: Checker,
  inf: Inference,
  nested: readonly NestedCall[],
  argTypes: (Type | null)[],
  sub: ReadonlyMap<TypeParamDef, Type>,
): void {
  for (let k = nested.length - 1; k >= 0; k--) {
    const n = nested[k];
    const pt = substitute(inf.params[n.index], sub);
    const t = argTypes[n.index];
    if (!t || isAssignable(t, pt) || mentionsParams(pt, inf.open)) continue;
    const mark = c.bag.size;
    const again = checkArg(c, inf.call.args[n.index], pt);
    if (!isAssignable(again, pt)) {
      c.bag.truncate(mark);
      checkArg(c, inf.call.args[n.index], null);
      c.bag.truncate(mark);
      continue;
    }
    const fresh = c.bag.truncate(mark);
    // replace items[start, start + count) by `fresh` (without a spread: `fresh` may be long)
    const items = c.bag.items;
    const rest = items.splice(n.start);
    for (const d of fresh) items.push(d);
    for (let k = n.count; k < rest.length; k++) items.push(rest[k]);
    argTypes[n.index] = again;
  }
}
