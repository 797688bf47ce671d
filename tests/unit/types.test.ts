// Table tests for type normalisation, assignability, overlap and display (language.md §4.3–§4.5).
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  type Type,
  type TypeParamDef,
  type GenericName,
  type HandleName,
  arrayOf,
  displayType,
  fnOf,
  genericOf,
  handleType,
  HANDLE_NAMES,
  GENERIC_ARITY,
  intersectionOf,
  isAssignable,
  newTypeParam,
  overlaps,
  paramType,
  primType,
  structOf,
  unionOf,
  T_ERROR,
  sameType,
  DISPLAY_LIMIT,
  type PrimName,
} from "../../src/check/types.js";

// A tiny parser for the type notation, test-only: `<T, U extends B>` prefixes declare type
// parameters used in the rest of the text.
function parse(text: string, scope = new Map<string, TypeParamDef>()): Type {
  const toks = text.match(/->|[A-Za-z_][A-Za-z0-9_]*|[<>()[\]{},:|&?]/g) ?? [];
  let i = 0;
  const peek = (): string | undefined => toks[i];
  const eat = (s: string): void => {
    if (toks[i] !== s) throw new Error(`expected ${s} at ${i} in ${text}, got ${toks[i]}`);
    i++;
  };
  const typeP = (): Type => {
    const ms = [isect()];
    while (peek() === "|") {
      i++;
      ms.push(isect());
    }
    return ms.length === 1 ? ms[0] : unionOf(ms);
  };
  const isect = (): Type => {
    const ms = [arr()];
    while (peek() === "&") {
      i++;
      ms.push(arr());
    }
    return ms.length === 1 ? ms[0] : intersectionOf(ms);
  };
  const arr = (): Type => {
    let t = atom();
    while (peek() === "[") {
      eat("[");
      eat("]");
      t = arrayOf(t);
    }
    return t;
  };
  const atom = (): Type => {
    const t = toks[i++];
    if (t === "?") return T_ERROR;
    if (t === "<") {
      const defs: TypeParamDef[] = [];
      const inner = new Map(scope);
      for (;;) {
        const d = newTypeParam(toks[i++]);
        defs.push(d);
        inner.set(d.name, d);
        if (peek() === "extends") {
          i++;
          const saved = scope;
          scope = inner;
          d.bound = isect();
          scope = saved;
        }
        if (peek() === ",") i++;
        else break;
      }
      eat(">");
      const saved = scope;
      scope = inner;
      const f = atom();
      scope = saved;
      if (f.kind !== "fn") throw new Error("generic must be a function");
      return fnOf(f.params, f.result, defs);
    }
    if (t === "(") {
      const ps: Type[] = [];
      while (peek() !== ")") {
        ps.push(typeP());
        if (peek() === ",") i++;
      }
      eat(")");
      if (peek() === "->") {
        i++;
        return fnOf(ps, typeP());
      }
      return ps[0];
    }
    if (t === "{") {
      const ms: { name: string; type: Type }[] = [];
      while (peek() !== "}") {
        const n = toks[i++];
        eat(":");
        ms.push({ name: n, type: typeP() });
        if (peek() === ",") i++;
      }
      eat("}");
      return structOf(ms);
    }
    if (t === undefined) throw new Error(`unexpected end in ${text}`);
    const def = scope.get(t);
    if (def) return paramType(def);
    if (["number", "string", "bool", "null", "void", "json", "unknown", "never"].includes(t)) {
      return primType(t as PrimName);
    }
    if ((HANDLE_NAMES as string[]).includes(t)) return handleType(t as HandleName);
    if (t in GENERIC_ARITY) {
      eat("<");
      const args: Type[] = [];
      while (peek() !== ">") {
        args.push(typeP());
        if (peek() === ",") i++;
      }
      eat(">");
      return genericOf(t as GenericName, args);
    }
    if (/^[A-Z]$/.test(t)) {
      const d = newTypeParam(t);
      scope.set(t, d);
      return paramType(d);
    }
    throw new Error(`unknown type ${t}`);
  };
  const r = typeP();
  if (i !== toks.length) throw new Error(`trailing tokens in ${text}`);
  return r;
}

