// Type representation (language.md §4): type forms, normalising constructors (§4.3),
// assignability and overlap (§4.4), structural matching used by inference (§5.6) and display
// names (§4.5). Types are immutable plain data; constructors always return normalised types.

export type PrimName = "number" | "string" | "bool" | "null" | "void" | "json" | "unknown" | "never";
export type HandleName = "Regex" | "Semaphore" | "Timer" | "TaskGroup" | "Error" | "HttpRequest" | "HttpResponse";
export type CovariantName = "Option" | "Result" | "Future" | "Task";
export type InvariantName = "HashMap" | "HashSet" | "Queue" | "Stack" | "Channel" | "Mutex" | "SelectCase";
export type GenericName = CovariantName | InvariantName;

/** A declared type parameter (`T`, `U extends B`). Identity is the object. */
export interface TypeParamDef {
  readonly id: number;
  readonly name: string;
  bound: Type | null;
}

export interface PrimType {
  readonly kind: "prim";
  readonly name: PrimName;
}
/** `?`: produced after a reported error; compatible with everything. */
export interface ErrorType {
  readonly kind: "error";
}
export interface HandleType {
  readonly kind: "handle";
  readonly name: HandleName;
}
export interface ArrayType {
  readonly kind: "array";
  readonly element: Type;
}
export interface GenericType {
  readonly kind: "generic";
  readonly name: GenericName;
  readonly args: readonly Type[];
}
/** A user type predicate `-> bool is x: T` attached to a function type (narrowing only). */
export interface PredicateInfo {
  readonly index: number;
  readonly type: Type;
}
export interface FnType {
  readonly kind: "fn";
  readonly typeParams: readonly TypeParamDef[];
  readonly params: readonly Type[];
  readonly result: Type;
  readonly predicate: PredicateInfo | null;
}
export interface UnionType {
  readonly kind: "union";
  readonly members: readonly Type[];
}
export interface IntersectionType {
  readonly kind: "intersection";
  readonly members: readonly Type[];
}
export interface StructType {
  readonly kind: "struct";
  readonly members: readonly { readonly name: string; readonly type: Type }[];
}
export interface ParamType {
  readonly kind: "param";
  readonly def: TypeParamDef;
}

export type Type =
  | PrimType
  | ErrorType
  | HandleType
  | ArrayType
  | GenericType
  | FnType
  | UnionType
  | IntersectionType
  | StructType
  | ParamType;

// ───────────────────────────── constructors ─────────────────────────────

function prim(name: PrimName): PrimType {
  return { kind: "prim", name };
}
export const T_NUMBER = prim("number");
export const T_STRING = prim("string");
export const T_BOOL = prim("bool");
export const T_NULL = prim("null");
export const T_VOID = prim("void");
export const T_JSON = prim("json");
export const T_UNKNOWN = prim("unknown");
export const T_NEVER = prim("never");
export const T_ERROR: ErrorType = { kind: "error" };

const PRIMS: Record<PrimName, PrimType> = {
  number: T_NUMBER,
  string: T_STRING,
  bool: T_BOOL,
  null: T_NULL,
  void: T_VOID,
  json: T_JSON,
  unknown: T_UNKNOWN,
  never: T_NEVER,
};
export function primType(name: PrimName): PrimType {
  return PRIMS[name];
}

export const HANDLE_NAMES: readonly HandleName[] = [
  "Regex",
  "Semaphore",
  "Timer",
  "TaskGroup",
  "Error",
  "HttpRequest",
  "HttpResponse",
];
export const GENERIC_ARITY: Readonly<Record<GenericName, number>> = {
  Option: 1,
  Result: 2,
  Future: 1,
  Task: 1,
  HashMap: 2,
  HashSet: 1,
  Queue: 1,
  Stack: 1,
  Channel: 1,
  Mutex: 1,
  SelectCase: 1,
};
const COVARIANT = new Set<string>(["Option", "Result", "Future", "Task"]);

const handles = new Map<HandleName, HandleType>();
export function handleType(name: HandleName): HandleType {
  let h = handles.get(name);
  if (!h) {
    h = { kind: "handle", name };
    handles.set(name, h);
  }
  return h;
}

