// Table tests for the collection builtins (stdlib.md §9): HashMap, HashSet, Queue, Stack —
// insertion order, SameValueZero keys, in-place mutation, snapshots, errors and limits.
import { test } from "node:test";
import assert from "node:assert/strict";
import { instantiateBuiltins } from "../../src/stdlib/registry.js";
import { display, typeOf } from "../../src/runtime/display.js";
import { RuntimeError } from "../../src/runtime/errors.js";
import { COLLECTION_LIMIT } from "../../src/runtime/capacity.js";
import { HashMapValue, HashSetValue } from "../../src/stdlib/collections-common.js";
import { NONE, OptionValue, some, tagFunction, type AtlasFunction, type Value } from "../../src/runtime/values.js";

const B = instantiateBuiltins({ writeOut: () => {}, writeErr: () => {}, callSpan: null });

function call(name: string, ...args: Value[]): Value {
  const f = B.get(name);
  assert.ok(typeof f === "function", `no builtin ${name}`);
  return f(...args);
}
const fn = (f: (...a: Value[]) => Value): AtlasFunction => tagFunction(f, "function", null);
const show = (v: Value): string => display(v);
function throwsAt(f: () => unknown, code: string, message: string): void {
  assert.throws(f, (e: unknown) => {
    assert.ok(e instanceof RuntimeError, `not a RuntimeError: ${String(e)}`);
    assert.equal(e.code, code);
    assert.equal(e.message, message);
    assert.equal(e.span, null);
    return true;
  });
}
function mapOf(...pairs: [Value, Value][]): Value {
  const m = call("hashMapNew");
  for (const [k, v] of pairs) call("hashMapPut", m, k, v);
  return m;
}
function setOf(...xs: Value[]): Value {
  return call("hashSetFromArray", xs);
}
const keys = (m: Value): string => show(call("hashMapKeys", m));
const elems = (s: Value): string => show(call("hashSetToArray", s));

test("HashMap: put/get/remove/has/size, insertion order, replacement keeps position", () => {
  const m = mapOf(["b", 1], ["a", 2], ["c", 3]);
  assert.equal(show(m), "<HashMap size=3>");
  assert.equal(typeOf(m), "hashmap");
  call("hashMapPut", m, "b", 10);
  assert.equal(keys(m), "[b, a, c]");
  assert.equal(show(call("hashMapValues", m)), "[10, 2, 3]");
  assert.equal(show(call("hashMapRemove", m, "b")), "Some(10)");
  assert.equal(call("hashMapRemove", m, "b"), NONE);
  call("hashMapPut", m, "b", 5);
  assert.equal(keys(m), "[a, c, b]");
  assert.equal(show(call("hashMapEntries", m)), "[[a, 2], [c, 3], [b, 5]]");
  assert.equal(show(call("hashMapGet", m, "zz")), "None");
  assert.equal(call("hashMapHas", m, "a"), true);
  assert.equal(call("hashMapSize", m), 3);
  assert.equal(call("hashMapIsEmpty", m), false);
  assert.equal(call("hashMapClear", m), null);
  assert.equal(call("hashMapIsEmpty", m), true);
  assert.equal(show(m), "<HashMap size=0>");
});

test("HashMap: SameValueZero keys (NaN one key, -0 stored as 0, 1 and \"1\" differ)", () => {
  const m = mapOf([NaN, "nan"], [-0, "zero"], [1, "num"], ["1", "str"], [true, "t"], [null, "n"]);
  call("hashMapPut", m, NaN, "nan2");
  assert.equal(call("hashMapSize", m), 6);
  assert.equal(show(call("hashMapGet", m, NaN)), "Some(nan2)");
  assert.equal(show(call("hashMapGet", m, 0)), "Some(zero)");
  const k = call("hashMapKeys", m) as Value[];
  assert.ok(Object.is(k[1], 0), "-0 is stored as 0");
  assert.equal(show(call("hashMapGet", m, "1")), "Some(str)");
  assert.equal(show(call("hashMapGet", m, null)), "Some(n)");
  // the HashMapLookup used by hasField/hasTag
  assert.equal((m as HashMapValue).get("1"), "str");
  assert.equal((m as HashMapValue).get([]), undefined);
  assert.equal(call("hasField", m, "1"), true);
});

