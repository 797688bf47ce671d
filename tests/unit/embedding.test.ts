// The embedding API (language.md §10.3): Runtime eval/runFile/registerNative and the value
// mapping between Atlas and JavaScript.
import { test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import * as path from "node:path";
import { Runtime, toLibrarySignature, AtlasHandle, type EvalResult } from "../../src/api/runtime.js";
import { fromHost, toHost } from "../../src/api/value-mapping.js";
import { parseSignature } from "../../src/syntax/parse-signature.js";
import { ErrorValue, JsonObject, JsonValue, NONE, err, ok, some, type JsonData, type Value } from "../../src/runtime/values.js";
import { scratchDir } from "../scratch-dir.js";

function sink(): { text: () => string; write: (t: string) => void } {
  let buf = "";
  return { text: () => buf, write: (t) => void (buf += t) };
}

function value(r: EvalResult): unknown {
  if (!r.ok) assert.fail(`eval failed: ${r.diagnostics.map((d) => `${d.code} ${d.message}`).join("; ")}`);
  return r.value;
}

function codes(r: EvalResult): string[] {
  assert.equal(r.ok, false);
  return r.ok ? [] : r.diagnostics.map((d) => `${d.code} ${d.message}`);
}

test("values out of Atlas", () => {
  const json = new JsonValue(new JsonObject(new Map<string, JsonData>([["a", [1, "x", null]], ["__proto__", true]])));
  const cases: [Value, unknown][] = [
    [1.5, 1.5],
    ["s", "s"],
    [true, true],
    [null, null],
    [[1, [2, "x"]], [1, [2, "x"]]],
    [some(3), { tag: "Some", value: 3 }],
    [NONE, { tag: "None" }],
    [ok([1]), { tag: "Ok", value: [1] }],
    [err("bad"), { tag: "Err", error: "bad" }],
    [new ErrorValue("AT0400", "disk full", null), { code: "AT0400", message: "disk full" }],
  ];
  for (const [v, want] of cases) assert.deepEqual(toHost(v), want);
  const plain = toHost(json) as Record<string, unknown>;
  assert.deepEqual(Object.keys(plain), ["a", "__proto__"]);
  assert.deepEqual(plain.a, [1, "x", null]);
  const cyclic: Value[] = [1];
  cyclic.push(cyclic);
  const mapped = toHost(cyclic) as unknown[];
  assert.equal(mapped[1], mapped);
});

test("values into Atlas are checked against the declared type", () => {
  const typeOf = (text: string) => parseSignature(`(x: ${text}) -> null`)[0].params[0].type;
  const fits: [unknown, string][] = [
    [1, "number"],
    ["s", "string"],
    [false, "bool"],
    [null, "null"],
    [[1, 2], "number[]"],
    [[1, "a"], "(number | string)[]"],
    [{ tag: "Some", value: "x" }, "Option<string>"],
    [{ tag: "None" }, "Option<number>"],
    [{ tag: "Err", error: "e" }, "Result<number, string>"],
    [{ a: [1, { b: null }] }, "json"],
    [{ code: "E1", message: "m" }, "Error"],
    ["anything", "unknown"],
  ];
  for (const [x, t] of fits) assert.equal(fromHost(x, typeOf(t)).ok, true, `${JSON.stringify(x)} : ${t}`);
  const misfits: [unknown, string, string][] = [
    ["1", "number", "expected number, got string"],
    [[1, "a"], "number[]", "expected number[], got array"],
    [undefined, "string", "expected string, got undefined"],
    [{ tag: "Maybe" }, "Option<number>", "expected Option<number>, got object"],
    [{ a: NaN }, "json", "expected json, got object"],
    ["\ud800", "string", "expected string, got string"],
  ];
  for (const [x, t, problem] of misfits) {
    const r = fromHost(x, typeOf(t));
    assert.deepEqual(r, { ok: false, problem }, `${String(x)} : ${t}`);
  }
});

test("native signatures in function-type syntax", () => {
  const cases: [string, string][] = [
    ["(number, string) -> bool", "(p1: number, p2: string) -> bool"],
    ["() -> null", "() -> null"],
    ["(string) -> Future<json>", "(p1: string) -> Future<json>"],
    ["((number) -> number, Result<number, string>) -> number[]", "(p1: (number) -> number, p2: Result<number, string>) -> number[]"],
    ["(x: number) -> number", "(x: number) -> number"],
    ["<T>(T[]) -> T", "<T>(p1: T[]) -> T"],
  ];
  for (const [sig, want] of cases) assert.equal(toLibrarySignature(sig), want, sig);
});

test("eval keeps declarations across calls and maps values", async () => {
  const out = sink();
  const rt = new Runtime({ stdout: out.write });
  assert.equal(value(await rt.eval("let x = 20;")), null);
  assert.equal(value(await rt.eval("x + 22")), 42);
  assert.equal(value(await rt.eval("fn twice(n: number) -> number { return n * 2; }")), null);
  assert.deepEqual(value(await rt.eval("[twice(x), 1]")), [40, 1]);
  assert.deepEqual(value(await rt.eval('Some("a")')), { tag: "Some", value: "a" });
  assert.equal(value(await rt.eval('print("hello"); 1')), 1);
  assert.equal(out.text(), "hello\n");
  const f = value(await rt.eval("twice"));
  assert.ok(f instanceof AtlasHandle);
  assert.equal(f.type, "function");
  assert.equal(String(f), "<fn twice>");
  assert.equal(value(await rt.eval("twice")), f, "the same Atlas value maps to the same handle");
});

test("eval reports compile-time and runtime diagnostics as §8.1 records", async () => {
  const rt = new Runtime({ stdout: () => {}, stderr: () => {} });
  const r = await rt.eval('let n: number = "three";');
  assert.equal(r.ok, false);
  if (!r.ok) {
    const d = r.diagnostics[0];
    assert.deepEqual(Object.keys(d).slice(0, 10), ["diag_version", "level", "code", "message", "file", "line", "column", "length", "snippet", "label"]);
    assert.equal(d.file, "<input>");
    assert.equal(d.code, "AT3001");
  }
  assert.deepEqual(codes(await rt.eval("1 / 0")), ["AT0005 Divide by zero"]);
  // A failed input changes nothing; a runtime error keeps what already ran.
  assert.deepEqual(codes(await rt.eval("n")), ["AT2002 Unknown symbol 'n'"]);
  assert.deepEqual(codes(await rt.eval("var k = 1; k = 1 / 0;")), ["AT0005 Divide by zero"]);
  assert.equal(value(await rt.eval("k")), 1);
});

test("natives are typed builtins", async () => {
  const rt = new Runtime({ stdout: () => {} });
  const seen: unknown[] = [];
  rt.registerNative("hostAdd", "(number, number) -> number", (a, b) => (a as number) + (b as number));
  rt.registerNative("hostLog", "(string[]) -> null", (xs) => void seen.push(xs));
  rt.registerNative("hostFail", "(string) -> bool", (s) => {
    throw new Error(`cannot handle ${String(s)}`);
  });
  rt.registerNative("hostLie", "() -> number", () => "not a number");
  rt.registerNative("hostFetch", "(string) -> Future<json>", async (url) => ({ url, ok: true }));
  rt.registerNative("hostReject", "() -> Future<number>", () => Promise.reject(new Error("offline")));
  assert.equal(value(await rt.eval("hostAdd(40, 2)")), 42);
  assert.equal(value(await rt.eval('hostLog(["a", "b"])')), null);
  assert.deepEqual(seen, [["a", "b"]]);
  assert.deepEqual(value(await rt.eval("[typeof(hostAdd), str(hostAdd)]")), ["builtin", "<builtin hostAdd>"]);
  assert.deepEqual(codes(await rt.eval('hostAdd("x", 1)')).map((c) => c.slice(0, 6)), ["AT3001"]);
  assert.deepEqual(codes(await rt.eval('hostFail("q")')), ["AT0102 hostFail(): cannot handle q"]);
  assert.deepEqual(codes(await rt.eval("hostLie()")), [
    "AT0102 hostLie(): returned a value that does not fit: expected number, got string",
  ]);
  assert.deepEqual(value(await rt.eval('await hostFetch("u")')), { url: "u", ok: true });
  assert.deepEqual(codes(await rt.eval("await hostReject()")), ["AT0102 hostReject(): offline"]);
});

test("registration errors are host errors", () => {
  const rt = new Runtime();
  assert.throws(() => rt.registerNative("print", "(string) -> null", () => null), /already exists/);
  assert.throws(() => rt.registerNative("bad name", "() -> null", () => null), /not a valid Atlas identifier/);
  assert.throws(() => rt.registerNative("f", "(Frob) -> null", () => null), /invalid signature/);
  assert.throws(() => rt.registerNative("g", "number", () => null), /invalid signature/);
  assert.throws(() => new Runtime({ engine: "fast" as "interp" }), /unknown engine/);
});

test("natives must be registered before the first eval", async () => {
  const rt = new Runtime({ stdout: () => {} });
  await rt.eval("1");
  assert.throws(() => rt.registerNative("late", "() -> null", () => null), /before the first eval/);
});

test("runFile runs a program like atlas run", async () => {
  const dir = scratchDir("atlas-embed-");
  const file = path.join(dir, "prog.atl");
  writeFileSync(file, 'print("from file");\nprint(1 / 0);\n');
  const out = sink();
  const errs = sink();
  const rt = new Runtime({ stdout: out.write, stderr: errs.write });
  const r = await rt.runFile(file);
  assert.equal(r.exitCode, 1);
  assert.equal(out.text(), "from file\n");
  assert.deepEqual(
    r.diagnostics.map((d) => [d.code, d.line, d.column]),
    [["AT0005", 2, 7]],
  );
  assert.match(errs.text(), /^error\[AT0005\]: Divide by zero\n/);
  const missing = await rt.runFile(path.join(dir, "nope.atl"));
  assert.equal(missing.exitCode, 1);
  assert.equal(missing.diagnostics[0].code, "AT5002");
});

test("maxCallDepth limits recursion with AT0008", async () => {
  const rt = new Runtime({ maxCallDepth: 50 });
  await rt.eval("fn down(n: number) -> number { if (n == 0) { return 0; } return down(n - 1); }");
  assert.equal(value(await rt.eval("down(49)")), 0);
  assert.deepEqual(codes(await rt.eval("down(50)")), ["AT0008 Stack overflow"]);
});

test("permissions: denied unless granted, validated like the CLI flags", async () => {
  const dir = scratchDir("atlas-perm-");
  const data = path.join(dir, "data.txt");
  writeFileSync(data, "secret");
  const denied = new Runtime({ stdout: () => {} });
  const r = await denied.eval(`readFile(${JSON.stringify(data)})`);
  assert.equal(r.ok, false);
  if (!r.ok) assert.equal(r.diagnostics[0].code, "AT0300");
  const granted = new Runtime({ permissions: { read: [dir] } });
  assert.equal(value(await granted.eval(`readFile(${JSON.stringify(data)})`)), "secret");
  assert.throws(() => new Runtime({ permissions: { read: [""] } }), /invalid entry for permission 'read'/);
  assert.throws(() => new Runtime({ permissions: { disk: true } as never }), /unknown permission kind 'disk'/);
});
