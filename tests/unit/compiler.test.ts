// The compiled engine against the reference interpreter (language.md §6, §13.3): table tests
// run each program on both engines and require identical stdout, stderr and exit status (and
// the expected stdout); plus call depth (AT0008 at exactly the 10,001st activation), long
// chains, REPL sessions, and the codegen golden files in tests/codegen/.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { check, newContext, runBoth } from "./compile-helpers.js";
import { compileProgram } from "../../src/engines/compiler/compile.js";
import { compiledEngine } from "../../src/engines/compiler/engine.js";
import { FrontendSession } from "../../src/check/frontend.js";
import { builtinTableWith } from "../../src/api/frontend-host.js";
import { display } from "../../src/runtime/display.js";

const CASES: [string, string, string][] = [
  ["arithmetic", "print(1 + 2 * 3); print(7 % 3); print(-5 % 3); print(0 * -1); print(10 / 4);", "7\n1\n-2\n-0\n2.5\n"],
  ["strings", 'let s = "a"; print(s + "b" + str(1.5)); print(len("🌟x")); print("héllo"[1]);', "ab1.5\n2\né\n"],
  ["closures by reference", "var x = 1; let f = fn() -> number { return x; }; x = 2; print(f());", "2\n"],
  [
    "per-iteration loop bindings",
    "let fs: (() -> number)[] = []; for (var i = 0; i < 3; i++) { push(fs, fn() -> number { return i; }); } print(map(fs, fn(f) { return f(); }));",
    "[0, 1, 2]\n",
  ],
  ["for-in snapshot", "let a = [1, 2]; for x in a { push(a, x); } print(a);", "[1, 2, 1, 2]\n"],
  ["hoisting", "print(f(2)); fn f(n: number) -> number { return n * 10; }", "20\n"],
  ["index assignment order", "var xs = [1, 2, 3]; var i = 0; fn bump() -> number { i = 2; return 9; } xs[i] = bump(); print(xs);", "[1, 2, 9]\n"],
  ["compound index once", "var n = 0; fn idx() -> number { n++; return 1; } let xs = [1, 2]; xs[idx()] += 5; print(xs); print(n);", "[1, 7]\n1\n"],
  ["match guards and bindings", 'fn d(o: Option<number>) -> string { return match o { Some(n) if n > 1 => "big", Some(_) => "small", None => "none" }; } print(d(Some(5))); print(d(Some(0))); print(d(None));', "big\nsmall\nnone\n"],
  ["match arrays and or-patterns", 'let v = [1, 2]; match v { [1 | 3, x] => { print(x); }, _ => { print("no"); } }', "2\n"],
  ["try operator", 'fn p(r: Result<number, string>) -> Result<number, string> { let v = r?; return Ok(v + 1); } print(p(Ok(1))); print(p(Err("e")));', "Ok(2)\nErr(e)\n"],
  ["json", 'let j = parseJSON("{\\"a\\": [1, \\"x\\"]}"); print(j["a"][1]); print(j["a"][0].as_number() + 1); print(j["zz"]);', '"x"\n2\nnull\n'],
  ["display of functions", "fn named() {} print(named); print(fn() {}); print(print); print(typeof(named)); print(typeof(print));", "<fn named>\n<fn anonymous>\n<builtin print>\nfunction\nbuiltin\n"],
  ["short circuit", "fn t() -> bool { print(\"t\"); return true; } print(false && t()); print(true || t()); print(true && t());", "false\ntrue\nt\ntrue\n"],
  ["divide by zero", "let z = 0; print(1); print(5 / z);", "1\n"],
  ["uninitialised read", "fn g() -> number { return later; } print(g());\nlet later = 1;", ""],
  ["numeric overflow", "let big = 1e308; print(big * 10);", ""],
  ["async ordering", 'async fn a(x: number) -> Future<number> { print("a" + str(x)); return x; } async fn b() -> Future<number> { let v = await a(1); print("b" + str(v)); return v + 1; } let f = b(); print("sync"); print(await f);', "a1\nsync\nb1\n2\n"],
  ["unhandled rejection", "async fn bad(x: number) -> Future<number> { return 1 / x; } let f = bad(0); print(\"end\");", "end\n"],
  ["None() synonym", "print(None()); print(None() == None);", "None\ntrue\n"],
  [
    "match bindings in a while condition are fresh per evaluation",
    "var i = 0; let fs: (() -> number)[] = []; while (match i { n if n < 3 => push(fs, fn() -> number { return n; }) == null, _ => false }) { i++; } print(map(fs, fn(f) { return f(); }));",
    "[0, 1, 2]\n",
  ],
  [
    "match bindings in a for condition and step are fresh per evaluation",
    "let fs: (() -> number)[] = []; fn keep(f: () -> number, v: number) -> number { push(fs, f); return v; } for (var j = 0; match j { k if k < 3 => push(fs, fn() -> number { return k; }) == null, _ => false }; j = match j { m => keep(fn() -> number { return m * 10; }, m + 1) }) { if (j == 1) { continue; } } print(map(fs, fn(f) { return f(); }));",
    "[0, 0, 1, 10, 2, 20]\n",
  ],
  [
    "awaits in a for condition and step with match bindings",
    "async fn nx(x: number) -> Future<number> { return x + 1; } let fs: (() -> number)[] = []; for (var j = 0; match await nx(j) { k if k < 3 => push(fs, fn() -> number { return k; }) == null, _ => false }; j = match await nx(j) { m => m }) {} print(map(fs, fn(f) { return f(); }));",
    "[1, 2]\n",
  ],
  [
    "string indexing and len, with and without surrogate pairs",
    'let a = "a🌟b"; let b = "plain"; var out = ""; for (var i = 0; i < 3; i++) { out = out + a[i] + b[i]; } print(out); print(len(a)); print(len(b)); let long = "x" + "🌟"; var w = ""; for (var k = 0; k < 40; k++) { w = w + "ab"; } print(len(w + long)); print((w + long)[80]); print((w + long)[81]);',
    "ap🌟lba\n3\n5\n82\nx\n🌟\n",
  ],
  ["string index errors", 'let s = "abc"; print(s[1]); print(s[3]);', "b\n"],
  ["string index not whole", 'let s = "abc"; let i = 0.5; print(s[i]);', ""],
  ["break from a match arm block in a while condition", "var o = 0; while (o < 3) { o++; var n = 0; while (match n { 2 => { break; }, q => q < 5 }) { n++; } print(n); } print(o);", "1\n"],
];