export function arrayOf(element: Type): ArrayType {
  return { kind: "array", element };
}

export function genericOf(name: GenericName, args: readonly Type[]): GenericType {
  return { kind: "generic", name, args };
}

export function optionOf(t: Type): GenericType {
  return genericOf("Option", [t]);
}
export function resultOf(t: Type, e: Type): GenericType {
  return genericOf("Result", [t, e]);
}
export function futureOf(t: Type): GenericType {
  return genericOf("Future", [t]);
}

export function fnOf(
  params: readonly Type[],
  result: Type,
  typeParams: readonly TypeParamDef[] = [],
  predicate: PredicateInfo | null = null,
): FnType {
  return { kind: "fn", typeParams, params, result, predicate };
}

export function structOf(members: readonly { name: string; type: Type }[]): StructType {
  return { kind: "struct", members };
}

let nextParamId = 1;
export function newTypeParam(name: string, bound: Type | null = null): TypeParamDef {
  return { id: nextParamId++, name, bound };
}
export function paramType(def: TypeParamDef): ParamType {
  return { kind: "param", def };
}

export function isGeneric(t: Type, name: GenericName): t is GenericType {
  return t.kind === "generic" && t.name === name;
}

/** Members of a union, or the type itself. */
export function membersOf(t: Type): readonly Type[] {
  return t.kind === "union" ? t.members : [t];
}

// ───────────────────────────── normalisation (§4.3) ─────────────────────────────

/** The normalised union of `types`. */
export function unionOf(types: readonly Type[]): Type {
  const flat: Type[] = [];
  for (const t of types) {
    for (const m of membersOf(t)) {
      if (m.kind === "error") return T_ERROR;
      if (m === T_UNKNOWN || (m.kind === "prim" && m.name === "unknown")) return T_UNKNOWN;
      if (m.kind === "prim" && m.name === "never") continue;
      flat.push(m);
    }
  }
  const merged = mergeCovariant(flat);
  const out: Type[] = [];
  for (const m of merged) {
    if (out.some((r) => isAssignable(m, r))) continue;
    for (let i = out.length - 1; i >= 0; i--) {
      if (isAssignable(out[i], m)) out.splice(i, 1);
    }
    out.push(m);
  }
  if (out.length === 0) return T_NEVER;
  if (out.length === 1) return out[0];
  return { kind: "union", members: out };
}

/** Merges all Option members into one (likewise Result pointwise, Future, Task). */
function mergeCovariant(flat: Type[]): Type[] {
  const groups = new Map<string, { index: number; args: Type[][] }>();
  const out: Type[] = [];
  let any = false;
  for (const m of flat) {
    if (m.kind === "generic" && COVARIANT.has(m.name)) {
      const g = groups.get(m.name);
      if (g) {
        g.args.push([...m.args]);
        any = true;
        continue;
      }
      groups.set(m.name, { index: out.length, args: [[...m.args]] });
    }
    out.push(m);
  }
  if (!any) return out;
  for (const [name, g] of groups) {
    if (g.args.length < 2) continue;
    const arity = g.args[0].length;
    const args: Type[] = [];
    for (let i = 0; i < arity; i++) args.push(unionOf(g.args.map((a) => a[i])));
    out[g.index] = genericOf(name as GenericName, args);
  }
  return out;
}

const INTERSECT_PRIMS = new Set<PrimName>(["number", "string", "bool", "null", "void", "json"]);

/** The normalised intersection of `types`. */
export function intersectionOf(types: readonly Type[]): Type {
  const flat: Type[] = [];
  for (const t of types) {
    if (t.kind === "intersection") for (const m of t.members) flat.push(m);
    else flat.push(t);
  }
  if (flat.some((t) => t.kind === "error")) return T_ERROR;
  const unionIndex = flat.findIndex((t) => t.kind === "union");
  if (unionIndex >= 0) {
    const u = flat[unionIndex] as UnionType;
    const rest = flat.filter((_, i) => i !== unionIndex);
    return unionOf(u.members.map((m) => intersectionOf([m, ...rest])));
  }
  const out: Type[] = [];
  for (const m of flat) {
    if (m.kind === "prim" && m.name === "never") return T_NEVER;
    if (out.some((r) => isAssignable(r, m))) continue;
    for (let i = out.length - 1; i >= 0; i--) {
      if (isAssignable(m, out[i])) out.splice(i, 1);
    }
    out.push(m);
  }
  const prims = out.filter((m) => m.kind === "prim" && INTERSECT_PRIMS.has(m.name));
  if (prims.length > 1) return T_NEVER;
  if (out.length === 0) return T_UNKNOWN;
  if (out.length === 1) return out[0];
  return { kind: "intersection", members: out };
}

