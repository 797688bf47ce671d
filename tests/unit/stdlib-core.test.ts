// Table tests for the core standard library (stdlib.md §2–§8, §18) and the registry.
import { test } from "node:test";
import assert from "node:assert/strict";
import { BUILTINS, PROTECTED_BUILTINS, instantiateBuiltins } from "../../src/stdlib/registry.js";
import { display } from "../../src/runtime/display.js";
import { valuesEqual } from "../../src/runtime/equality.js";
import { RuntimeError } from "../../src/runtime/errors.js";
import { parseJsonOrThrow } from "../../src/runtime/json.js";
import { SourceFile, span } from "../../src/diagnostics/span.js";
import {
  ErrorValue,
  Handle,
  JsonValue,
  NONE,
  OptionValue,
  ResultValue,
  err,
  ok,
  some,
  tagFunction,
  type AtlasFunction,
  type Value,
} from "../../src/runtime/values.js";

let out = "";
const ctx = { writeOut: (t: string) => void (out += t), writeErr: () => {}, callSpan: null as ReturnType<typeof span> | null };
const B = instantiateBuiltins(ctx);

function call(name: string, ...args: Value[]): Value {
  const f = B.get(name);
  assert.ok(typeof f === "function", `no builtin ${name}`);
  return f(...args);
}
function throwsAt(f: () => unknown, code: string, message: string): void {
  assert.throws(f, (e: unknown) => {
    assert.ok(e instanceof RuntimeError, `not a RuntimeError: ${String(e)}`);
    assert.equal(e.message, message);
    assert.equal(e.code, code);
    assert.equal(e.span, null);
    return true;
  });
}
/** Compares with Atlas equality for scalars, and structurally through arrays/Option/Result. */
function same(a: Value, b: Value): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => same(x, b[i]));
  if (a instanceof OptionValue && b instanceof OptionValue) return a.isSome === b.isSome && same(a.value, b.value);
  if (a instanceof ResultValue && b instanceof ResultValue) return a.isOk === b.isOk && same(a.value, b.value);
  if (typeof a === "number" && typeof b === "number") return Object.is(a, b);
  return valuesEqual(a, b);
}
type Case = [string, Value[], Value];
function table(cases: Case[]): void {
  for (const [name, args, want] of cases) {
    const got = call(name, ...args);
    assert.ok(same(got, want), `${name}(${args.map((a) => display(a)).join(", ")}) = ${display(got)}, want ${display(want)}`);
  }
}
type ErrCase = [string, Value[], string, string];
function errors(cases: ErrCase[]): void {
  for (const [name, args, code, message] of cases) throwsAt(() => call(name, ...args), code, message);
}
const fn = (f: (...a: Value[]) => Value, name: string | null = null): AtlasFunction => tagFunction(f, "function", name);
const J = (text: string): JsonValue => new JsonValue(parseJsonOrThrow(text));

class FakeHandle extends Handle {
  constructor(
    readonly typeName: string,
    private readonly text: string,
    private readonly map: Map<Value, Value> = new Map(),
  ) {
    super();
  }
  display(): string {
    return this.text;
  }
  get(key: Value): Value | undefined {
    return this.map.get(key);
  }
}

// ---- registry ------------------------------------------------------------------------------

test("registry: every builtin of §2–§8 and §18, protected flags, no duplicates", () => {
  const index =
    "print len str typeof split join trim trimStart trimEnd indexOf lastIndexOf includes startsWith endsWith " +
    "toUpperCase toLowerCase substring charAt repeat replace padStart padEnd push pop shift unshift reverse concat " +
    "flatten slice arrayIndexOf arrayLastIndexOf arrayIncludes map filter reduce forEach find findIndex flatMap " +
    "some every sort sortBy abs floor ceil round min max clamp sign sqrt pow log sin cos tan asin acos atan random " +
    "PI E SQRT2 LN2 LN10 parseJSON toJSON isValidJSON prettifyJSON minifyJSON jsonAsString jsonAsNumber jsonAsBool " +
    "jsonIsNull isString isNumber isBool isNull isArray isFunction isObject isType hasField hasMethod hasTag toString " +
    "toNumber toBool parseInt parseFloat Some None Ok Err is_some is_none is_ok is_err unwrap unwrap_or expect " +
    "result_ok result_err result_map result_map_err result_and_then result_or_else errorNew errorCode errorMessage";
  const names = BUILTINS.map((d) => d.name);
  for (const n of index.split(" ")) assert.ok(names.includes(n), `missing builtin ${n}`);
  assert.equal(new Set(names).size, names.length);
  assert.equal(PROTECTED_BUILTINS.length, 65);
  const prot = BUILTINS.filter((d) => d.protected).map((d) => d.name);
  assert.deepEqual(prot.sort(), [...PROTECTED_BUILTINS].sort());
  for (const d of BUILTINS) {
    assert.ok(d.signature.length > 0 && !d.signature.includes("\\"), d.name);
    const v = B.get(d.name);
    if (d.constant !== undefined) assert.equal(v, d.constant);
    else {
      assert.ok(typeof v === "function");
      assert.equal(v.atlasKind, "builtin");
      assert.equal(v.atlasName, d.name);
      assert.equal(display(v), `<builtin ${d.name}>`);
    }
  }
  assert.equal(B.get("None"), NONE);
  assert.equal(B.get("PI"), Math.PI);
  assert.equal(B.get("LN10"), Math.LN10);
  assert.equal(BUILTINS.find((d) => d.name === "len")?.signature, "(s: string) -> number ; <T>(arr: T[]) -> number");
  assert.equal(BUILTINS.find((d) => d.name === "None")?.signature, "Option<never>");
});