for (const [name, src, stdout] of CASES) {
  test(`compiled = interpreter: ${name}`, async () => {
    const [i, c] = await runBoth(src);
    assert.deepEqual(c, i);
    assert.equal(c.stdout, stdout);
  });
}

test("imports are live views of the exporter's bindings", async () => {
  const lib = "export var count = 0; export fn inc() { count++; }";
  const [i, c] = await runBoth('import { count, inc } from "./lib"; inc(); inc(); print(count);', { "lib.atl": lib });
  assert.deepEqual(c, i);
  assert.equal(c.stdout, "2\n");
});

test("a 10,000-term chain compiles, prints and runs", async () => {
  const src = `let a = 1;\nprint(${Array(10000).fill("a").join(" + ")});`;
  const [i, c] = await runBoth(src);
  assert.deepEqual(c, i);
  assert.equal(c.stdout, "10000\n");
});

/** Feeds `inputs` to one compiled REPL session; returns the displayed values of expression inputs. */
async function replValues(inputs: readonly string[]): Promise<string[]> {
  const front = new FrontendSession(builtinTableWith([]));
  const out = { stdout: "", stderr: "" };
  const session = compiledEngine.session(newContext(out));
  const shown: string[] = [];
  for (const text of inputs) {
    const r = front.addInput(text, "<repl>");
    assert.ok(r.program !== null, text);
    const res = await session.runInput(r.program);
    assert.ok(res.ok, text);
    if (res.ok && res.isExpression) shown.push(display(res.value));
  }
  return shown;
}

test("REPL session: later inputs see and replace earlier declarations", async () => {
  const inputs = ["var x = 1;", "fn f() -> number { return x; }", "x = 5", "f()", "let x = \"new\";", "x + \"!\"", "f()"];
  const shown = await replValues(inputs);
  assert.deepEqual(shown.slice(-3), ["5", "new!", "5"]);
});