// ───────────────────────────── identity ─────────────────────────────

/** Structural identity modulo union member order (§13.2.3); generic functions up to renaming. */
export function sameType(a: Type, b: Type, ren?: Map<TypeParamDef, TypeParamDef>): boolean {
  // Arrays and one-argument generics are walked by a loop: 10,000-deep chains of them
  // (`number[][]…`, `Option<Option<…>>`) can be built by 10,000 statements.
  for (;;) {
    if (a === b) return true;
    if (a.kind === "array" && b.kind === "array") {
      a = a.element;
      b = b.element;
    } else if (a.kind === "generic" && b.kind === "generic" && a.name === b.name && a.args.length === 1 && b.args.length === 1) {
      a = a.args[0];
      b = b.args[0];
    } else {
      return sameTypeStep(a, b, ren);
    }
  }
}

function sameTypeStep(a: Type, b: Type, ren?: Map<TypeParamDef, TypeParamDef>): boolean {
  switch (a.kind) {
    case "prim":
      return b.kind === "prim" && a.name === b.name;
    case "error":
      return b.kind === "error";
    case "handle":
      return b.kind === "handle" && a.name === b.name;
    case "param":
      return b.kind === "param" && (a.def === b.def || ren?.get(a.def) === b.def);
    case "array":
      return b.kind === "array" && sameType(a.element, b.element, ren);
    case "generic":
      return b.kind === "generic" && a.name === b.name && sameList(a.args, b.args, ren);
    case "fn": {
      if (b.kind !== "fn" || a.typeParams.length !== b.typeParams.length) return false;
      let r = ren;
      if (a.typeParams.length > 0) {
        r = new Map(ren ?? []);
        a.typeParams.forEach((p, i) => r!.set(p, b.typeParams[i]));
      }
      return sameList(a.params, b.params, r) && sameType(a.result, b.result, r);
    }
    case "union":
    case "intersection":
      return (
        b.kind === a.kind &&
        a.members.length === b.members.length &&
        a.members.every((m) => b.members.some((n) => sameType(m, n, ren)))
      );
    case "struct":
      return (
        b.kind === "struct" &&
        a.members.length === b.members.length &&
        a.members.every((m) => b.members.some((n) => n.name === m.name && sameType(m.type, n.type, ren)))
      );
  }
}

function sameList(a: readonly Type[], b: readonly Type[], ren?: Map<TypeParamDef, TypeParamDef>): boolean {
  return a.length === b.length && a.every((x, i) => sameType(x, b[i], ren));
}

// ───────────────────────────── assignability (§4.4) ─────────────────────────────

/** `s ≤ t` on normalised types. */
export function isAssignable(s: Type, t: Type): boolean {
  // Element types of arrays and of one-argument covariant generics are compared by a loop
  // (deep chains of them, see sameType); everything else recurses.
  for (;;) {
    const step = assignableStep(s, t);
    if (typeof step === "boolean") return step;
    [s, t] = step;
  }
}