/** Parses several types sharing one scope of free type parameters (single capitals). */
function parseAll(...texts: string[]): Type[] {
  const scope = new Map<string, TypeParamDef>();
  return texts.map((t) => parse(t, scope));
}

const normalisation: [string, string][] = [
  ["number | string", "number | string"],
  ["number | number", "number"],
  ["number | never", "number"],
  ["never | never", "never"],
  ["number | unknown", "unknown"],
  ["string | (number | bool)", "string | number | bool"],
  ["Option<number> | Option<string>", "Option<number | string>"],
  ["Option<number> | null | Option<string>", "Option<number | string> | null"],
  ["Result<number, string> | Result<bool, Error>", "Result<number | bool, string | Error>"],
  ["Future<number> | Future<string>", "Future<number | string>"],
  ["Task<number> | Future<number>", "Future<number>"],
  ["Option<never> | Option<number>", "Option<number>"],
  ["never[] | number[]", "number[]"],
  ["number[] | never[]", "number[]"],
  ["number[] | string[]", "number[] | string[]"],
  ["(number) -> bool | string", "(number) -> bool | string"],
  ["((number) -> bool) | string", "((number) -> bool) | string"],
  ["? | number", "?"],
  ["number & string", "never"],
  ["number & number", "number"],
  ["number & unknown", "number"],
  ["(number | string) & string", "string"],
  ["(number | string[]) & string[]", "string[]"],
  ["{ a: number } & { b: string }", "{ a: number } & { b: string }"],
  ["(number | string)[]", "(number | string)[]"],
  ["((number) -> bool)[]", "((number) -> bool)[]"],
  ["(number, string) -> bool", "(number, string) -> bool"],
  ["<T>(T) -> T", "<T>(T) -> T"],
  ["<T extends number>(T) -> T", "<T extends number>(T) -> T"],
  ["Result<number, string>", "Result<number, string>"],
  ["HashMap<string, number[]>", "HashMap<string, number[]>"],
  ["{ a: number, b: string }", "{ a: number, b: string }"],
  ["() -> () -> number", "() -> () -> number"],
  ["(() -> number)[]", "(() -> number)[]"],
  ["null | void", "null | void"],
  ["json | string", "json | string"],
];

for (const [input, expected] of normalisation) {
  test(`normalise/display: ${input}`, () => {
    assert.equal(displayType(parse(input)), expected);
  });
}

test("display: 10,000-deep types on a small stack; exponential names are cut off", () => {
  let deep: Type = primType("number");
  let opt: Type = primType("string");
  for (let i = 0; i < 10_000; i++) {
    deep = arrayOf(deep);
    opt = genericOf("Option", [opt]);
  }
  assert.equal(displayType(deep), "number" + "[]".repeat(10_000));
  assert.equal(displayType(opt), "Option<".repeat(10_000) + "string" + ">".repeat(10_000));
  // Result<T, T> nested 40 deep has a name of 2^40 parts: cut off, quickly.
  let wide: Type = primType("number");
  for (let i = 0; i < 40; i++) wide = genericOf("Result", [wide, wide]);
  const t0 = process.cpuUsage();
  const shown = displayType(wide);
  const used = process.cpuUsage(t0);
  assert.ok(used.user + used.system < 1_000_000);
  assert.equal(shown.length, DISPLAY_LIMIT + 1);
  assert.ok(shown.startsWith("Result<Result<") && shown.endsWith("…"));
});

