// The builtin table the resolver and checker consume (language.md §5.13, stdlib.md §1.2): built
// from the stdlib registry's `{ name, signature, protected }` records. Signatures are parsed
// lazily (once per name) with parseSignature and converted to checker types.
import type * as ast from "../syntax/ast.js";
import { parseSignature, parseTypeText } from "../syntax/parse-signature.js";
import { InternalBug } from "../runtime/errors.js";
import { declareTypeParams, resolveTypeExpr, withParams, HASHABLE, type TypeNameEnv } from "./type-expr.js";
import {
  type FnType,
  type Type,
  type TypeParamDef,
  T_NUMBER,
  T_STRING,
  T_NULL,
  arrayOf,
  fnOf,
  genericOf,
  unionOf,
} from "./types.js";

export interface BuiltinParam {
  readonly name: string;
  /** For a rest parameter: the type of each extra argument. */
  readonly type: Type;
  readonly optional: boolean;
  readonly rest: boolean;
}

/** One overload of a builtin function. */
export interface BuiltinSig {
  readonly typeParams: readonly TypeParamDef[];
  readonly params: readonly BuiltinParam[];
  readonly result: Type;
  /** Number of required parameters. */
  readonly minArgs: number;
  /** Maximum argument count (Infinity with a rest parameter). */
  readonly maxArgs: number;
  /** The overload as a value: required parameters (and a rest parameter once), §5.13. */
  readonly valueType: FnType;
}

export interface BuiltinDefLike {
  readonly name: string;
  readonly signature: string;
  readonly protected: boolean;
}

interface Entry {
  readonly def: BuiltinDefLike;
  parsed: { constant: Type | null; overloads: BuiltinSig[] } | null;
}

/** Documentation names of library signatures (stdlib.md §1.2.5, language.md §13.1.11). */
const DOC_NAMES: ReadonlyMap<string, Type> = (() => {
  const regexFind = genericOf("HashMap", [T_STRING, unionOf([T_STRING, T_NUMBER])]);
  const regexMatch = genericOf("HashMap", [
    T_STRING,
    unionOf([T_STRING, T_NUMBER, arrayOf(unionOf([T_STRING, T_NULL]))]),
  ]);
  return new Map<string, Type>([
    ["Hashable", HASHABLE],
    ["RegexFind", regexFind],
    ["RegexMatch", regexMatch],
  ]);
})();

export class BuiltinTable {
  private readonly entries = new Map<string, Entry>();

