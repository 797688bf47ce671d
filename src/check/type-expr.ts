// Resolving written types (ast.TypeExpr) to checker types (language.md §4.2): built-in names,
// compatibility names, type parameters, type aliases (expansion, arity, cycles) and the
// Hashable constraint of HashMap keys / HashSet elements. Also type-parameter lists with bounds
// (§5.7 "Bounds"). Reports AT3001 through the environment; never throws.
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { Span } from "../diagnostics/span.js";
import type * as ast from "../syntax/ast.js";
import type { CheckedModule } from "./program.js";
import * as msg from "./messages-check.js";
import {
  type GenericName,
  type HandleName,
  type PrimName,
  type Type,
  type TypeParamDef,
  GENERIC_ARITY,
  HANDLE_NAMES,
  T_ERROR,
  T_NULL,
  T_NUMBER,
  T_UNKNOWN,
  arrayOf,
  displayType,
  fnOf,
  genericOf,
  handleType,
  intersectionOf,
  isAssignable,
  isNever,
  newTypeParam,
  paramType,
  primType,
  structOf,
  substitute,
  unionOf,
  T_STRING,
  T_BOOL,
  T_JSON,
} from "./types.js";

/** `number | string | bool | null` (stdlib.md §1.2.5). */
export const HASHABLE: Type = unionOf([T_NUMBER, T_STRING, T_BOOL, T_NULL]);

const PRIM_NAMES = new Set<string>(["number", "string", "bool", "null", "void", "json", "unknown", "never"]);
const HANDLES = new Set<string>(HANDLE_NAMES);

/** Compatibility names (§4.2 step 3). */
const COMPAT: ReadonlyMap<string, Type> = new Map<string, Type>([
  ["Comparable", T_NUMBER],
  ["Numeric", T_NUMBER],
  ["Equatable", HASHABLE],
  ["Serializable", unionOf([T_NUMBER, T_STRING, T_BOOL, T_NULL, T_JSON])],
  ["Iterable", arrayOf(T_UNKNOWN)],
]);

/** An alias declaration and the module that declares it. */
interface AliasRef {
  readonly alias: ast.TypeAlias;
  readonly moduleIndex: number;
}

export interface ResolvedAlias {
  readonly name: string;
  readonly params: readonly TypeParamDef[];
  readonly body: Type;
}

/** What resolving a written type needs from its surroundings. */
export interface TypeNameEnv {
  /** A type parameter in scope. */
  param(name: string): TypeParamDef | undefined;
  /** A type alias visible here (resolved, possibly `?` for a circular one). */
  alias(name: string, at?: Span): ResolvedAlias | undefined;
  /** Documentation names of library signatures (`Hashable`, `RegexFind`, `RegexMatch`). */
  extra?(name: string): Type | undefined;
  report(d: Diagnostic): void;
}

export function resolveTypeExpr(te: ast.TypeExpr, env: TypeNameEnv): Type {
  switch (te.kind) {
    case "NamedType":
      return resolveNamed(te, env);
    case "NullType":
      return T_NULL;
    case "FnType":
      return fnOf(
        te.params.map((p) => resolveTypeExpr(p, env)),
        resolveTypeExpr(te.result, env),
      );
    case "ArrayType": {
      // `T[][]…` suffixes do not nest in the parser (§13.1.10): peel them with a loop.
      let depth = 0;
      let inner: ast.TypeExpr = te;
      while (inner.kind === "ArrayType") {
        depth++;
        inner = inner.element;
      }
      let t = resolveTypeExpr(inner, env);
      for (let i = 0; i < depth; i++) t = arrayOf(t);
      return t;
    }
    case "UnionType":
      return unionOf(te.members.map((m) => resolveTypeExpr(m, env)));
    case "IntersectionType":
      return intersectionOf(te.members.map((m) => resolveTypeExpr(m, env)));
    case "StructType":
      return structOf(te.members.map((m) => ({ name: m.name.name, type: resolveTypeExpr(m.type, env) })));
  }
}

function resolveNamed(te: ast.NamedType, env: TypeNameEnv): Type {
  const name = te.name.name;
  const nargs = te.args.length;
  const notGeneric = (t: Type): Type => {
    if (nargs === 0) return t;
    env.report(msg.notGeneric(name, te.span));
    return T_ERROR;
  };
  if (PRIM_NAMES.has(name)) return notGeneric(primType(name as PrimName));
  if (name in GENERIC_ARITY) {
    const k = GENERIC_ARITY[name as GenericName];
    if (nargs !== k) {
      env.report(msg.genericArity(name, k, nargs, te.span));
      return T_ERROR;
    }
    const args = te.args.map((a) => resolveTypeExpr(a, env));
    if ((name === "HashMap" || name === "HashSet") && !isAssignable(args[0], HASHABLE)) {
      env.report(msg.constraint(displayType(args[0]), displayType(HASHABLE), te.args[0].span));
      args[0] = T_ERROR;
    }
    return genericOf(name as GenericName, args);
  }
  if (HANDLES.has(name)) return notGeneric(handleType(name as HandleName));
  if (name === "Array") {
    if (nargs !== 1) {
      env.report(msg.genericArity(name, 1, nargs, te.span));
      return T_ERROR;
    }
    return arrayOf(resolveTypeExpr(te.args[0], env));
  }
  const compat = COMPAT.get(name);
  if (compat) return notGeneric(compat);
  const extra = env.extra?.(name);
  if (extra) return notGeneric(extra);
  const def = env.param(name);
  if (def) return notGeneric(paramType(def));
  const alias = env.alias(name, te.span);
  if (alias) return expandAlias(alias, te, env);
  env.report(msg.unknownType(name, te.span));
  return T_ERROR;
}