const assignable: [string, string, boolean][] = [
  ["number", "number", true],
  ["number", "string", false],
  ["never", "string", true],
  ["string", "unknown", true],
  ["unknown", "string", false],
  ["unknown", "unknown", true],
  ["?", "number", true],
  ["number", "?", true],
  ["null", "number", false],
  ["null", "void", false],
  ["void", "null", false],
  ["json", "json", true],
  ["json", "string", false],
  ["string", "json", false],
  ["json", "unknown", true],
  ["number", "number | string", true],
  ["number | string", "number", false],
  ["number | string", "string | number | bool", true],
  ["number & string[]", "number", true],
  ["number", "number & string", false],
  ["number[]", "(number | string)[]", true],
  ["(number | string)[]", "number[]", false],
  ["never[]", "number[]", true],
  ["Option<number>", "Option<number | string>", true],
  ["Option<never>", "Option<number>", true],
  ["Result<number, never>", "Result<number, string>", true],
  ["Result<never, string>", "Result<number, string>", true],
  ["Result<number, Error>", "Result<number, string>", false],
  ["Future<number>", "Future<number | null>", true],
  ["Task<number>", "Future<number>", true],
  ["Future<number>", "Task<number>", false],
  ["Task<never>", "Future<string>", true],
  ["HashMap<string, number>", "HashMap<string, number>", true],
  ["HashMap<string, number>", "HashMap<string, number | null>", false],
  ["HashSet<never>", "HashSet<number>", false],
  ["Channel<number | string>", "Channel<string | number>", true],
  ["(number) -> number", "(number) -> number", true],
  ["(number | string) -> number", "(number) -> number", true],
  ["(number) -> number", "(number | string) -> number", false],
  ["(number) -> number", "(number) -> number | string", true],
  ["(number) -> string", "(number) -> void", true],
  ["(number) -> void", "(number) -> null", false],
  ["(number) -> null", "(number) -> void", true],
  ["(number, number) -> number", "(number) -> number", false],
  ["() -> never", "() -> number", true],
  ["<T>(T) -> T", "(number) -> number", true],
  ["<T>(T) -> T", "(number) -> string", false],
  ["<T>(T) -> string", "(number) -> string", true],
  ["<T>(T[]) -> number", "(string[]) -> number", true],
  ["<T>(T[]) -> number", "(string) -> number", false],
  ["<T>() -> T", "() -> number", true],
  ["<T>(T) -> null", "(number) -> void", true],
  ["{ a: number, b: string }", "{ a: number }", true],
  ["{ a: number }", "{ a: number, b: string }", false],
  ["{ a: number }", "{ a: number | null }", true],
  ["number", "{ a: number }", false],
  ["Regex", "Regex", true],
  ["Regex", "Timer", false],
  ["Error", "string | Error", true],
];

for (const [s, t, want] of assignable) {
  test(`assignable: ${s} ≤ ${t} is ${want}`, () => {
    const [a, b] = parseAll(s, t);
    assert.equal(isAssignable(a, b), want);
  });
}

test("type parameters: opaque, bounded", () => {
  const t = newTypeParam("T");
  const b = newTypeParam("B", primType("number"));
  const T = paramType(t);
  const B = paramType(b);
  assert.equal(isAssignable(T, T), true);
  assert.equal(isAssignable(T, primType("number")), false);
  assert.equal(isAssignable(T, primType("unknown")), true);
  assert.equal(isAssignable(primType("number"), T), false);
  assert.equal(isAssignable(B, primType("number")), true);
  assert.equal(isAssignable(B, unionOf([primType("number"), primType("string")])), true);
  assert.equal(isAssignable(B, primType("string")), false);
  const h = newTypeParam("K", unionOf([primType("number"), primType("string")]));
  assert.equal(isAssignable(paramType(h), unionOf([primType("number"), primType("string"), primType("null")])), true);
  assert.equal(isAssignable(T, unionOf([T, primType("null")])), true);
  assert.equal(isAssignable(primType("never"), T), true);
  assert.equal(displayType(unionOf([T, primType("null")])), "T | null");
});

const overlap: [string, string, boolean][] = [
  ["number", "number", true],
  ["number", "string", false],
  ["number | null", "null", true],
  ["number | string", "string | bool", true],
  ["unknown", "string", true],
  ["Option<number>", "Option<never>", true],
  ["number[]", "string[]", false],
  ["json", "string", false],
  ["null", "void", false],
];
for (const [a, b, want] of overlap) {
  test(`overlap: ${a} ~ ${b} is ${want}`, () => {
    const [x, y] = parseAll(a, b);
    assert.equal(overlaps(x, y), want);
  });
}

test("identity modulo union member order", () => {
  assert.ok(sameType(parse("number | string"), parse("string | number")));
  assert.ok(sameType(parse("<T>(T) -> T"), parse("<U>(U) -> U")));
  assert.ok(!sameType(parse("number[]"), parse("string[]")));
});