test("HashMap: fromEntries, later pair wins, errors", () => {
  const m = call("hashMapFromEntries", [["a", "1"], ["b", "2"], ["a", "3"]]);
  assert.equal(show(call("hashMapEntries", m)), "[[a, 3], [b, 2]]");
  assert.equal(show(call("hashMapFromEntries", [])), "<HashMap size=0>");
  const msg = "Type error: Entry must be [key, value] array with exactly 2 elements";
  throwsAt(() => call("hashMapFromEntries", [["a"]]), "AT0001", msg);
  throwsAt(() => call("hashMapFromEntries", [["a", 1, 2]]), "AT0001", msg);
  throwsAt(() => call("hashMapFromEntries", ["ab"]), "AT0001", msg);
  throwsAt(
    () => call("hashMapFromEntries", [[[1], 2]]),
    "AT0140",
    "Cannot hash type array - only number, string, bool, null are hashable",
  );
});

test("HashMap: forEach/map/filter see a snapshot, value first", () => {
  const m = mapOf(["x", 1], ["y", 2]);
  const seen: string[] = [];
  call(
    "hashMapForEach",
    m,
    fn((v, k) => {
      seen.push(`${show(k)}=${show(v)}`);
      call("hashMapPut", m, `${show(k)}!`, 0); // mutation affects m, not this iteration
      return null;
    }),
  );
  assert.deepEqual(seen, ["x=1", "y=2"]);
  assert.equal(keys(m), "[x, y, x!, y!]");
  const doubled = call("hashMapMap", m, fn((v, k) => `${show(k)}:${show((v as number) * 2)}`));
  assert.equal(show(call("hashMapValues", doubled)), "[x:2, y:4, x!:0, y!:0]");
  const big = call("hashMapFilter", m, fn((v) => (v as number) > 0));
  assert.equal(keys(big), "[x, y]");
  assert.notEqual(big, m);
  throwsAt(() => call("hashMapFilter", m, fn(() => 1)), "AT0102", "hashMapFilter(): expected bool, got number");
});

test("HashSet: distinct elements in first-occurrence order, add/remove/has", () => {
  const s = setOf(3, 1, 3, NaN, NaN, -0, 0, "1");
  assert.equal(elems(s), "[3, 1, NaN, 0, 1]");
  assert.equal(show(s), "<HashSet size=5>");
  assert.equal(typeOf(s), "hashset");
  assert.equal(call("hashSetAdd", s, 1), null);
  assert.equal(call("hashSetSize", s), 5);
  assert.equal(call("hashSetRemove", s, 3), true);
  assert.equal(call("hashSetRemove", s, 3), false);
  call("hashSetAdd", s, 3);
  assert.equal(elems(s), "[1, NaN, 0, 1, 3]");
  assert.equal(call("hashSetHas", s, NaN), true);
  assert.equal(call("hashSetHas", s, -0), true);
  call("hashSetClear", s);
  assert.equal(call("hashSetIsEmpty", s), true);
});

test("HashSet algebra keeps the documented order", () => {
  const a = setOf(1, 2, 3, 4);
  const b = setOf(5, 4, 2, 6);
  const cases: [string, string][] = [
    ["hashSetUnion", "[1, 2, 3, 4, 5, 6]"],
    ["hashSetIntersection", "[2, 4]"],
    ["hashSetDifference", "[1, 3]"],
    ["hashSetSymmetricDifference", "[1, 3, 5, 6]"],
  ];
  for (const [name, want] of cases) {
    const r = call(name, a, b);
    assert.ok(r instanceof HashSetValue && r !== a && r !== b);
    assert.equal(elems(r), want, name);
  }
  const empty = call("hashSetNew");
  const subsets: [Value, Value, boolean, boolean][] = [
    [empty, a, true, false],
    [setOf(2, 4), a, true, false],
    [a, a, true, true],
    [a, setOf(2, 4), false, true],
    [setOf(1, 9), a, false, false],
    [empty, empty, true, true],
  ];
  for (const [x, y, sub, sup] of subsets) {
    assert.equal(call("hashSetIsSubset", x, y), sub);
    assert.equal(call("hashSetIsSuperset", x, y), sup);
  }
});

test("HashSet: forEach/map/filter", () => {
  const s = setOf("a", "b");
  const seen: Value[] = [];
  call(
    "hashSetForEach",
    s,
    fn((x) => {
      seen.push(x);
      call("hashSetAdd", s, `${show(x)}${show(x)}`);
      return null;
    }),
  );
  assert.deepEqual(seen, ["a", "b"]);
  assert.equal(elems(s), "[a, b, aa, bb]");
  assert.equal(show(call("hashSetMap", s, fn((x) => (x as string).length))), "[1, 1, 2, 2]");
  assert.equal(elems(call("hashSetFilter", s, fn((x) => (x as string).length > 1))), "[aa, bb]");
});