// ---- core ----------------------------------------------------------------------------------

test("core: print, len, str, typeof", () => {
  out = "";
  call("print", "hi");
  call("print", ["a", some(1.5)]);
  call("print", null);
  assert.equal(out, "hi\n[a, Some(1.5)]\nnull\n");
  const failing = instantiateBuiltins({
    writeOut: () => {
      throw new Error("EPIPE: broken pipe");
    },
    writeErr: () => {},
    callSpan: null,
  });
  throwsAt(() => (failing.get("print") as AtlasFunction)(1), "AT0400", "print: EPIPE: broken pipe");
  table([
    ["len", ["日本"], 2],
    ["len", ["🌟"], 1],
    ["len", [""], 0],
    ["len", ["a🌟b"], 3],
    ["len", [[1, 2, [3]]], 3],
    ["str", [null], "null"],
    ["str", [1e21], "1000000000000000000000"],
    ["str", [[1, "a"]], "[1, a]"],
    ["str", [B.get("print") as Value], "<builtin print>"],
    ["typeof", [NaN], "number"],
    ["typeof", [B.get("map") as Value], "builtin"],
    ["typeof", [fn(() => null)], "function"],
    ["typeof", [J("1")], "json"],
    ["typeof", [NONE], "option"],
  ]);
  errors([
    ["len", [5], "AT0102", "len(): expected string or array, got number"],
    ["len", [], "AT0102", "len(): expected string or array, got nothing"],
    ["str", [], "AT0102", "str(): expected a value, got nothing"],
  ]);
});

// ---- strings -------------------------------------------------------------------------------

test("strings: split, join, trim", () => {
  table([
    ["split", ["a,b,c", ","], ["a", "b", "c"]],
    ["split", [",a,", ","], ["", "a", ""]],
    ["split", ["a,,b", ","], ["a", "", "b"]],
    ["split", ["héé", ""], ["h", "é", "é"]],
    ["split", ["a🌟b", ""], ["a", "🌟", "b"]],
    ["split", ["", ","], [""]],
    ["split", ["", ""], []],
    ["split", ["aaa", "aa"], ["", "a"]],
    ["split", ["a$b", "$"], ["a", "b"]],
    ["split", ["x.y", "."], ["x", "y"]],
    ["join", [["a", "b", "c"], ", "], "a, b, c"],
    ["join", [[], ","], ""],
    ["join", [["x"], ","], "x"],
    ["trim", ["  hi \n\t"], "hi"],
    ["trim", ["\u0085\u00a0\u3000x\u2028\u2029\u202f\u205f\u1680\u200a"], "x"],
    ["trim", ["\ufeffx\ufeff"], "\ufeffx\ufeff"],
    ["trim", ["\u200bx"], "\u200bx"],
    ["trim", ["   "], ""],
    ["trimStart", ["  a  "], "a  "],
    ["trimEnd", ["  a  "], "  a"],
  ]);
  errors([
    ["join", [["a", 1], ","], "AT0102", "join(): expected string, got number"],
    ["split", ["a", 1], "AT0102", "split(): expected string, got number"],
    ["trim", [null], "AT0102", "trim(): expected string, got null"],
  ]);
});

test("strings: searching counts code points", () => {
  table([
    ["indexOf", ["hello", "l"], 2],
    ["indexOf", ["hello", "z"], -1],
    ["indexOf", ["hello", ""], 0],
    ["indexOf", ["🌟a🌟b", "b"], 3],
    ["indexOf", ["日本語", "語"], 2],
    ["lastIndexOf", ["hello", "l"], 3],
    ["lastIndexOf", ["🌟🌟", "🌟"], 1],
    ["lastIndexOf", ["héllo", ""], 5],
    ["lastIndexOf", ["abc", "d"], -1],
    ["includes", ["abc", "bc"], true],
    ["includes", ["abc", ""], true],
    ["includes", ["abc", "x"], false],
    ["startsWith", ["abc", "ab"], true],
    ["startsWith", ["abc", ""], true],
    ["startsWith", ["abc", "b"], false],
    ["endsWith", ["abc", "bc"], true],
    ["endsWith", ["🌟", ""], true],
    ["endsWith", ["abc", "ab"], false],
  ]);
});

