// Table tests for runtime/ops.ts: every operator, its result or its error (code + message +
// span passing), independent of Display (language.md §6.2–§6.5, §6.12, §6.15, §13.3.4, §13.3.9).
import { test } from "node:test";
import assert from "node:assert/strict";
import * as ops from "../../src/runtime/ops.js";
import { RuntimeError } from "../../src/runtime/errors.js";
import { SourceFile, span } from "../../src/diagnostics/span.js";
import { JsonObject, JsonValue, NONE, ok, some, type Value } from "../../src/runtime/values.js";
import { STRING_LIMIT } from "../../src/runtime/limits.js";

const S = span(new SourceFile("t.atl", "x"), 0, 1);

/** Runs f; returns ["ok", value] or [code, message]. */
function outcome(f: () => Value): [string, Value] {
  try {
    return ["ok", f()];
  } catch (e) {
    if (!(e instanceof RuntimeError)) throw e;
    assert.equal(e.span, S, "errors carry the given span");
    return [e.code, e.message];
  }
}

const TE = (d: string): [string, string] => ["AT0001", `Type error: ${d}`];
const DIV0: [string, string] = ["AT0005", "Divide by zero"];
const NAN: [string, string] = ["AT0007", "Invalid numeric result (NaN or Infinity)"];
const BADIDX: [string, string] = ["AT0103", "Invalid index: array indices must be whole numbers"];
const OOB: [string, string] = ["AT0006", "Array index out of bounds"];

const arr = [10, 20, 30];
const fn = Object.assign(() => null, { atlasKind: "function" as const, atlasName: "f" });

const binaryCases: [string, ops.ArithOp, Value, Value, [string, Value]][] = [
  ["1 + 2", "+", 1, 2, ["ok", 3]],
  ["0.1 + 0.2", "+", 0.1, 0.2, ["ok", 0.30000000000000004]],
  ["string +", "+", "a", "b", ["ok", "ab"]],
  ["number + string", "+", 1, "b", TE("'+' cannot be applied to number and string")],
  ["string + number", "+", "a", 1, TE("'+' cannot be applied to string and number")],
  ["null + null", "+", null, null, TE("'+' cannot be applied to null and null")],
  ["array + array", "+", [], [], TE("'+' cannot be applied to array and array")],
  ["overflow +", "+", 1e308, 1e308, NAN],
  ["NaN operand", "+", NaN, 1, NAN],
  ["inf operand", "-", Infinity, 1, NAN],
  ["5 - 7", "-", 5, 7, ["ok", -2]],
  ["bool - number", "-", true, 1, TE("'-' cannot be applied to bool and number")],
  ["3 * 4", "*", 3, 4, ["ok", 12]],
  ["1e308 * 10", "*", 1e308, 10, NAN],
  ["0 * -1", "*", 0, -1, ["ok", -0]],
  ["10 / 4", "/", 10, 4, ["ok", 2.5]],
  ["1 / 0", "/", 1, 0, DIV0],
  ["1 / -0", "/", 1, -0, DIV0],
  ["0 / 0 is AT0005", "/", 0, 0, DIV0],
  ["NaN / 0 is AT0005", "/", NaN, 0, DIV0],
  ["1e308 / 1e-308", "/", 1e308, 1e-308, NAN],
  ["string / number", "/", "a", 0, TE("'/' cannot be applied to string and number")],
  ["-5 % 3 truncated", "%", -5, 3, ["ok", -2]],
  ["5 % -3", "%", 5, -3, ["ok", 2]],
  ["5.5 % 2", "%", 5.5, 2, ["ok", 1.5]],
  ["5 % 0", "%", 5, 0, DIV0],
  ["0 % 0", "%", 0, 0, DIV0],
  ["inf % 2", "%", Infinity, 2, NAN],
  ["-4 % 2 is -0", "%", -4, 2, ["ok", -0]],
];
for (const [name, op, a, b, want] of binaryCases) {
  test(`arith ${name}`, () => assert.deepEqual(outcome(() => ops.arith(op, a, b, S)), want));
}

test("string + respects the capacity limit (§13.3.9)", () => {
  const big = "x".repeat(STRING_LIMIT / 2);
  assert.deepEqual(outcome(() => ops.add(big, big, S)), ["ok", big + big]);
  assert.deepEqual(outcome(() => ops.add(big + "x", big, S)), ["AT0007", `'+': result too large (limit ${STRING_LIMIT})`]);
});