  constructor(defs: readonly BuiltinDefLike[]) {
    for (const d of defs) this.entries.set(d.name, { def: d, parsed: null });
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  isProtected(name: string): boolean {
    return this.entries.get(name)?.def.protected ?? false;
  }

  /** Every builtin name. */
  names(): string[] {
    return [...this.entries.keys()];
  }

  /** The type of a constant, or null for a function (or an unknown name). */
  constantType(name: string): Type | null {
    return this.parsed(name)?.constant ?? null;
  }

  /** The overloads of a builtin function (empty for a constant). */
  overloads(name: string): readonly BuiltinSig[] {
    return this.parsed(name)?.overloads ?? [];
  }

  /** The builtin's value type: a constant's type, else its first overload as a value (§5.13). */
  typeOf(name: string): Type | null {
    const p = this.parsed(name);
    if (!p) return null;
    return p.constant ?? p.overloads[0]?.valueType ?? null;
  }

  private parsed(name: string): Entry["parsed"] {
    const e = this.entries.get(name);
    if (!e) return null;
    if (!e.parsed) e.parsed = convert(e.def);
    return e.parsed;
  }
}

const cache = new WeakMap<readonly BuiltinDefLike[], { size: number; table: BuiltinTable }>();

/**
 * The table for a registry, cached per registry array (the registry is static once all stdlib
 * modules are loaded; a grown array gets a new table).
 */
export function buildBuiltinTable(defs: readonly BuiltinDefLike[]): BuiltinTable {
  const hit = cache.get(defs);
  if (hit && hit.size === defs.length) return hit.table;
  const table = new BuiltinTable(defs);
  cache.set(defs, { size: defs.length, table });
  return table;
}

function convert(def: BuiltinDefLike): { constant: Type | null; overloads: BuiltinSig[] } {
  const decls = parseSignature(def.signature);
  const fail = (d: { message: string }): never => {
    throw new InternalBug(`builtin '${def.name}' has an invalid signature '${def.signature}': ${d.message}`);
  };
  const base: TypeNameEnv = {
    param: () => undefined,
    alias: () => undefined,
    extra: (n) => DOC_NAMES.get(n),
    report: fail,
  };
  if (decls.length === 1 && decls[0].constantType) {
    return { constant: resolveTypeExpr(decls[0].constantType, base), overloads: [] };
  }
  return { constant: null, overloads: decls.map((d) => convertSig(d, base)) };
}

function convertSig(d: ast.SignatureDecl, base: TypeNameEnv): BuiltinSig {
  const defs = declareTypeParams(d.typeParams, base);
  const local = new Map<string, TypeParamDef>();
  for (const p of defs) local.set(p.name, p);
  // Library HashMap/HashSet key parameters carry the Hashable bound (§13.2.1), also when the
  // signature string leaves it implicit.
  const hashable = new Set<string>();
  for (const p of d.params) collectHashableParams(p.type, hashable);
  collectHashableParams(d.result, hashable);
  for (const p of defs) if (!p.bound && hashable.has(p.name)) p.bound = HASHABLE;
  const env = withParams(base, local);
  const params: BuiltinParam[] = d.params.map((p) => {
    let t = resolveTypeExpr(p.type, env);
    if (p.rest && t.kind === "array") t = t.element;
    return { name: p.name, type: t, optional: p.optional, rest: p.rest };
  });
  const result = resolveTypeExpr(d.result, env);
  const required = params.filter((p) => !p.optional && !p.rest);
  const rest = params.find((p) => p.rest);
  const valueParams = [...required.map((p) => p.type), ...(rest ? [rest.type] : [])];
  return {
    typeParams: defs,
    params,
    result,
    minArgs: required.length,
    maxArgs: rest ? Infinity : params.length,
    valueType: fnOf(valueParams, result, defs),
  };
}

function collectHashableParams(te: ast.TypeExpr, out: Set<string>): void {
  switch (te.kind) {
    case "NamedType":
      if ((te.name.name === "HashMap" || te.name.name === "HashSet") && te.args.length > 0) {
        const k = te.args[0];
        if (k.kind === "NamedType" && k.args.length === 0) out.add(k.name.name);
      }
      for (const a of te.args) collectHashableParams(a, out);
      return;
    case "FnType":
      for (const p of te.params) collectHashableParams(p, out);
      collectHashableParams(te.result, out);
      return;
    case "ArrayType":
      collectHashableParams(te.element, out);
      return;
    case "UnionType":
    case "IntersectionType":
      for (const m of te.members) collectHashableParams(m, out);
      return;
    case "StructType":
      for (const m of te.members) collectHashableParams(m.type, out);
      return;
    case "NullType":
      return;
  }
}

/**
 * A type written in source syntax with no aliases or type parameters in scope (e.g. the
 * signature of an embedding API native, `"(number, string) -> bool"`). On a syntax or type
 * error, `type` is null and `error` holds the first diagnostic's message.
 */
export function typeFromText(text: string): { type: Type | null; error: string | null } {
  const parsed = parseTypeText(text);
  if (!parsed.type) return { type: null, error: parsed.diagnostics[0]?.message ?? "invalid type" };
  let error: string | null = null;
  const env: TypeNameEnv = {
    param: () => undefined,
    alias: () => undefined,
    report: (d) => {
      error ??= d.message;
    },
  };
  const type = resolveTypeExpr(parsed.type, env);
  return error === null ? { type, error: null } : { type: null, error };
}

/** `typeFromText` for tests: throws on an invalid type. */
export function parseTypeForTests(text: string): Type {
  const r = typeFromText(text);
  if (!r.type) throw new InternalBug(`invalid test type ${JSON.stringify(text)}: ${r.error}`);
  return r.type;
}