test("strings: case mapping", () => {
  table([
    ["toUpperCase", ["straße"], "STRASSE"],
    ["toUpperCase", ["ǆ"], "Ǆ"],
    ["toUpperCase", ["ﬁ"], "FI"],
    ["toLowerCase", ["ΣΑΣ"], "σας"],
    ["toLowerCase", ["İ"], "i̇"],
    ["toLowerCase", ["ABC"], "abc"],
    ["toUpperCase", [""], ""],
  ]);
});

test("strings: substring, charAt", () => {
  table([
    ["substring", ["hello", 1, 3], "el"],
    ["substring", ["hello", 0, 5], "hello"],
    ["substring", ["hello", 2, 2], ""],
    ["substring", ["a🌟b🌟c", 1, 4], "🌟b🌟"],
    ["substring", ["日本語", 0, 3], "日本語"],
    ["substring", ["abc", -0, 1], "a"],
    ["charAt", ["abc", 1], "b"],
    ["charAt", ["a🌟b", 1], "🌟"],
    ["charAt", ["a🌟b", 2], "b"],
    ["charAt", ["é", -0], "é"],
  ]);
  errors([
    ["substring", ["abc", 0.5, 2], "AT0001", "Type error: substring() indices must be integers"],
    ["substring", ["abc", 0, NaN], "AT0001", "Type error: substring() indices must be integers"],
    ["substring", ["abc", -1, 2], "AT0006", "substring(): range [-1, 2) out of bounds for length 3"],
    ["substring", ["abc", 2, 1], "AT0006", "substring(): range [2, 1) out of bounds for length 3"],
    ["substring", ["a🌟c", 0, 4], "AT0006", "substring(): range [0, 4) out of bounds for length 3"],
    ["substring", ["abc", "0", 1], "AT0102", "substring(): expected number, got string"],
    ["charAt", ["abc", 1.5], "AT0001", "Type error: charAt() index must be an integer"],
    ["charAt", ["abc", 3], "AT0006", "charAt(): index 3 out of bounds for length 3"],
    ["charAt", ["abc", -1], "AT0006", "charAt(): index -1 out of bounds for length 3"],
    ["charAt", ["", 0], "AT0006", "charAt(): index 0 out of bounds for length 0"],
  ]);
});

test("strings: repeat, replace, padStart, padEnd", () => {
  table([
    ["repeat", ["ab", 3], "ababab"],
    ["repeat", ["ab", 0], ""],
    ["repeat", ["", 1000000], ""],
    ["replace", ["a-b-c", "-", "+"], "a+b-c"],
    ["replace", ["abc", "", "x"], "abc"],
    ["replace", ["abc", "z", "x"], "abc"],
    ["replace", ["a.b", "a", "$&$1$$"], "$&$1$$.b"],
    ["replace", ["🌟x🌟", "🌟", ""], "x🌟"],
    ["padStart", ["5", 3, "0"], "005"],
    ["padStart", ["5", 4, "ab"], "aba5"],
    ["padEnd", ["x", 4, "ab"], "xaba"],
    ["padStart", ["abc", 2, "0"], "abc"],
    ["padStart", ["abc", -5, "0"], "abc"],
    ["padStart", ["a", 5, ""], "a"],
    ["padStart", ["é", 3, "🌟"], "🌟🌟é"],
    ["padEnd", ["", 3, "日本"], "日本日"],
  ]);
  errors([
    ["repeat", ["a", 1.5], "AT0001", "Type error: repeat() count must be an integer"],
    ["repeat", ["a", -1], "AT0001", "Type error: repeat() count cannot be negative"],
    ["repeat", ["a", 1000001], "AT0007", "repeat(): result too large (limit 1000000)"],
    ["repeat", ["a", Infinity], "AT0001", "Type error: repeat() count must be an integer"],
    ["repeat", ["x".repeat(1000), 1000000], "AT0007", "repeat(): result too large (limit 268435456)"],
    ["padStart", ["a", 2.5, "x"], "AT0001", "Type error: padStart() length must be an integer"],
    ["padEnd", ["a", NaN, "x"], "AT0001", "Type error: padEnd() length must be an integer"],
    ["padEnd", ["a", 1e12, "x"], "AT0007", "padEnd(): result too large (limit 268435456)"],
  ]);
});

// ---- arrays --------------------------------------------------------------------------------