function expandAlias(alias: ResolvedAlias, te: ast.NamedType, env: TypeNameEnv): Type {
  if (te.args.length !== alias.params.length) {
    env.report(msg.aliasArity(alias.name, alias.params.length, te.args.length, te.span));
    return T_ERROR;
  }
  if (alias.params.length === 0) return alias.body;
  const sub = new Map<TypeParamDef, Type>();
  te.args.forEach((a, i) => sub.set(alias.params[i], resolveTypeExpr(a, env)));
  alias.params.forEach((p, i) => {
    const arg = sub.get(p)!;
    if (p.bound && !isAssignable(arg, substitute(p.bound, sub))) {
      env.report(msg.constraint(displayType(arg), displayType(substitute(p.bound, sub)), te.args[i].span));
    }
  });
  return substitute(alias.body, sub);
}

/**
 * Declares a type-parameter list: fresh defs, then bounds resolved with all of them in scope
 * (§5.7 "Bounds"). `outer` resolves names outside the list.
 */
export function declareTypeParams(tps: readonly ast.TypeParam[], outer: TypeNameEnv): TypeParamDef[] {
  const defs = tps.map((tp) => newTypeParam(tp.name.name));
  const local = new Map<string, TypeParamDef>();
  for (const d of defs) if (!local.has(d.name)) local.set(d.name, d);
  const env = withParams(outer, local);
  tps.forEach((tp, i) => {
    if (!tp.bound) return;
    const b = tp.bound;
    const name = tp.name.name;
    if (b.kind === "NamedType" && b.args.length === 0 && b.name.name === name) {
      outer.report(msg.selfConstraint(name, b.span));
      return;
    }
    if (b.kind === "NamedType" && b.args.length === 0 && isUnknownName(b.name.name, env)) {
      outer.report(msg.unknownConstraint(b.name.name, b.span));
      defs[i].bound = T_ERROR;
      return;
    }
    const bound = resolveTypeExpr(b, env);
    if (isNever(bound)) {
      outer.report(msg.unsatisfiableConstraint(name, b.span));
      return;
    }
    defs[i].bound = bound;
  });
  // Constraint cycles through other parameters (`<T extends U, U extends T>`).
  defs.forEach((d, i) => {
    const seen = new Set<TypeParamDef>([d]);
    let cur = d.bound;
    while (cur && cur.kind === "param" && local.get(cur.def.name) === cur.def) {
      if (seen.has(cur.def)) {
        outer.report(msg.conflictingConstraints(d.name, tps[i].bound!.span));
        d.bound = T_ERROR;
        return;
      }
      seen.add(cur.def);
      cur = cur.def.bound;
    }
  });
  return defs;
}

function isUnknownName(name: string, env: TypeNameEnv): boolean {
  return (
    !PRIM_NAMES.has(name) &&
    !(name in GENERIC_ARITY) &&
    !HANDLES.has(name) &&
    name !== "Array" &&
    !COMPAT.has(name) &&
    env.extra?.(name) === undefined &&
    env.param(name) === undefined &&
    env.alias(name) === undefined
  );
}

/** `env` with extra type parameters in scope (innermost first). */
export function withParams(env: TypeNameEnv, params: ReadonlyMap<string, TypeParamDef>): TypeNameEnv {
  return {
    param: (n) => params.get(n) ?? env.param(n),
    alias: (n, at) => env.alias(n, at),
    extra: env.extra ? (n): Type | undefined => env.extra!(n) : undefined,
    report: (d) => env.report(d),
  };
}

/**
 * The type aliases of a program: each alias is resolved once, in its declaring module's
 * namespace, with cycle detection (AT3001 `Circular type alias detected: A -> B -> A`).
 */
export class AliasTable {
  private readonly cache = new Map<ast.TypeAlias, ResolvedAlias>();
  private readonly stack: ast.TypeAlias[] = [];
  private readonly cyclic = new Set<ast.TypeAlias>();

  constructor(
    private readonly modules: readonly CheckedModule[],
    private readonly report: (d: Diagnostic) => void,
  ) {}