test("Queue and Stack", () => {
  const q = call("queueNew");
  assert.equal(show(q), "<Queue size=0>");
  assert.equal(typeOf(q), "queue");
  assert.equal(call("queueDequeue", q), NONE);
  assert.equal(call("queuePeek", q), NONE);
  for (let i = 1; i <= 3; i++) call("queueEnqueue", q, i);
  assert.equal(show(call("queuePeek", q)), "Some(1)");
  assert.equal(show(call("queueDequeue", q)), "Some(1)");
  assert.equal(show(call("queueToArray", q)), "[2, 3]");
  assert.equal(call("queueSize", q), 2);
  call("queueClear", q);
  assert.equal(call("queueIsEmpty", q), true);
  // many operations: amortised compaction keeps FIFO order
  for (let i = 0; i < 5000; i++) call("queueEnqueue", q, i);
  for (let i = 0; i < 4000; i++) assert.equal((call("queueDequeue", q) as OptionValue).value, i);
  assert.equal(call("queueSize", q), 1000);
  assert.equal((call("queueToArray", q) as Value[])[0], 4000);

  const s = call("stackNew");
  assert.equal(typeOf(s), "stack");
  assert.equal(call("stackPop", s), NONE);
  for (const x of ["a", "b", "c"]) call("stackPush", s, x);
  assert.equal(show(s), "<Stack size=3>");
  assert.equal(show(call("stackPeek", s)), "Some(c)");
  assert.equal(show(call("stackPop", s)), "Some(c)");
  assert.equal(show(call("stackToArray", s)), "[a, b]");
  assert.equal(call("stackSize", s), 2);
  call("stackClear", s);
  assert.equal(call("stackIsEmpty", s), true);
  // a stored value is the value itself
  const inner: Value[] = [];
  call("stackPush", s, inner);
  assert.equal((call("stackPeek", s) as OptionValue).value, inner);
  assert.deepEqual(call("queuePeek", call("queueNew")), NONE);
  assert.ok(some(1) instanceof OptionValue);
});

test("ill-typed calls raise AT0102 / AT0140", () => {
  const m = call("hashMapNew");
  const cases: [string, Value[], string, string][] = [
    ["hashMapGet", [[], "a"], "AT0102", "hashMapGet(): expected HashMap, got array"],
    ["hashMapPut", [m, "a"], "AT0102", "hashMapPut(): expected a value, got nothing"],
    ["hashMapPut", [m, [1], 1], "AT0140", "Cannot hash type array - only number, string, bool, null are hashable"],
    ["hashMapForEach", [m, 1], "AT0102", "hashMapForEach(): expected function, got number"],
    ["hashSetAdd", [m, 1], "AT0102", "hashSetAdd(): expected HashSet, got hashmap"],
    ["hashSetUnion", [call("hashSetNew"), null], "AT0102", "hashSetUnion(): expected HashSet, got null"],
    ["hashSetFromArray", ["ab"], "AT0102", "hashSetFromArray(): expected array, got string"],
    ["hashSetHas", [call("hashSetNew"), some(1)], "AT0140", "Cannot hash type option - only number, string, bool, null are hashable"],
    ["queueEnqueue", [call("stackNew"), 1], "AT0102", "queueEnqueue(): expected Queue, got stack"],
    ["stackPop", [call("queueNew")], "AT0102", "stackPop(): expected Stack, got queue"],
    ["stackPush", [call("stackNew")], "AT0102", "stackPush(): expected a value, got nothing"],
  ];
  for (const [name, args, code, message] of cases) throwsAt(() => call(name, ...args), code, message);
});

test("entry limit: AT0007 before growing past 2^24", () => {
  const s = setOf(5) as HashSetValue;
  const m = mapOf([5, "a"]) as HashMapValue;
  // Pretend both are full (filling 2^24 entries would take seconds).
  Object.defineProperty(s.elements, "size", { get: () => COLLECTION_LIMIT });
  Object.defineProperty(m.entries, "size", { get: () => COLLECTION_LIMIT });
  const msg = (f: string): string => `${f}(): result too large (limit 16777216)`;
  throwsAt(() => call("hashSetAdd", s, -1), "AT0007", msg("hashSetAdd"));
  throwsAt(() => call("hashMapPut", m, -1, 1), "AT0007", msg("hashMapPut"));
  assert.equal(call("hashSetAdd", s, 5), null); // present: no growth
  call("hashMapPut", m, 5, "x"); // replacement: no growth
  assert.equal(show(call("hashMapGet", m, 5)), "Some(x)");
  throwsAt(() => call("hashSetUnion", s, setOf(-1)), "AT0007", msg("hashSetUnion"));
  assert.equal(elems(s), "[5]");
  assert.equal(keys(m), "[5]");
});
