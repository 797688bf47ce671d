// Narrowing (language.md §5.12): conditions yield facts (narrowed types of variables when the
// condition is true / false), combined through `!`, `&&`, `||`. Left-nested binary chains
// (`a + a + …`, `p && q && …`) are walked iteratively here, so 10,000-term chains cannot
// overflow the stack.
import type * as ast from "../syntax/ast.js";
import type { Binding } from "./program.js";
import type { Checker } from "./check-context.js";
import { checkExpr } from "./check-expr.js";
import { binaryResult, unaryResult } from "./check-ops.js";
import {
  type Type,
  T_BOOL,
  T_JSON,
  T_NULL,
  T_NUMBER,
  T_STRING,
  isAssignable,
  isUnknown,
  membersOf,
  mentionsParams,
  overlaps,
  unionOf,
} from "./types.js";

export type NarrowMap = Map<Binding, Type>;

/** Narrowed types when a condition is true (`t`) and false (`f`). */
export interface Facts {
  readonly t: NarrowMap | null;
  readonly f: NarrowMap | null;
}

export interface CondResult {
  readonly type: Type;
  readonly facts: Facts | null;
}

type Kind = "string" | "number" | "bool" | "null" | "array" | "function" | "json";
type Test = { readonly kind: Kind } | { readonly eq: Type } | { readonly pred: Type };

const KIND_NAMES: ReadonlyMap<string, Kind> = new Map<string, Kind>([
  ["string", "string"],
  ["number", "number"],
  ["bool", "bool"],
  ["null", "null"],
  ["array", "array"],
  ["function", "function"],
  ["builtin", "function"],
  ["json", "json"],
]);

const IS_BUILTINS: ReadonlyMap<string, Kind> = new Map<string, Kind>([
  ["isString", "string"],
  ["isNumber", "number"],
  ["isBool", "bool"],
  ["isNull", "null"],
  ["isArray", "array"],
  ["isFunction", "function"],
]);

const KIND_TYPES: Partial<Record<Kind, Type>> = {
  string: T_STRING,
  number: T_NUMBER,
  bool: T_BOOL,
  null: T_NULL,
  json: T_JSON,
};

/** Types a condition (or any operand of `&&`/`||`) and computes its narrowing facts. */
export function checkCond(c: Checker, e: ast.Expr): CondResult {
  switch (e.kind) {
    case "Binary":
      return checkBinaryChain(c, e, true);
    case "Unary":
      if (e.op === "!") {
        const r = checkCond(c, e.operand);
        const t = unaryResult(c, e, r.type);
        c.setType(e, t);
        return { type: t, facts: r.facts ? { t: r.facts.f, f: r.facts.t } : null };
      }
      break;
    case "Paren": {
      const r = checkCond(c, e.expr);
      c.setType(e, r.type);
      return r;
    }
    case "Call": {
      const t = checkExpr(c, e, null);
      return { type: t, facts: callFacts(c, e) };
    }
    default:
      break;
  }
  return { type: checkExpr(c, e, null), facts: null };
}

/**
 * A left-nested chain of binary operators, innermost first. The right operand of `&&` sees
 * the left's true-narrowing, that of `||` its false-narrowing.
 */
export function checkBinaryChain(c: Checker, e: ast.Binary, wantFacts: boolean): CondResult {
  const spine: ast.Binary[] = [];
  let cur: ast.Expr = e;
  while (cur.kind === "Binary") {
    spine.push(cur);
    cur = cur.left;
  }
  const logical = spine.some((n) => n.op === "&&" || n.op === "||");
  const needFacts = wantFacts || logical;
  let left: CondResult = needFacts ? checkCond(c, cur) : { type: checkExpr(c, cur, null), facts: null };
  for (let i = spine.length - 1; i >= 0; i--) {
    const node = spine[i];
    let right: CondResult;
    let facts: Facts | null = null;
    if (node.op === "&&" || node.op === "||") {
      const and = node.op === "&&";
      const seen = left.facts ? (and ? left.facts.t : left.facts.f) : null;
      c.pushNarrowing(seen ? new Map(seen) : null);
      right = checkCond(c, node.right);
      c.popNarrowing();
      facts = and ? andFacts(c, left.facts, right.facts) : orFacts(c, left.facts, right.facts);
    } else {
      right = { type: checkExpr(c, node.right, null), facts: null };
      if (needFacts && (node.op === "==" || node.op === "!=")) facts = equalityFacts(c, node);
    }
    const t = binaryResult(c, node, left.type, right.type);
    c.setType(node, t);
    left = { type: t, facts };
  }
  return left;
}

// ───────────────────────────── combining facts ─────────────────────────────

function current(c: Checker, b: Binding): Type | undefined {
  return c.narrowed(b) ?? c.bindingType(b);
}

function overlay(a: NarrowMap | null, b: NarrowMap | null): NarrowMap | null {
  if (!a) return b;
  if (!b) return a;
  const out = new Map(a);
  for (const [k, v] of b) out.set(k, v);
  return out;
}

/** Either path: `a` (whose unnarrowed fallback is `aBase`) or `b` (fallback `bBase`). */
function join(
  c: Checker,
  a: NarrowMap | null,
  aBase: NarrowMap | null,
  b: NarrowMap | null,
  bBase: NarrowMap | null,
): NarrowMap | null {
  if (!a && !b) return null;
  const out: NarrowMap = new Map();
  const keys = new Set<Binding>([...(a?.keys() ?? []), ...(b?.keys() ?? [])]);
  for (const k of keys) {
    const base = current(c, k);
    const ta = a?.get(k) ?? aBase?.get(k) ?? base;
    const tb = b?.get(k) ?? bBase?.get(k) ?? base;
    if (ta && tb) out.set(k, unionOf([ta, tb]));
  }
  return out;
}