test("arrays: building and reshaping", () => {
  const a: Value[] = [1, 2];
  const alias = a;
  assert.equal(call("push", a, 3), null);
  assert.deepEqual(alias, [1, 2, 3]);
  const src = [1, 2, 3];
  const popped = call("pop", src) as Value[];
  assert.ok(same(popped, [3, [1, 2]]));
  assert.deepEqual(src, [1, 2, 3]);
  assert.ok(same(call("shift", src), [1, [2, 3]]));
  assert.ok(same(call("pop", ["x"]), ["x", []]));
  const inner = [9];
  const nested = [inner, [8]];
  const flat = call("flatten", nested) as Value[];
  assert.deepEqual(flat, [9, 8]);
  const copy = call("reverse", nested) as Value[];
  assert.equal(copy[1], inner);
  assert.notEqual(call("concat", [], []), call("concat", [], []));
  table([
    ["unshift", [[2, 3], 1], [1, 2, 3]],
    ["reverse", [[1, 2, 3]], [3, 2, 1]],
    ["reverse", [[]], []],
    ["concat", [[1], [2, [3]]], [1, 2, [3]]],
    ["flatten", [[[1, [2]], [], [3]]], [1, [2], 3]],
    ["flatten", [[]], []],
    ["slice", [[1, 2, 3, 4], 1, 3], [2, 3]],
    ["slice", [[1, 2, 3], -5, 2], [1, 2]],
    ["slice", [[1, 2, 3], 1, 100], [2, 3]],
    ["slice", [[1, 2, 3], 1.9, 2.9], [2]],
    ["slice", [[1, 2, 3], -0.5, 1], [1]],
    ["slice", [[1, 2, 3], NaN, Infinity], [1, 2, 3]],
    ["slice", [[1, 2, 3], -Infinity, NaN], []],
    ["slice", [[1, 2, 3], 5, 10], []],
    ["slice", [[1, 2, 3], 0, -1], []],
  ]);
  errors([
    ["pop", [[]], "AT0001", "Type error: Cannot pop from empty array"],
    ["shift", [[]], "AT0001", "Type error: Cannot shift from empty array"],
    ["slice", [[1, 2, 3], 2, 1], "AT0001", "Type error: Invalid slice range: start 2 > end 1"],
    ["slice", [[1, 2, 3], 10, 1], "AT0001", "Type error: Invalid slice range: start 3 > end 1"],
    ["slice", [[1, 2, 3], 2, -1], "AT0001", "Type error: Invalid slice range: start 2 > end 0"],
    ["flatten", [[[1], 2]], "AT0102", "flatten(): expected array, got number"],
    ["push", ["x", 1], "AT0102", "push(): expected array, got string"],
    ["concat", [[1], null], "AT0102", "concat(): expected array, got null"],
  ]);
});

test("arrays: searching uses == equality", () => {
  const inner = [1];
  table([
    ["arrayIndexOf", [[1, 2, 1], 1], 0],
    ["arrayLastIndexOf", [[1, 2, 1], 1], 2],
    ["arrayIndexOf", [[NaN], NaN], -1],
    ["arrayIndexOf", [[0], -0], 0],
    ["arrayIndexOf", [[[1]], [1]], -1],
    ["arrayIndexOf", [[inner], inner], 0],
    ["arrayIndexOf", [[some(1)], some(1)], 0],
    ["arrayIndexOf", [[J('{"a":1}')], J('{"a": 1}')], 0],
    ["arrayIndexOf", [["1"], 1], -1],
    ["arrayIncludes", [[1, 2], 2], true],
    ["arrayIncludes", [[], 2], false],
    ["arrayLastIndexOf", [[], 2], -1],
  ]);
  const even = fn((x) => (x as number) % 2 === 0);
  table([
    ["find", [[1, 4, 6], even], 4],
    ["find", [[1, 3], even], null],
    ["findIndex", [[1, 4, 6], even], 1],
    ["findIndex", [[], even], -1],
    ["some", [[1, 4], even], true],
    ["some", [[], even], false],
    ["every", [[2, 4], even], true],
    ["every", [[2, 3], even], false],
    ["every", [[], even], true],
  ]);
  const seen: Value[] = [];
  call("some", [1, 2, 3, 4], fn((x) => (seen.push(x), x === 2)));
  assert.deepEqual(seen, [1, 2]);
  errors([["find", [[1], fn(() => 1)], "AT0102", "find(): expected bool, got number"]]);
});