const compoundCases: [ops.CompareOp | "+=" | "-=" | "*=" | "/=" | "%=", Value, Value, [string, Value]][] = [
  ["+=", 1, 2, ["ok", 3]],
  ["+=", "a", "b", TE("'+=' cannot be applied to string and string")],
  ["-=", 1, 2, ["ok", -1]],
  ["*=", 1e200, 1e200, NAN],
  ["/=", 1, 0, DIV0],
  ["%=", 7, 0, DIV0],
  ["%=", 7, 4, ["ok", 3]],
];
for (const [op, a, b, want] of compoundCases) {
  test(`compound ${op} ${String(a)} ${String(b)}`, () => {
    assert.deepEqual(outcome(() => ops.compound(op as "+=", a, b, S)), want);
  });
}

const incCases: ["++" | "--", Value, [string, Value]][] = [
  ["++", 1, ["ok", 2]],
  ["--", 1, ["ok", 0]],
  ["++", Infinity, NAN],
  ["++", "a", TE("'++' cannot be applied to string")],
];
for (const [op, a, want] of incCases) {
  test(`incDec ${op} ${String(a)}`, () => assert.deepEqual(outcome(() => ops.incDec(op, a, S)), want));
}

const compareCases: [ops.CompareOp, Value, Value, [string, Value]][] = [
  ["<", 1, 2, ["ok", true]],
  ["<=", 2, 2, ["ok", true]],
  [">", 1, 2, ["ok", false]],
  [">=", NaN, NaN, ["ok", false]],
  ["<", -Infinity, Infinity, ["ok", true]],
  ["<", "a", "b", TE("'<' cannot be applied to string and string")],
  [">=", 1, null, TE("'>=' cannot be applied to number and null")],
];
for (const [op, a, b, want] of compareCases) {
  test(`compare ${String(a)} ${op} ${String(b)}`, () => {
    assert.deepEqual(outcome(() => ops.compare(op, a, b, S)), want);
    const direct = { "<": ops.lt, "<=": ops.le, ">": ops.gt, ">=": ops.ge }[op];
    assert.deepEqual(outcome(() => direct(a, b, S)), want);
  });
}

const eqCases: [string, Value, Value, boolean][] = [
  ["numbers", 1, 1, true],
  ["NaN", NaN, NaN, false],
  ["-0 == 0", -0, 0, true],
  ["strings", "a", "a", true],
  ["kinds differ", 1, "1", false],
  ["null", null, null, true],
  ["arrays by identity", [1], [1], false],
  ["same array", arr, arr, true],
  ["options deep", some(ok(1)), some(ok(1)), true],
  ["None", NONE, NONE, true],
  ["json structural", new JsonValue(new JsonObject(new Map([["a", 1]]))), new JsonValue(new JsonObject(new Map([["a", 1]]))), true],
  ["function identity", fn, fn, true],
];
for (const [name, a, b, want] of eqCases) {
  test(`equality ${name}`, () => {
    assert.equal(ops.eq(a, b), want);
    assert.equal(ops.ne(a, b), !want);
  });
}

const unaryCases: [string, () => Value, [string, Value]][] = [
  ["-5", () => ops.neg(5, S), ["ok", -5]],
  ["-0", () => ops.neg(0, S), ["ok", -0]],
  ["-NaN never raises", () => ops.neg(NaN, S), ["ok", NaN]],
  ["-string", () => ops.neg("a", S), TE("'-' cannot be applied to string")],
  ["!true", () => ops.not(true, S), ["ok", false]],
  ["!number", () => ops.not(1, S), TE("'!' cannot be applied to number")],
  ["condition true", () => ops.condition(true, S), ["ok", true]],
  ["condition number", () => ops.condition(1, S), TE("condition cannot be applied to number")],
  ["condition null", () => ops.condition(null, S), TE("condition cannot be applied to null")],
  ["&& bool bool", () => ops.logicRight("&&", true, false, S), ["ok", false]],
  ["&& number left", () => ops.logicRight("&&", 1, true, S), TE("'&&' cannot be applied to number and bool")],
  ["|| bool string", () => ops.logicRight("||", false, "x", S), TE("'||' cannot be applied to bool and string")],
];
for (const [name, f, want] of unaryCases) test(`unary/logic ${name}`, () => assert.deepEqual(outcome(f), want));

const jsonDoc = new JsonValue(new JsonObject(new Map<string, import("../../src/runtime/values.js").JsonData>([
  ["a", [1, "x", null]],
  ["s", "str"],
  ["n", 2],
  ["b", true],
])));