/** One level of `s ≤ t`: the answer, or the pair of element types it depends on. */
function assignableStep(s: Type, t: Type): boolean | [Type, Type] {
  // Rule 1.
  if (s === t || s.kind === "error" || t.kind === "error") return true;
  if (s.kind === "prim" && s.name === "never") return true;
  if (t.kind === "prim" && t.name === "unknown") return true;
  if (sameType(s, t)) return true;
  // Rule 2.
  if (s.kind === "union") return s.members.every((m) => isAssignable(m, t));
  // Rule 9 before splitting the target: a bounded parameter fits a union its bound fits.
  if (s.kind === "param") {
    if (t.kind === "intersection") return t.members.every((m) => isAssignable(s, m));
    if (t.kind === "union" && t.members.some((m) => isAssignable(s, m))) return true;
    return s.def.bound !== null && isAssignable(s.def.bound, t);
  }
  if (t.kind === "union") return t.members.some((m) => isAssignable(s, m));
  // Rule 3.
  if (s.kind === "intersection") return s.members.some((m) => isAssignable(m, t));
  if (t.kind === "intersection") return t.members.every((m) => isAssignable(s, m));
  switch (t.kind) {
    case "array":
      return s.kind === "array" && [s.element, t.element];
    case "generic":
      if (s.kind !== "generic") return false;
      if (t.args.length === 1 && s.args.length === 1 && COVARIANT.has(t.name)) {
        return (s.name === t.name || (s.name === "Task" && t.name === "Future")) && [s.args[0], t.args[0]];
      }
      return genericAssignable(s, t);
    case "fn":
      return s.kind === "fn" && fnAssignable(s, t);
    case "struct":
      return (
        s.kind === "struct" &&
        t.members.every((tm) => s.members.some((sm) => sm.name === tm.name && isAssignable(sm.type, tm.type)))
      );
    default:
      return false;
  }
}

function genericAssignable(s: GenericType, t: GenericType): boolean {
  if (COVARIANT.has(t.name)) {
    const nameOk = s.name === t.name || (s.name === "Task" && t.name === "Future");
    return nameOk && s.args.length === t.args.length && s.args.every((a, i) => isAssignable(a, t.args[i]));
  }
  return (
    s.name === t.name &&
    s.args.length === t.args.length &&
    s.args.every((a, i) => isAssignable(a, t.args[i]) && isAssignable(t.args[i], a))
  );
}

function fnAssignable(s: FnType, t: FnType): boolean {
  if (s.params.length !== t.params.length) return false;
  let src = s;
  if (s.typeParams.length > 0) {
    const inst = instantiateAgainst(s, t.params, t.result);
    if (!inst) return false;
    src = inst;
  }
  if (!t.params.every((q, i) => isAssignable(q, src.params[i]))) return false;
  return (t.result.kind === "prim" && t.result.name === "void") || isAssignable(src.result, t.result);
}

/**
 * Instantiates a generic function by inferring its type parameters from target parameter
 * types and (unless void or null) a target result type (§4.4 rule 7). Null if some parameter
 * stays uninferred. Target types mentioning `skip` parameters yield no candidates.
 */
export function instantiateAgainst(
  f: FnType,
  targetParams: readonly Type[],
  targetResult: Type | null,
  skip?: (t: Type) => boolean,
): FnType | null {
  const own = new Set(f.typeParams);
  const cands = new Map<TypeParamDef, Type[]>();
  const add = (d: TypeParamDef, t: Type): void => {
    if (skip && skip(t)) return;
    const list = cands.get(d);
    if (list) list.push(t);
    else cands.set(d, [t]);
  };
  f.params.forEach((p, i) => {
    if (i < targetParams.length) matchTypes(p, targetParams[i], own, add);
  });
  if (targetResult && !(targetResult.kind === "prim" && targetResult.name === "void")) {
    matchTypes(f.result, targetResult, own, add);
  }
  const sub = new Map<TypeParamDef, Type>();
  for (const d of f.typeParams) {
    const list = cands.get(d) ?? [];
    const pick = list.find((c) => !(c.kind === "prim" && c.name === "never")) ?? list[0];
    if (!pick) return null;
    sub.set(d, pick);
  }
  const params = f.params.map((p) => substitute(p, sub));
  return fnOf(params, substitute(f.result, sub), [], f.predicate ? { index: f.predicate.index, type: substitute(f.predicate.type, sub) } : null);
}

/** Two types overlap (§4.4): one assignable to the other, either unknown, or members do. */
export function overlaps(a: Type, b: Type): boolean {
  if (isAssignable(a, b) || isAssignable(b, a)) return true;
  if (isUnknown(a) || isUnknown(b)) return true;
  return membersOf(a).some((m) => membersOf(b).some((n) => isAssignable(m, n) || isAssignable(n, m)));
}