test("arrays: transforming, callbacks over snapshots, callback errors propagate", () => {
  const double = fn((x) => (x as number) * 2);
  table([
    ["map", [[1, 2, 3], double], [2, 4, 6]],
    ["map", [[], double], []],
    ["map", [["a", "bb"], B.get("len") as Value], [1, 2]],
    ["filter", [[1, 2, 3, 4], fn((x) => (x as number) > 2)], [3, 4]],
    ["reduce", [[1, 2, 3], fn((acc, x) => (acc as number) + (x as number)), 10], 16],
    ["reduce", [[], fn(() => 0), "init"], "init"],
    ["reduce", [["a", "b"], fn((acc, x) => (acc as string) + (x as string)), ""], "ab"],
    ["flatMap", [[1, 2], fn((x) => [x, x])], [1, 1, 2, 2]],
    ["flatMap", [[1, 2], fn(() => [])], []],
  ]);
  const arr: Value[] = [1, 2, 3];
  const visited: Value[] = [];
  assert.equal(
    call(
      "forEach",
      arr,
      fn((x) => {
        visited.push(x);
        arr.push(0);
        return 7;
      }),
    ),
    null,
  );
  assert.deepEqual(visited, [1, 2, 3]);
  assert.deepEqual(arr, [1, 2, 3, 0, 0, 0]);
  const mapped = call("map", arr, fn((x) => (arr.length = 0, x))) as Value[];
  assert.equal(mapped.length, 6);
  const boom = new RuntimeError("AT0005", "Divide by zero", null);
  assert.throws(
    () => call("map", [1], fn(() => { throw boom; })),
    (e: unknown) => e === boom,
  );
  errors([
    ["flatMap", [[1], fn((x) => x)], "AT0102", "flatMap(): expected array, got number"],
    ["filter", [[1], fn(() => null)], "AT0102", "filter(): expected bool, got null"],
    ["map", [[1], 5], "AT0102", "map(): expected function, got number"],
  ]);
});

test("arrays: sort is stable with the exact comparator rule", () => {
  const byNum = fn((a, b) => (a as number) - (b as number));
  table([
    ["sort", [[3, 1, 2], byNum], [1, 2, 3]],
    ["sort", [[], byNum], []],
    ["sort", [[5, 4, 3, 2, 1, 0, -1, 7, 6], byNum], [-1, 0, 1, 2, 3, 4, 5, 6, 7]],
    ["sort", [[3, 1, 2], fn(() => NaN)], [3, 1, 2]],
    ["sort", [[3, 1, 2], fn(() => 1)], [3, 1, 2]],
    ["sort", [[3, 1, 2], fn(() => 0)], [3, 1, 2]],
    ["sort", [[1, 2, 3], fn(() => -1)], [3, 2, 1]],
  ]);
  const recs = ["b1", "a1", "b2", "a2", "c1", "a3", "b3"];
  const byLetter = fn((x, y) => ((x as string)[0] < (y as string)[0] ? -1 : (x as string)[0] > (y as string)[0] ? 1 : 0));
  assert.deepEqual(call("sort", recs, byLetter), ["a1", "a2", "a3", "b1", "b2", "b3", "c1"]);
  assert.deepEqual(recs, ["b1", "a1", "b2", "a2", "c1", "a3", "b3"]);
  const big = Array.from({ length: 1000 }, (_, i) => (i * 7919) % 1000);
  const sorted = call("sort", big, byNum) as number[];
  assert.deepEqual(sorted, [...big].sort((a, b) => a - b));
  errors([["sort", [[1, 2], fn(() => "x")], "AT0102", "sort(): expected number, got string"]]);
});

test("arrays: sortBy key order", () => {
  const id = fn((x) => x);
  table([
    ["sortBy", [[3, 1, 2], id], [1, 2, 3]],
    ["sortBy", [["b", 2, NaN, "a", 1, -Infinity], id], [-Infinity, 1, 2, NaN, "a", "b"]],
    ["sortBy", [["\uff61", "🌟", "z"], id], ["z", "\uff61", "🌟"]],
    ["sortBy", [["b", "B", "a", "A"], id], ["A", "B", "a", "b"]],
    ["sortBy", [[0, -0], id], [0, -0]],
  ]);
  const calls: Value[] = [];
  const res = call(
    "sortBy",
    [{ v: 2 }, { v: 1 }].map((_, i) => [i, 2 - i] as Value[]),
    fn((x) => (calls.push(x), (x as number[])[1])),
  );
  assert.deepEqual(res, [[1, 1], [0, 2]]);
  assert.equal(calls.length, 2);
  const pairs = [["x", 2], ["y", 1], ["z", 2], ["w", 1]];
  assert.deepEqual(call("sortBy", pairs, fn((p) => (p as Value[])[1])), [["y", 1], ["w", 1], ["x", 2], ["z", 2]]);
  errors([["sortBy", [[1], fn(() => true)], "AT0102", "sortBy(): expected number or string, got bool"]]);
});

// ---- math ----------------------------------------------------------------------------------