function andFacts(c: Checker, l: Facts | null, r: Facts | null): Facts | null {
  if (!l && !r) return null;
  return { t: overlay(l?.t ?? null, r?.t ?? null), f: join(c, l?.f ?? null, null, r?.f ?? null, l?.t ?? null) };
}

function orFacts(c: Checker, l: Facts | null, r: Facts | null): Facts | null {
  if (!l && !r) return null;
  return { t: join(c, l?.t ?? null, null, r?.t ?? null, l?.f ?? null), f: overlay(l?.f ?? null, r?.f ?? null) };
}

// ───────────────────────────── recognised tests ─────────────────────────────

function unparen(e: ast.Expr): ast.Expr {
  while (e.kind === "Paren") e = e.expr;
  return e;
}

function builtinName(c: Checker, e: ast.Expr): string | null {
  if (e.kind !== "Ident") return null;
  const ref = c.input.refs.get(e);
  return ref?.kind === "builtin" ? ref.name : null;
}

function testFacts(c: Checker, target: ast.Expr, test: Test): Facts | null {
  const id = unparen(target);
  if (id.kind !== "Ident") return null;
  const ref = c.input.refs.get(id);
  if (!ref || ref.kind === "builtin") return null;
  const b = ref.binding;
  if (!c.narrowable(b, ref)) return null;
  const cur = current(c, b);
  if (!cur) return null;
  return { t: new Map([[b, narrowType(cur, test, true)]]), f: new Map([[b, narrowType(cur, test, false)]]) };
}

function callFacts(c: Checker, call: ast.Call): Facts | null {
  const name = builtinName(c, call.callee);
  if (name !== null) {
    const kind = IS_BUILTINS.get(name);
    if (kind && call.args.length === 1) return testFacts(c, call.args[0], { kind });
    if (name === "isType" && call.args.length === 2) {
      const k = unparen(call.args[1]);
      const kk = k.kind === "StringLit" ? KIND_NAMES.get(k.value) : undefined;
      return kk ? testFacts(c, call.args[0], { kind: kk }) : null;
    }
  }
  const ct = c.types.get(call.callee);
  if (ct && ct.kind === "fn" && ct.predicate && !mentionsParams(ct.predicate.type)) {
    const arg = call.args[ct.predicate.index];
    if (arg) return testFacts(c, arg, { pred: ct.predicate.type });
  }
  return null;
}

function typeofTest(c: Checker, a: ast.Expr, b: ast.Expr): { arg: ast.Expr; kind: Kind } | null {
  if (a.kind !== "Call" || a.args.length !== 1 || builtinName(c, a.callee) !== "typeof") return null;
  const kind = b.kind === "StringLit" ? KIND_NAMES.get(b.value) : undefined;
  return kind ? { arg: a.args[0], kind } : null;
}

function literalType(e: ast.Expr): Type | null {
  switch (e.kind) {
    case "NumberLit":
      return T_NUMBER;
    case "StringLit":
      return T_STRING;
    case "BoolLit":
      return T_BOOL;
    case "NullLit":
      return T_NULL;
    default:
      return null;
  }
}

function equalityFacts(c: Checker, node: ast.Binary): Facts | null {
  const l = unparen(node.left);
  const r = unparen(node.right);
  let facts: Facts | null = null;
  const tt = typeofTest(c, l, r) ?? typeofTest(c, r, l);
  if (tt) {
    facts = testFacts(c, tt.arg, { kind: tt.kind });
  } else {
    const lr = literalType(r);
    const ll = literalType(l);
    if (lr && l.kind === "Ident") facts = testFacts(c, l, { eq: lr });
    else if (ll && r.kind === "Ident") facts = testFacts(c, r, { eq: ll });
  }
  if (facts && node.op === "!=") return { t: facts.f, f: facts.t };
  return facts;
}

// ───────────────────────────── narrowing a type ─────────────────────────────

function definitely(m: Type, k: Kind): boolean {
  switch (k) {
    case "array":
      return m.kind === "array";
    case "function":
      return m.kind === "fn";
    case "null":
      return m.kind === "prim" && (m.name === "null" || m.name === "void");
    default:
      return m.kind === "prim" && m.name === k;
  }
}

function keepTrue(m: Type, k: Kind): Type[] {
  if (definitely(m, k)) return [m];
  if (isUnknown(m)) return [KIND_TYPES[k] ?? m];
  if (m.kind === "param" || m.kind === "error") return [m];
  if (m.kind === "intersection") return m.members.some((x) => definitely(x, k)) ? [m] : [];
  return [];
}

function isNullish(m: Type): boolean {
  return m.kind === "prim" && (m.name === "null" || m.name === "void");
}

/** Keeps the members of `cur` that can satisfy the test (`sense` true) or can fail it. */
export function narrowType(cur: Type, test: Test, sense: boolean): Type {
  if (cur.kind === "error") return cur;
  const ms = membersOf(cur);
  let out: Type[];
  if ("kind" in test) {
    const k = test.kind;
    out = sense ? ms.flatMap((m) => keepTrue(m, k)) : ms.filter((m) => k === "function" || !definitely(m, k));
  } else if ("eq" in test) {
    const lit = test.eq;
    const isNull = lit === T_NULL;
    if (sense) out = ms.flatMap((m) => (isUnknown(m) ? [lit] : m.kind === "param" || overlaps(m, lit) ? [m] : []));
    else out = isNull ? ms.filter((m) => !isNullish(m)) : [...ms];
  } else {
    const p = test.pred;
    if (sense) out = ms.flatMap((m) => (isAssignable(m, p) ? [m] : isAssignable(p, m) ? [p] : []));
    else out = ms.filter((m) => !isAssignable(m, p));
  }
  return unionOf(out);
}