export function isUnknown(t: Type): boolean {
  return t.kind === "prim" && t.name === "unknown";
}
export function isNever(t: Type): boolean {
  return t.kind === "prim" && t.name === "never";
}

// ───────────────────────────── generics helpers ─────────────────────────────

/**
 * Structural matching for inference (§5.6 step 1): walks `pattern` against `actual` and
 * reports `actual` parts met by the type parameters in `targets`. Descends into array
 * elements, built-in generic arguments (Task<S> against Future<T> too) and function
 * parameters/results; unions, intersections and structural types yield nothing.
 */
export function matchTypes(
  pattern: Type,
  actual: Type,
  targets: ReadonlySet<TypeParamDef>,
  out: (def: TypeParamDef, t: Type) => void,
): void {
  switch (pattern.kind) {
    case "param":
      if (targets.has(pattern.def)) out(pattern.def, actual);
      return;
    case "array":
      if (actual.kind === "array") matchTypes(pattern.element, actual.element, targets, out);
      return;
    case "generic":
      if (
        actual.kind === "generic" &&
        (actual.name === pattern.name || (actual.name === "Task" && pattern.name === "Future")) &&
        actual.args.length === pattern.args.length
      ) {
        pattern.args.forEach((p, i) => matchTypes(p, actual.args[i], targets, out));
      }
      return;
    case "fn":
      if (actual.kind === "fn" && actual.params.length === pattern.params.length) {
        const own = actual.typeParams.length > 0 ? new Set(actual.typeParams) : null;
        const guarded = own
          ? (d: TypeParamDef, t: Type): void => {
              if (!mentionsParams(t, own)) out(d, t);
            }
          : out;
        pattern.params.forEach((p, i) => matchTypes(p, actual.params[i], targets, guarded));
        matchTypes(pattern.result, actual.result, targets, guarded);
      }
      return;
    default:
      return;
  }
}

/** Whether `t` mentions any type parameter (of `set`, when given). */
export function mentionsParams(t: Type, set?: ReadonlySet<TypeParamDef>): boolean {
  switch (t.kind) {
    case "param":
      return set ? set.has(t.def) : true;
    case "array":
      return mentionsParams(t.element, set);
    case "generic":
      return t.args.some((a) => mentionsParams(a, set));
    case "fn":
      return t.params.some((p) => mentionsParams(p, set)) || mentionsParams(t.result, set);
    case "union":
    case "intersection":
      return t.members.some((m) => mentionsParams(m, set));
    case "struct":
      return t.members.some((m) => mentionsParams(m.type, set));
    default:
      return false;
  }
}

/** Replaces type parameters per `sub` and re-normalises. */
export function substitute(t: Type, sub: ReadonlyMap<TypeParamDef, Type>): Type {
  if (sub.size === 0) return t;
  switch (t.kind) {
    case "param":
      return sub.get(t.def) ?? t;
    case "array":
      return arrayOf(substitute(t.element, sub));
    case "generic":
      return genericOf(
        t.name,
        t.args.map((a) => substitute(a, sub)),
      );
    case "fn":
      return fnOf(
        t.params.map((p) => substitute(p, sub)),
        substitute(t.result, sub),
        t.typeParams,
        t.predicate ? { index: t.predicate.index, type: substitute(t.predicate.type, sub) } : null,
      );
    case "union":
      return unionOf(t.members.map((m) => substitute(m, sub)));
    case "intersection":
      return intersectionOf(t.members.map((m) => substitute(m, sub)));
    case "struct":
      return structOf(t.members.map((m) => ({ name: m.name, type: substitute(m.type, sub) })));
    default:
      return t;
  }
}

/** A copy of a generic function type with fresh type parameters (one per call site). */
export function freshen(f: FnType): { fn: FnType; defs: TypeParamDef[] } {
  if (f.typeParams.length === 0) return { fn: f, defs: [] };
  const sub = new Map<TypeParamDef, Type>();
  const defs = f.typeParams.map((d) => {
    const nd = newTypeParam(d.name, null);
    sub.set(d, paramType(nd));
    return nd;
  });
  f.typeParams.forEach((d, i) => {
    defs[i].bound = d.bound ? substitute(d.bound, sub) : null;
  });
  const inner = fnOf(f.params, f.result, [], f.predicate);
  const s = substitute(inner, sub) as FnType;
  return { fn: fnOf(s.params, s.result, defs, s.predicate), defs };
}