test("math", () => {
  table([
    ["abs", [-3], 3],
    ["abs", [-0], 0],
    ["floor", [-0.5], -1],
    ["ceil", [-0.5], -0],
    ["round", [2.5], 2],
    ["round", [3.5], 4],
    ["round", [-2.5], -2],
    ["round", [0.5], 0],
    ["round", [-0.5], 0],
    ["round", [-0], -0],
    ["round", [1.4999999999999998], 1],
    ["round", [-1.6], -2],
    ["round", [2 ** 53], 2 ** 53],
    ["round", [NaN], NaN],
    ["round", [-Infinity], -Infinity],
    ["min", [NaN, 1], 1],
    ["min", [1, NaN], 1],
    ["min", [NaN, NaN], NaN],
    ["min", [0, -0], -0],
    ["max", [-0, 0], 0],
    ["max", [2, NaN], 2],
    ["max", [1, 2], 2],
    ["clamp", [5, 0, 3], 3],
    ["clamp", [-5, 0, 3], 0],
    ["clamp", [1, 3, 0], NaN],
    ["clamp", [NaN, 1, 2], 1],
    ["clamp", [5, NaN, 3], 3],
    ["clamp", [5, 0, NaN], 5],
    ["sign", [-3], -1],
    ["sign", [3], 1],
    ["sign", [-0], -0],
    ["sign", [NaN], NaN],
    ["sqrt", [-1], NaN],
    ["sqrt", [-0], -0],
    ["sqrt", [9], 3],
    ["pow", [NaN, 0], 1],
    ["pow", [NaN, -0], 1],
    ["pow", [1, NaN], 1],
    ["pow", [-1, Infinity], 1],
    ["pow", [-1, -Infinity], 1],
    ["pow", [2, 10], 1024],
    ["pow", [2, 0.5], Math.SQRT2],
    ["pow", [0, -1], Infinity],
    ["log", [0], -Infinity],
    ["log", [-1], NaN],
    ["log", [Math.E], 1],
    ["asin", [2], NaN],
    ["acos", [1], 0],
    ["atan", [0], 0],
    ["sin", [0], 0],
    ["cos", [0], 1],
    ["tan", [0], 0],
  ]);
  for (let i = 0; i < 100; i++) {
    const r = call("random") as number;
    assert.ok(r >= 0 && r < 1);
  }
  errors([
    ["abs", ["1"], "AT0102", "abs(): expected number, got string"],
    ["min", [1], "AT0102", "min(): expected number, got nothing"],
  ]);
});

// ---- types ---------------------------------------------------------------------------------

test("type predicates", () => {
  const hm = new FakeHandle("hashmap", "<HashMap size=1>", new Map<Value, Value>([["tag", "circle"], ["r", 1]]));
  table([
    ["isString", ["x"], true],
    ["isString", [J('"x"')], false],
    ["isNumber", [NaN], true],
    ["isBool", [false], true],
    ["isNull", [null], true],
    ["isNull", [J("null")], false],
    ["isArray", [[]], true],
    ["isArray", [J("[]")], false],
    ["isFunction", [fn(() => null)], true],
    ["isFunction", [B.get("print") as Value], true],
    ["isFunction", [1], false],
    ["isObject", [J("{}")], true],
    ["isObject", [J("[]")], false],
    ["isType", [1, "number"], true],
    ["isType", [J("{}"), "object"], true],
    ["isType", [J("{}"), "json"], true],
    ["isType", [B.get("print") as Value, "function"], false],
    ["isType", [B.get("print") as Value, "builtin"], true],
    ["isType", [1, "whatever"], false],
    ["hasField", [J('{"a": null}'), "a"], true],
    ["hasField", [J('{"a": null}'), "b"], false],
    ["hasField", [J('["a"]'), "a"], false],
    ["hasField", [hm, "r"], true],
    ["hasField", [hm, "x"], false],
    ["hasMethod", [J('{"m": 1}'), "m"], true],
    ["hasField", ["a", "length"], false],
    ["hasTag", [J('{"tag": "circle"}'), "circle"], true],
    ["hasTag", [J('{"tag": "circle"}'), "square"], false],
    ["hasTag", [J('{"tag": 1}'), "1"], false],
    ["hasTag", [hm, "circle"], true],
    ["hasTag", [hm, "x"], false],
  ]);
});

test("toString (§7.3)", () => {
  table([
    ["toString", [null], "null"],
    ["toString", [true], "true"],
    ["toString", [NaN], "NaN"],
    ["toString", [Infinity], "Infinity"],
    ["toString", [-Infinity], "-Infinity"],
    ["toString", [2 ** 64], "18446744073709552000"],
    ["toString", [-0], "-0"],
    ["toString", [1.5e-7], "0.00000015"],
    ["toString", ["s"], "s"],
    ["toString", [[1]], "[Array]"],
    ["toString", [fn(() => null, "f")], "[Function]"],
    ["toString", [B.get("print") as Value], "[Builtin print]"],
    ["toString", [J("{}")], "[JSON]"],
    ["toString", [some("x")], 'Some("x")'],
    ["toString", [some('a"b')], 'Some("a"b")'],
    ["toString", [NONE], "None"],
    ["toString", [ok(Infinity)], "Ok(Infinity)"],
    ["toString", [err(some(1))], "Err([Option])"],
    ["toString", [some(ok(1))], "Some([Result])"],
    ["toString", [some([1])], "Some([Array])"],
    ["toString", [new FakeHandle("hashset", "<HashSet size=0>")], "[HashSet]"],
    ["toString", [new FakeHandle("regex", "<Regex /a>b/>")], "[Regex /a>b/]"],
    ["toString", [new FakeHandle("HttpResponse", "<HttpResponse 200>")], "<HttpResponse 200>"],
    ["toString", [new ErrorValue("AT0400", "disk full", null)], "AT0400: disk full"],
  ]);
});