const indexCases: [string, Value, Value, [string, Value]][] = [
  ["array 0", arr, 0, ["ok", 10]],
  ["array -0", arr, -0, ["ok", 10]],
  ["array last", arr, 2, ["ok", 30]],
  ["array len", arr, 3, OOB],
  ["array huge", arr, 1e20, OOB],
  ["array -1", arr, -1, BADIDX],
  ["array 1.5", arr, 1.5, BADIDX],
  ["array NaN", arr, NaN, BADIDX],
  ["array inf", arr, Infinity, BADIDX],
  ["array -inf", arr, -Infinity, BADIDX],
  ["array string index", arr, "0", TE("index cannot be applied to string")],
  ["string ascii", "abc", 1, ["ok", "b"]],
  ["string code points", "🌟a🌟", 1, ["ok", "a"]],
  ["string astral", "🌟a🌟", 2, ["ok", "🌟"]],
  ["string oob", "🌟a🌟", 3, OOB],
  ["string fraction", "abc", 0.5, BADIDX],
  ["string -inf", "abc", -Infinity, BADIDX],
  ["number target", 5, 0, TE("index cannot be applied to number")],
  ["null target", null, 0, TE("index cannot be applied to null")],
  ["json member", jsonDoc, "s", ["ok", new JsonValue("str")]],
  ["json missing", jsonDoc, "zz", ["ok", new JsonValue(null)]],
  ["json number on object", jsonDoc, 0, ["ok", new JsonValue(null)]],
  ["json bool index", jsonDoc, true, ["ok", new JsonValue(null)]],
];
for (const [name, t, i, want] of indexCases) {
  test(`index ${name}`, () => assert.deepEqual(outcome(() => ops.index(t, i, S)), want));
}

test("json array indexing never raises", () => {
  const a = ops.index(jsonDoc, "a", S);
  assert.deepEqual(ops.index(a, 1, null), new JsonValue("x"));
  for (const i of [3, -1, 0.5, NaN, Infinity, "0"]) assert.deepEqual(ops.index(a, i, null), new JsonValue(null));
});

const setCases: [string, Value, Value, [string, Value]][] = [
  ["array ok", [1, 2], 1, ["ok", null]],
  ["array -0", [1, 2], -0, ["ok", null]],
  ["array oob never grows", [1, 2], 2, OOB],
  ["array fraction", [1, 2], 0.5, BADIDX],
  ["string target", "ab", 0, TE("index cannot be applied to string")],
  ["json target", jsonDoc, "a", TE("index cannot be applied to json")],
];
for (const [name, t, i, want] of setCases) {
  test(`setIndex ${name}`, () => {
    assert.deepEqual(
      outcome(() => {
        ops.setIndex(t, i, 9, S);
        return null;
      }),
      want,
    );
    if (want[0] === "ok" && Array.isArray(t)) assert.equal(t[(i as number) + 0], 9);
    if (want[0] !== "ok" && Array.isArray(t)) assert.equal(t.length, 2);
  });
}

const methodCases: [string, Value, string, [string, Value]][] = [
  ["as_string", new JsonValue("x"), "as_string", ["ok", "x"]],
  ["as_number", new JsonValue(2), "as_number", ["ok", 2]],
  ["as_bool", new JsonValue(false), "as_bool", ["ok", false]],
  ["is_null", new JsonValue(null), "is_null", ["ok", true]],
  ["is_null on number", new JsonValue(1), "is_null", ["ok", false]],
  ["as_string on number", new JsonValue(1), "as_string", TE("Cannot extract string from JSON value of type 'number'")],
  ["as_number on object", jsonDoc, "as_number", TE("Cannot extract number from JSON value of type 'object'")],
  ["as_bool on array", new JsonValue([]), "as_bool", TE("Cannot extract bool from JSON value of type 'array'")],
  ["as_bool on null", new JsonValue(null), "as_bool", TE("Cannot extract bool from JSON value of type 'null'")],
  ["method on non-json", 5, "as_string", TE("'.as_string()' cannot be applied to number")],
];
for (const [name, t, m, want] of methodCases) {
  test(`json method ${name}`, () => assert.deepEqual(outcome(() => ops.jsonMethod(t, m, S)), want));
}

test("for-in snapshots arrays and rejects other kinds", () => {
  const a = [1, 2];
  const snap = ops.forInSnapshot(a, S);
  a.push(3);
  assert.deepEqual(snap, [1, 2]);
  assert.deepEqual(outcome(() => ops.forInSnapshot("ab", S)), TE("for-in cannot be applied to string"));
});

test("call and await kind checks", () => {
  assert.equal(ops.checkCallable(fn, S), fn);
  assert.deepEqual(outcome(() => ops.checkCallable(3, S)), TE("call cannot be applied to number"));
  assert.deepEqual(outcome(() => { throw ops.notAwaitable(3, S); }), TE("await cannot be applied to number"));
  assert.deepEqual(outcome(() => { throw ops.notPropagatable(NONE, S); }), TE("'?' cannot be applied to option"));
});

test("help texts of AT0005, AT0006, AT0007", () => {
  assert.equal(ops.divideByZero(null).help, "division by zero is undefined");
  assert.equal(ops.indexOutOfBounds(null).help, "check array bounds before accessing");
  assert.equal(ops.invalidNumeric(null).help, "ensure the number is finite and not NaN");
  assert.equal(ops.invalidIndex(null).help, undefined);
});