/** A unique key for a type (type parameters by id), for caches. */
export function typeKey(t: Type): string {
  switch (t.kind) {
    case "prim":
      return t.name;
    case "error":
      return "?";
    case "handle":
      return t.name;
    case "param":
      return `$${t.def.id}`;
    case "array":
      return `[${typeKey(t.element)}]`;
    case "generic":
      return `${t.name}<${t.args.map(typeKey).join(",")}>`;
    case "fn":
      return `<${t.typeParams.map((d) => d.id).join(",")}>(${t.params.map(typeKey).join(",")})->${typeKey(t.result)}`;
    case "union":
      return `(${t.members.map(typeKey).join("|")})`;
    case "intersection":
      return `(${t.members.map(typeKey).join("&")})`;
    case "struct":
      return `{${t.members.map((m) => `${m.name}:${typeKey(m.type)}`).join(",")}}`;
  }
}

// ───────────────────────────── display (§4.5) ─────────────────────────────

/**
 * A display name longer than this is cut off with `…`. Only absurd types get there (each
 * `fn p<T>(x: T) -> Result<T, T>` applied to its own result doubles the name), and without
 * the cut their messages would take exponential time and memory.
 */
export const DISPLAY_LIMIT = 100_000;

/**
 * The display name of a type (§4.5). Written with an explicit work list rather than recursion,
 * so types nested 10,000 deep (`let x1 = [x0]; let x2 = [x1]; …`) display on a small stack.
 */
export function displayType(t: Type): string {
  const out: string[] = [];
  let length = 0;
  // Items are popped from the end: a string is written, a type is expanded into items.
  const work: (Type | string)[] = [t];
  while (work.length > 0) {
    const item = work.pop()!;
    if (typeof item === "string") {
      out.push(item);
      length += item.length;
      if (length > DISPLAY_LIMIT) return out.join("").slice(0, DISPLAY_LIMIT) + "…";
      continue;
    }
    const parts = displayParts(item);
    for (let i = parts.length - 1; i >= 0; i--) work.push(parts[i]);
  }
  return out.join("");
}

/** One level of a display name: text, and the component types in place (written in order). */
function displayParts(t: Type): (Type | string)[] {
  switch (t.kind) {
    case "prim":
      return [t.name];
    case "error":
      return ["?"];
    case "handle":
      return [t.name];
    case "param":
      return [t.def.name];
    case "array": {
      const e = t.element;
      const wrap = e.kind === "union" || e.kind === "intersection" || e.kind === "fn";
      return wrap ? ["(", e, ")[]"] : [e, "[]"];
    }
    case "generic":
      return [`${t.name}<`, ...joined(t.args, ", ", () => false), ">"];
    case "fn": {
      const out: (Type | string)[] = [];
      if (t.typeParams.length > 0) {
        out.push("<");
        t.typeParams.forEach((d, i) => {
          if (i > 0) out.push(", ");
          out.push(d.name);
          if (d.bound) out.push(" extends ", d.bound);
        });
        out.push(">");
      }
      out.push("(");
      for (const x of joined(t.params, ", ", () => false)) out.push(x);
      out.push(") -> ", t.result);
      return out;
    }
    case "union":
      return joined(t.members, " | ", (m) => m.kind === "fn");
    case "intersection":
      return joined(t.members, " & ", (m) => m.kind === "fn" || m.kind === "union");
    case "struct": {
      const out: (Type | string)[] = ["{ "];
      t.members.forEach((m, i) => out.push(i > 0 ? `, ${m.name}: ` : `${m.name}: `, m.type));
      out.push(" }");
      return out;
    }
  }
}

/** `types` separated by `sep`, each in parentheses when `paren` says so. */
function joined(types: readonly Type[], sep: string, paren: (t: Type) => boolean): (Type | string)[] {
  const out: (Type | string)[] = [];
  types.forEach((m, i) => {
    if (i > 0) out.push(sep);
    if (paren(m)) out.push("(", m, ")");
    else out.push(m);
  });
  return out;
}