  /** The alias `name` visible in module `moduleIndex`. */
  lookup(moduleIndex: number, name: string, at?: Span): ResolvedAlias | undefined {
    const e = this.modules[moduleIndex]?.typeAliases.get(name);
    return e ? this.resolve(e.alias, e.moduleIndex, at) : undefined;
  }

  /** Resolves every alias declared in every module (so that errors are reported once). */
  resolveAll(): void {
    this.resolveAcyclicFirst();
    for (const m of this.modules) {
      for (const e of m.typeAliases.values()) this.resolve(e.alias, e.moduleIndex);
    }
  }

  /**
   * Resolves, dependencies first, every alias that reaches no alias cycle. On-demand resolution
   * recurses once per alias of a chain, so 10,000 aliases declared in reverse order
   * (`type T2 = T1[]; type T1 = T0[]; …`) would overflow the stack. Aliases on or reaching a
   * cycle are left to the on-demand order, which names the cycle the way §4.2 reports it.
   * An iterative depth-first search: an edge to an alias still being visited closes a cycle.
   */
  private resolveAcyclicFirst(): void {
    type Frame = { alias: ast.TypeAlias; moduleIndex: number; deps: AliasRef[]; next: number };
    const state = new Map<ast.TypeAlias, "visiting" | "good" | "bad">();
    const good: AliasRef[] = [];
    for (const m of this.modules) {
      for (const root of m.typeAliases.values()) {
        if (state.has(root.alias)) continue;
        const stack: Frame[] = [];
        const push = (r: AliasRef): void => {
          state.set(r.alias, "visiting");
          stack.push({ ...r, deps: this.aliasDeps(r), next: 0 });
        };
        push(root);
        while (stack.length > 0) {
          const top = stack[stack.length - 1];
          if (top.next < top.deps.length) {
            const dep = top.deps[top.next++];
            const st = state.get(dep.alias);
            if (st === undefined) push(dep);
            else if (st !== "good") state.set(top.alias, "bad");
            continue;
          }
          stack.pop();
          if (state.get(top.alias) === "visiting") {
            state.set(top.alias, "good");
            good.push(top);
          }
          const parent = stack[stack.length - 1];
          if (parent && state.get(top.alias) === "bad") state.set(parent.alias, "bad");
        }
      }
    }
    for (const r of good) this.resolve(r.alias, r.moduleIndex);
  }

  /** The aliases an alias's body and bounds name (in its declaring module's namespace). */
  private aliasDeps(r: AliasRef): AliasRef[] {
    const own = new Set(r.alias.typeParams.map((tp) => tp.name.name));
    const aliases = this.modules[r.moduleIndex]?.typeAliases;
    const out: AliasRef[] = [];
    const work: ast.TypeExpr[] = [r.alias.type];
    for (const tp of r.alias.typeParams) if (tp.bound) work.push(tp.bound);
    while (work.length > 0) {
      const te = work.pop()!;
      switch (te.kind) {
        case "NamedType": {
          const e = own.has(te.name.name) ? undefined : aliases?.get(te.name.name);
          if (e) out.push({ alias: e.alias, moduleIndex: e.moduleIndex });
          for (const a of te.args) work.push(a);
          break;
        }
        case "FnType":
          for (const x of te.params) work.push(x);
          work.push(te.result);
          break;
        case "ArrayType":
          work.push(te.element);
          break;
        case "UnionType":
        case "IntersectionType":
          for (const m of te.members) work.push(m);
          break;
        case "StructType":
          for (const m of te.members) work.push(m.type);
          break;
        case "NullType":
          break;
      }
    }
    return out;
  }

  /** An environment for written types at the top level of module `moduleIndex`. */
  envFor(moduleIndex: number): TypeNameEnv {
    return {
      param: () => undefined,
      alias: (n, at) => this.lookup(moduleIndex, n, at),
      report: this.report,
    };
  }

  private resolve(alias: ast.TypeAlias, moduleIndex: number, at?: Span): ResolvedAlias {
    const done = this.cache.get(alias);
    if (done) return done;
    const name = alias.name.name;
    const pos = this.stack.indexOf(alias);
    if (pos >= 0) {
      const cycle = this.stack.slice(pos);
      if (!cycle.some((a) => this.cyclic.has(a))) {
        const path = [...cycle.map((a) => a.name.name), name];
        this.report(msg.circularAlias(path, at ?? cycle[0].name.span));
      }
      for (const a of cycle) this.cyclic.add(a);
      return { name, params: alias.typeParams.map((tp) => newTypeParam(tp.name.name)), body: T_ERROR };
    }
    this.stack.push(alias);
    const base = this.envFor(moduleIndex);
    const params = declareTypeParams(alias.typeParams, base);
    const local = new Map<string, TypeParamDef>();
    for (const p of params) if (!local.has(p.name)) local.set(p.name, p);
    let body = resolveTypeExpr(alias.type, withParams(base, local));
    this.stack.pop();
    if (this.cyclic.has(alias)) body = T_ERROR;
    const r: ResolvedAlias = { name, params, body };
    this.cache.set(alias, r);
    return r;
  }
}