test("toNumber, toBool, parseInt, parseFloat", () => {
  table([
    ["toNumber", [5], 5],
    ["toNumber", [true], 1],
    ["toNumber", [false], 0],
    ["toNumber", [" +3 "], 3],
    ["toNumber", ["5."], 5],
    ["toNumber", [".5"], 0.5],
    ["toNumber", ["-.5e1"], -5],
    ["toNumber", ["1e5"], 100000],
    ["toNumber", ["1E-2"], 0.01],
    ["toNumber", ["1e400"], Infinity],
    ["toNumber", ["-0"], -0],
    ["toNumber", ["inf"], Infinity],
    ["toNumber", ["-Infinity"], -Infinity],
    ["toNumber", ["NaN"], NaN],
    ["toNumber", ["\u00a012\u3000"], 12],
    ["parseFloat", ["3.25"], 3.25],
    ["parseFloat", ["  -INF "], -Infinity],
    ["toBool", [false], false],
    ["toBool", [0], false],
    ["toBool", [-0], false],
    ["toBool", [NaN], false],
    ["toBool", [""], false],
    ["toBool", [null], false],
    ["toBool", [[]], true],
    ["toBool", [NONE], true],
    ["toBool", [J("null")], true],
    ["toBool", [" "], true],
    ["parseInt", ["42", 10], 42],
    ["parseInt", [" -ff ", 16], -255],
    ["parseInt", ["+Zz", 36], 1295],
    ["parseInt", ["0101", 2], 5],
    ["parseInt", ["9223372036854775807", 10], 2 ** 63],
    ["parseInt", ["-9223372036854775807", 10], -(2 ** 63)],
    ["parseInt", ["007", 8], 7],
    ["parseInt", ["-0", 10], 0],
  ]);
  errors([
    ["toNumber", [""], "AT0001", "Type error: Cannot convert empty string to number"],
    ["toNumber", ["  "], "AT0001", "Type error: Cannot convert empty string to number"],
    ["toNumber", ["0x10"], "AT0001", "Type error: Cannot convert '0x10' to number"],
    ["toNumber", ["1_000"], "AT0001", "Type error: Cannot convert '1_000' to number"],
    ["toNumber", ["."], "AT0001", "Type error: Cannot convert '.' to number"],
    ["toNumber", ["1e"], "AT0001", "Type error: Cannot convert '1e' to number"],
    ["toNumber", ["--1"], "AT0001", "Type error: Cannot convert '--1' to number"],
    ["toNumber", ["\ufeff1"], "AT0001", "Type error: Cannot convert '\ufeff1' to number"],
    ["toNumber", ["١"], "AT0001", "Type error: Cannot convert '١' to number"],
    ["toNumber", [[1]], "AT0102", "toNumber(): expected number, string or bool, got array"],
    ["parseFloat", [""], "AT0001", "Type error: Cannot parse empty string as float"],
    ["parseFloat", ["abc"], "AT0001", "Type error: Cannot parse 'abc' as float"],
    ["parseInt", ["1", 1], "AT0001", "Type error: parseInt() radix must be integer between 2 and 36"],
    ["parseInt", ["1", 37], "AT0001", "Type error: parseInt() radix must be integer between 2 and 36"],
    ["parseInt", ["1", 10.5], "AT0001", "Type error: parseInt() radix must be integer between 2 and 36"],
    ["parseInt", [" ", 10], "AT0001", "Type error: Cannot parse empty string as integer"],
    ["parseInt", ["--5", 10], "AT0001", "Type error: Invalid integer '--5' for radix 10"],
    ["parseInt", ["0x10", 16], "AT0001", "Type error: Invalid integer '0x10' for radix 16"],
    ["parseInt", ["12", 2], "AT0001", "Type error: Invalid integer '12' for radix 2"],
    ["parseInt", ["1.5", 10], "AT0001", "Type error: Invalid integer '1.5' for radix 10"],
    ["parseInt", ["1_0", 10], "AT0001", "Type error: Invalid integer '1_0' for radix 10"],
    ["parseInt", ["-", 10], "AT0001", "Type error: Invalid integer '-' for radix 10"],
    ["parseInt", ["9223372036854775808", 10], "AT0001", "Type error: Invalid integer '9223372036854775808' for radix 10"],
  ]);
});