test("REPL session: async bodies declared by earlier inputs keep working (generator functions per input program)", async () => {
  const inputs = [
    "async fn g(n: number) -> Future<number> { await sleep(1); return n * 2; }",
    "let h = async fn(m: number) -> Future<number> { return await g(m) + 1; };",
    "await h(5)",
    "async fn g(n: number) -> Future<number> { await sleep(1); return n * 3; }",
    "await h(5)",
    "fn mk(a: number) -> () -> Future<number> { return async fn() -> Future<number> { await sleep(1); return a; }; }",
    "let m7 = mk(7);",
    "await m7() + await mk(8)()",
  ];
  const shown = await replValues(inputs);
  // h keeps calling the g it was declared with (a redeclaration is a new binding, as above)
  assert.deepEqual(shown, ["11", "11", "15"]);
});

/** Runs the call-depth programs in a Worker with a big stack, like the CLI does. */
function depthWorker(): Promise<string[]> {
  const here = fileURLToPath(import.meta.url);
  const code = `
    import { workerData, parentPort } from "node:worker_threads";
    const { check, runBoth } = await import(${JSON.stringify(path.join(path.dirname(here), "compile-helpers.js"))});
    const out = [];
    for (const src of workerData) {
      const [i, c] = await runBoth(src);
      out.push(JSON.stringify(i) === JSON.stringify(c) ? c.stdout + c.stderr : "MISMATCH " + JSON.stringify([i, c]));
    }
    parentPort.postMessage(out);
  `;
  const down = "fn down(n: number) -> number { if (n == 0) { return 0; } return 1 + down(n - 1); }\n";
  const viaMap = "fn v(n: number) -> number { if (n == 0) { return 0; } let r = map([n - 1], v); return r[0]; }\n";
  const programs = [down + "print(down(9999));", down + "print(down(10000));", viaMap + "print(v(9999));", viaMap + "print(v(10000));"];
  return new Promise((resolve, reject) => {
    const w = new Worker(code, { eval: true, workerData: programs, resourceLimits: { stackSizeMb: 256 } });
    w.on("message", (m: string[]) => {
      resolve(m);
      void w.terminate();
    });
    w.on("error", reject);
  });
}

test("AT0008 at exactly the 10,001st activation, also inside builtin callbacks (§6.7, §13.3.1)", async () => {
  const [ok1, over1, ok2, over2] = await depthWorker();
  assert.equal(ok1, "9999\n");
  assert.match(over1, /^error\[AT0008\]: Stack overflow\n {2}--> main\.atl:1:69\n/);
  assert.equal(ok2, "0\n");
  assert.match(over2, /^error\[AT0008\]: Stack overflow\n {2}--> main\.atl:1:63\n/);
});

test("only the temporaries an activation uses are declared", () => {
  for (const [name, src] of CASES) {
    const js = compileProgram(check(src)).js;
    for (const m of js.matchAll(/^\s*let ([^;]*);$/gm)) {
      for (const decl of m[1].split(", ")) {
        const t = decl.split(" = ")[0];
        if (!/^\$[a-z]+\d+$/.test(t)) continue;
        const uses = js.split(new RegExp(`\\${t}\\b`)).length - 1;
        assert.ok(uses >= 2, `${name}: ${t} is declared but never used`);
      }
    }
  }
});

// ---- golden JS (tests/codegen/<name>.atl + .js; UPDATE_CODEGEN=1 re-blesses) ----------------

const CODEGEN_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../tests/codegen");

for (const f of existsSync(CODEGEN_DIR) ? readdirSync(CODEGEN_DIR).filter((n) => n.endsWith(".atl")) : []) {
  test(`codegen golden: ${f}`, () => {
    const js = compileProgram(check(readFileSync(path.join(CODEGEN_DIR, f), "utf8"))).js;
    const golden = path.join(CODEGEN_DIR, f.replace(/\.atl$/, ".js"));
    if (process.env.UPDATE_CODEGEN === "1" || !existsSync(golden)) writeFileSync(golden, js);
    assert.equal(js, readFileSync(golden, "utf8"));
  });
}