// ---- Option / Result -----------------------------------------------------------------------

test("Option and Result", () => {
  const inc = fn((x) => (x as number) + 1);
  const toErr = fn((x) => err(`bad ${String(x)}`));
  table([
    ["Some", [1], some(1)],
    ["Ok", [null], ok(null)],
    ["Err", ["e"], err("e")],
    ["is_some", [some(1)], true],
    ["is_some", [NONE], false],
    ["is_none", [NONE], true],
    ["is_ok", [ok(1)], true],
    ["is_err", [ok(1)], false],
    ["is_err", [err(1)], true],
    ["unwrap", [some(5)], 5],
    ["unwrap", [ok("v")], "v"],
    ["unwrap_or", [NONE, 3], 3],
    ["unwrap_or", [some(1), 3], 1],
    ["unwrap_or", [err("x"), 0], 0],
    ["expect", [some(2), "msg"], 2],
    ["expect", [ok(2), "msg"], 2],
    ["result_ok", [ok(1)], some(1)],
    ["result_ok", [err(1)], NONE],
    ["result_err", [err(1)], some(1)],
    ["result_err", [ok(1)], NONE],
    ["result_map", [ok(1), inc], ok(2)],
    ["result_map", [err("e"), inc], err("e")],
    ["result_map_err", [err(1), inc], err(2)],
    ["result_map_err", [ok(1), inc], ok(1)],
    ["result_and_then", [ok(1), toErr], err("bad 1")],
    ["result_and_then", [err("x"), toErr], err("x")],
    ["result_or_else", [err(1), fn((e) => ok((e as number) * 10))], ok(10)],
    ["result_or_else", [ok(1), toErr], ok(1)],
  ]);
  const r = err("keep");
  assert.equal(call("result_map", r, inc), r);
  const stored = [1];
  assert.equal(call("unwrap", some(stored)), stored);
  errors([
    ["unwrap", [NONE], "AT0001", "Type error: unwrap() called on None"],
    ["unwrap", [err("bad input")], "AT0001", "Type error: unwrap() called on Err(bad input)"],
    ["unwrap", [err([1, some("x")])], "AT0001", "Type error: unwrap() called on Err([1, Some(x)])"],
    ["expect", [NONE, "no value"], "AT0001", "Type error: no value"],
    ["expect", [err(42), "failed"], "AT0001", "Type error: failed: 42"],
    ["unwrap", [1], "AT0102", "unwrap(): expected Option or Result, got number"],
    ["is_some", [ok(1)], "AT0102", "is_some(): expected Option, got result"],
    ["result_map", [some(1), inc], "AT0102", "result_map(): expected Result, got option"],
    ["result_and_then", [ok(1), inc], "AT0102", "result_and_then(): expected Result, got number"],
  ]);
});

// ---- Error values --------------------------------------------------------------------------

test("Error values (§18)", () => {
  const file = new SourceFile("m.atl", 'let e = errorNew("E_CONFIG", "bad");');
  ctx.callSpan = span(file, 8, 35);
  const e = call("errorNew", "E_CONFIG", "bad");
  ctx.callSpan = null;
  assert.ok(e instanceof ErrorValue);
  assert.equal(display(e), "E_CONFIG: bad");
  assert.equal(e.origin?.start, 8);
  assert.equal(call("errorCode", e), "E_CONFIG");
  assert.equal(call("errorMessage", e), "bad");
  assert.equal(call("typeof", e), "error");
  assert.equal(call("errorCode", call("errorNew", "AT0400", "")), "AT0400");
  for (const bad of ["", "A B", "A:B", "A\tB", "\u3000X"]) {
    throwsAt(() => call("errorNew", bad, "m"), "AT0102", "errorNew(): invalid error code");
  }
  errors([
    ["errorCode", ["AT0001"], "AT0102", "errorCode(): expected Error, got string"],
    ["errorNew", [1, "m"], "AT0102", "errorNew(): expected string, got number"],
  ]);
});

test("code-point indexing on long mixed strings", () => {
  const cps = Array.from({ length: 1000 }, (_, i) => (i % 3 === 0 ? "🌟" : i % 3 === 1 ? "é" : String.fromCharCode(97 + (i % 26))));
  const s = cps.join("");
  assert.equal(call("len", s), 1000);
  for (let i = 0; i < 1000; i += 7) assert.equal(call("charAt", s, i), cps[i], `charAt ${i}`);
  for (const [a, b] of [[0, 1000], [63, 64], [64, 200], [999, 1000], [1000, 1000], [128, 128]]) {
    assert.equal(call("substring", s, a, b), cps.slice(a, b).join(""), `substring ${a} ${b}`);
  }
  assert.equal(call("indexOf", s + "Z", "Z"), 1000);
  assert.equal(call("lastIndexOf", s, "🌟"), 999);
});
