// Interpreter tests: small programs through the real front end (compileSource) and the
// interpreter with captured output. Table rows: source → stdout and runtime errors as
// "CODE line:col message". Covers language.md §6, §11.1–§11.9, §13.3; async ordering of
// async.md §A1.3; REPL sessions; deep recursion (in a big-stack Worker).
import { test } from "node:test";
import assert from "node:assert/strict";
import { runSource, newSession } from "./support/interp-harness.js";
import { runInWorker } from "../../src/engines/run-in-worker.js";

interface Case {
  name: string;
  src: string;
  out: string;
  errors?: string[];
}

function lines(...ls: string[]): string {
  return ls.map((l) => l + "\n").join("");
}

async function check(c: Case): Promise<void> {
  const r = await runSource(c.src);
  assert.equal(r.stdout, c.out, `stdout of ${c.name}`);
  assert.deepEqual(r.errors, c.errors ?? [], `runtime errors of ${c.name}`);
  assert.equal(r.exit, (c.errors ?? []).length > 0 ? 1 : 0);
}

// ───────────────────────── language.md §11 examples (exact outputs) ─────────────────────────

const EXAMPLES: Case[] = [
  {
    name: "§11.1 functions and hoisting",
    src: `print(fib(10));
fn fib(n: number) -> number {
    if (n < 2) { return n; }
    return fib(n - 1) + fib(n - 2);
}
fn half(n: number) -> number { return n / 2; }
let apply = fn(f: (number) -> number, v: number) -> number { return f(v); };
print(apply(half, 5) + len([3, 4, 8]));
`,
    out: lines("55", "5.5"),
  },
  {
    name: "§11.2 closures capture by reference",
    src: `fn makeCounter() -> () -> number {
    var count = 0;
    return fn() -> number {
        count++;
        return count;
    };
}
let next = makeCounter();
next();
next();
print(next());
var greeting = "hello";
let greet = fn(name: string) -> string { return greeting + ", " + name; };
greeting = "goodbye";
print(greet("Ada"));
var makers: (() -> number)[] = [];
for (var i = 0; i < 3; i++) {
    push(makers, fn() -> number { return i * 10; });
}
print(map(makers, fn(f) { return f(); }));
`,
    out: lines("3", "goodbye, Ada", "[0, 10, 20]"),
  },
  {
    name: "§11.3 Option, match and for-in",
    src: `fn position(names: string[], target: string) -> Option<number> {
    for (var i = 0; i < len(names); i++) {
        if (names[i] == target) { return Some(i); }
    }
    return None;
}
let names = ["ada", "grace", "linus"];
for who in ["grace", "bob"] {
    let msg = match position(names, who) {
        Some(i) => who + " is at " + str(i),
        None => who + " is missing",
    };
    print(msg);
}
print(position(names, "linus"));
`,
    out: lines("grace is at 1", "bob is missing", "Some(2)"),
  },
  {
    name: "§11.4 Result and ?",
    src: `fn safeDiv(a: number, b: number) -> Result<number, string> {
    if (b == 0) { return Err("division by zero"); }
    return Ok(a / b);
}
fn compute(a: number, b: number, c: number) -> Result<number, string> {
    let x = safeDiv(a, b)?;
    let y = safeDiv(x, c)?;
    return Ok(x + y);
}
fn show(r: Result<number, string>) -> string {
    return match r {
        Ok(v) => "ok: " + str(v),
        Err(e) => "error: " + e,
    };
}
print(show(compute(12, 3, 2)));
print(show(compute(1, 0, 2)));
print(compute(8, 2, 0));
`,
    out: lines("ok: 6", "error: division by zero", "Err(division by zero)"),
  },
  {
    name: "§11.5 arrays are shared references",
    src: `let scores = [90, 72, 85];
let alias = scores;
alias[1] = 75;
push(alias, 60);
var total = 0;
for s in scores { total += s; }
print(scores);
print(total);
print(alias == scores);
print([1, 2] == [1, 2]);
print(map(scores, fn(x) { return x / 10; }));
`,
    out: lines("[90, 75, 85, 60]", "310", "true", "false", "[9, 7.5, 8.5, 6]"),
  },
  {
    name: "§11.6 json",
    src: `let doc = parseJSON("{\\"name\\": \\"Atlas\\", \\"tags\\": [\\"lang\\", \\"async\\"], \\"version\\": 0.2}");
print(doc["name"].as_string());
print(doc["tags"][1]);
print(doc["tags"][5]);
print(doc["version"].as_number() * 10);
print(doc["missing"].is_null());
print(doc);
`,
    out: lines("Atlas", '"async"', "null", "2", "true", '{"name": "Atlas", "tags": ["lang", "async"], "version": 0.2}'),
  },
  {
    name: "§11.7 else if, scoped blocks, guards and OR patterns",
    src: `fn classify(n: number) -> string {
    if (n < 0) { return "negative"; }
    else if (n == 0) { return "zero"; }
    else { return "positive"; }
}
let x = 1;
{
    let x = 2;
    print(x);
}
print(x);
print(classify(-3) + " " + classify(0) + " " + classify(7));
let grade = fn(score: number) -> string {
    return match score {
        100 => "perfect",
        n if n >= 90 => "A",
        80 | 85 => "B",
        _ => "other",
    };
};
print(grade(100) + ", " + grade(93) + ", " + grade(85) + ", " + grade(10));
`,
    out: lines("2", "1", "negative zero positive", "perfect, A, B, other"),
  },
  {
    name: "§11.8 a runtime error",
    src: `fn average(xs: number[]) -> number {
    let unused = 0;
    var total = 0;
    for x in xs {
        total += x;
    }
    return total / len(xs);
}
print(average([4, 8]));
print(average([]));
print("not reached");
`,
    out: lines("6"),
    errors: ["AT0005 7:12 Divide by zero"],
  },
  {
    name: "§11.9 async functions, await and timers (test builtins)",
    src: `async fn work(name: string, ms: number) -> Future<string> {
    print("start " + name);
    await testSleep(ms);
    print("done " + name);
    return name + "!";
}
let pending = [work("slow", 30), work("fast", 10)];
print("both started");
let labels = await testAll(pending);
print(labels);
`,
    out: lines("start slow", "start fast", "both started", "done fast", "done slow", "[slow!, fast!]"),
  },
];

for (const c of EXAMPLES) test(c.name, () => check(c));

test("§11.8 renders the runtime error exactly", async () => {
  const r = await runSource(EXAMPLES[7].src);
  assert.equal(
    r.stderr,
    "error[AT0005]: Divide by zero\n" +
      "  --> t.atl:7:12\n" +
      "   |\n" +
      " 7 |     return total / len(xs);\n" +
      "   |            ^^^^^^^^^^^^^^^\n" +
      "   = help: division by zero is undefined\n\n",
  );
});

// ───────────────────────── runtime semantics and error spans ─────────────────────────

const SEMANTICS: Case[] = [
  { name: "0/0 is AT0005", src: "print(1);\nlet z = 0;\nprint(z / z);\n", out: "1\n", errors: ["AT0005 3:7 Divide by zero"] },
  { name: "overflow AT0007", src: "let x = 1e308;\nprint(x * 10);\n", out: "", errors: ["AT0007 2:7 Invalid numeric result (NaN or Infinity)"] },
  { name: "-0 display and equality", src: "print(0 * -1);\nprint(-0 == 0);\nprint(-5 % 3);\n", out: lines("-0", "true", "-2") },
  { name: "index error spans a[i]", src: "let a = [1, 2];\nprint(a[2]);\n", out: "", errors: ["AT0006 2:7 Array index out of bounds"] },
  { name: "index assignment error spans the target", src: "let a = [1, 2];\na[1.5] = 3;\n", out: "", errors: ["AT0103 2:1 Invalid index: array indices must be whole numbers"] },
  { name: "compound error spans the statement", src: "var x = 1;\nx /= 0;\n", out: "", errors: ["AT0005 2:1 Divide by zero"] },
  { name: "compound on element evaluates target once", src: "var calls = 0;\nfn idx() -> number { calls++; return 1; }\nlet a = [1, 2];\na[idx()] += 10;\na[idx()]++;\nprint(a);\nprint(calls);\n", out: lines("[1, 13]", "2") },
  {
    name: "a[i] = v evaluates v first, then a, then i",
    src: `fn t(s: string, v: number) -> number { print(s); return v; }
fn arr() -> number[] { print("a"); return [0, 0]; }
arr()[t("i", 1)] = t("v", 5);
`,
    out: lines("v", "a", "i"),
  },
  {
    name: "a[i] op= v order: a, i, read, v",
    src: `fn t(s: string, v: number) -> number { print(s); return v; }
let xs = [1, 2];
fn arr() -> number[] { print("a"); return xs; }
arr()[t("i", 1)] *= t("v", 5);
print(xs);
`,
    out: lines("a", "i", "v", "[1, 10]"),
  },
  { name: "string indexing by code point", src: 'let s = "🌟a🌟";\nprint(s[2]);\nprint(len(s));\nprint(s[3]);\n', out: lines("🌟", "3"), errors: ["AT0006 4:7 Array index out of bounds"] },
  { name: "-0 index is 0; inf index AT0103", src: "let a = [7];\nprint(a[-0]);\nprint(a[1 / 0.0000000000000000000000000000000000001 * 1e300 * 1e300]);\n", out: "7\n", errors: ["AT0007 3:9 Invalid numeric result (NaN or Infinity)"] },
  {
    name: "AT0002 reading before declaration (function body)",
    src: "fn f() -> number { return later; }\nprint(1);\nprint(f());\nlet later = 2;\n",
    out: "1\n",
    errors: ["AT0002 1:27 Cannot access 'later' before its declaration"],
  },
  {
    name: "x = e evaluates e before AT0002",
    src: "fn set() { x = g(); }\nfn g() -> number { print(\"g ran\"); return 1; }\nset();\nvar x = 0;\n",
    out: "g ran\n",
    errors: ["AT0002 1:12 Cannot access 'x' before its declaration"],
  },
  {
    name: "x op= e reads x before evaluating e",
    src: "fn set() { x += g(); }\nfn g() -> number { print(\"g ran\"); return 1; }\nset();\nvar x = 0;\n",
    out: "",
    errors: ["AT0002 1:12 Cannot access 'x' before its declaration"],
  },
  {
    name: "unmatched match spans the match",
    src: "let o = Some(2);\nlet v = match o { Some(1) => 1, None => 0 };\n",
    out: "",
    errors: ["AT0001 2:9 Type error: Non-exhaustive pattern match - no arm matched"],
  },
  {
    name: "binary errors span the binary expression",
    src: "let xs: number[] = [];\nlet n = sqrt(-1);\nprint(1 + (n + 2));\n",
    out: "",
    errors: ["AT0007 3:12 Invalid numeric result (NaN or Infinity)"],
  },
  {
    name: "per-iteration for bindings and step copy",
    src: `var fs: (() -> number)[] = [];
for (var i = 0; i < 3; i++) { push(fs, fn() -> number { return i; }); i += 0; }
print(map(fs, fn(f) { return f(); }));
var gs: (() -> number)[] = [];
for (var j = 0; j < 3; j++) { if (j == 1) { continue; } push(gs, fn() -> number { return j; }); }
print(map(gs, fn(f) { return f(); }));
`,
    out: lines("[0, 1, 2]", "[0, 2]"),
  },
  {
    name: "for-in snapshots the array and binds fresh",
    src: `let xs = [1, 2, 3];
var fs: (() -> number)[] = [];
for x in xs { push(xs, x * 10); push(fs, fn() -> number { return x; }); }
print(xs);
print(map(fs, fn(f) { return f(); }));
`,
    out: lines("[1, 2, 3, 10, 20, 30]", "[1, 2, 3]"),
  },
  {
    name: "while, break, continue",
    src: `var i = 0;
var s = 0;
while (true) {
    i++;
    if (i > 10) { break; }
    if (i % 2 == 0) { continue; }
    s += i;
}
print(s);
`,
    out: "25\n",
  },
  {
    name: "break inside a match arm block used as an expression",
    src: `let items = [Some(1), Some(2), None, Some(4)];
var total = 0;
for it in items {
    let v = match it { Some(x) => x, None => { break; } };
    total += v;
}
print(total);
var n = 0;
while (n < 5) {
    n++;
    let w = match n { 2 => { continue; }, _ => n };
    print(w);
}
`,
    out: lines("3", "1", "3", "4", "5"),
  },
  {
    name: "return from a match arm block (statement and expression)",
    src: `fn f(o: Option<number>) -> number {
    match o { Some(x) => { return x * 2; }, None => { } }
    return -1;
}
fn g(o: Option<number>) -> number {
    let v = match o { Some(x) => x, None => { return 0; } };
    return v + 100;
}
print(f(Some(4)));
print(f(None));
print(g(Some(1)));
print(g(None));
`,
    out: lines("8", "-1", "101", "0"),
  },
  {
    name: "? skips the remaining arguments",
    src: `fn t(s: string) -> number { print(s); return 1; }
fn both(a: number, b: number) -> number { return a + b; }
fn f(r: Result<number, string>) -> Result<number, string> {
    return Ok(both(r?, t("second")));
}
print(f(Err("bad")));
print(f(Ok(1)));
`,
    out: lines("Err(bad)", "second", "Ok(2)"),
  },
  {
    name: "array patterns, nested constructors and bindings",
    src: `fn d(v: Result<Option<number>, string>) -> string {
    return match v {
        Ok(Some(0)) => "zero",
        Ok(Some(n)) if n > 10 => "big " + str(n),
        Ok(Some(n)) => "some " + str(n),
        Ok(None) => "none",
        Err(e) => "err " + e,
    };
}
print(d(Ok(Some(0))) + ", " + d(Ok(Some(11))) + ", " + d(Ok(Some(3))) + ", " + d(Ok(None)) + ", " + d(Err("x")));
fn a(xs: number[]) -> string {
    return match xs { [] => "empty", [x] => "one " + str(x), [1 | 2, y] => "pair " + str(y), _ => "many" };
}
print(a([]) + ", " + a([5]) + ", " + a([2, 9]) + ", " + a([3, 9]));
`,
    out: lines("zero, big 11, some 3, none, err x", "empty, one 5, pair 9, many"),
  },
  {
    name: "hoisting in blocks and function identity",
    src: `{
    print(inner());
    fn inner() -> string { return "hoisted"; }
}
fn mk() -> () -> number { fn k() -> number { return 1; } return k; }
print(mk() == mk());
let m = mk;
print(m == mk);
print(typeof(mk) + " " + typeof(print));
print(mk);
print(fn() { return 1; });
`,
    out: lines("hoisted", "false", "true", "function builtin", "<fn mk>", "<fn anonymous>"),
  },
  {
    name: "None() is a synonym of None",
    src: "let a: Option<string> = None();\nprint(a);\n",
    out: "None\n",
  },
  {
    name: "builtin errors span the call; callback errors keep theirs",
    src: `let xs = [1, 2];
print(map(xs, fn(x) { return x / (x - 2); }));
`,
    out: "",
    errors: ["AT0005 2:30 Divide by zero"],
  },
  {
    name: "json indexing never raises; extraction errors do",
    src: `let j = parseJSON("[1, {\\"a\\": true}]");
print(j[7]["x"][0]);
print(j[1]["a"].as_bool());
print(j[0].as_string());
`,
    out: lines("null", "true"),
    errors: ["AT0001 4:7 Type error: Cannot extract string from JSON value of type 'number'"],
  },
  {
    name: "logical operators short-circuit",
    src: `fn t(s: string, v: bool) -> bool { print(s); return v; }
print(t("a", false) && t("b", true));
print(t("c", true) || t("d", true));
print(t("e", true) && t("f", false));
`,
    out: lines("a", "false", "c", "true", "e", "f", "false"),
  },
];

for (const c of SEMANTICS) test(`semantics: ${c.name}`, () => check(c));

// ───────────────────────── long flat chains (main thread) ─────────────────────────

test("10,000-term a + a + … chain, 10,000 statements and a 10,000 else-if chain", async () => {
  const chain = "let a = 1;\nprint(" + Array.from({ length: 10000 }, () => "a").join(" + ") + ");\n";
  assert.equal((await runSource(chain)).stdout, "10000\n");
  const stmts = "var s = 0;\n" + "s += 1;\n".repeat(10000) + "print(s);\n";
  assert.equal((await runSource(stmts)).stdout, "10000\n");
  let ifs = "let v = 9999;\nif (v == 0) { print(0); }";
  for (let i = 1; i < 10000; i++) ifs += ` else if (v == ${i}) { print(${i}); }`;
  assert.equal((await runSource(ifs + "\n")).stdout, "9999\n");
  const awaits = "let a = 1;\nprint(" + Array.from({ length: 10000 }, () => "await testResolve(a)").join(" + ") + ");\n";
  assert.equal((await runSource(awaits)).stdout, "10000\n");
});

// ───────────────────────── async ordering (async.md §A1.3) ─────────────────────────

const ASYNC: Case[] = [
  {
    name: "bodies run synchronously up to the first await",
    src: `async fn a() -> Future<number> { print("a1"); await testResolve(1); print("a2"); return 1; }
async fn b() -> Future<number> { print("b1"); await testResolve(1); print("b2"); return 2; }
let fa = a();
let fb = b();
print("sync");
print(await fa + await fb);
`,
    out: lines("a1", "b1", "sync", "a2", "b2", "3"),
  },
  {
    name: "an already-settled await still lets queued continuations run first",
    src: `let done = testResolve(0);
async fn first() -> Future<null> { await done; print("first"); }
async fn second() -> Future<null> { await done; print("second"); }
let f1 = first();
let f2 = second();
await done;
print("main");
await f1;
await f2;
`,
    out: lines("first", "second", "main"),
  },
  {
    name: "timers fire in deadline order, ties in creation order",
    src: `async fn t(n: string, ms: number) -> Future<null> { await testSleep(ms); print(n); }
let fs = [t("c", 20), t("a", 10), t("b", 10), t("z", 0)];
await testAll(fs);
print(testNow());
`,
    out: lines("z", "a", "b", "c", "20"),
  },
  {
    name: "errors reject the future (never propagate); await re-raises at the origin",
    src: `async fn bad() -> Future<number> { print("in bad"); let z = 0; return 1 / z; }
let f = bad();
print(f);
print("still running");
let v = await f;
`,
    out: lines("in bad", "Future(rejected)", "still running"),
    errors: ["AT0005 1:71 Divide by zero"],
  },
  {
    name: "rejection without a runtime origin re-raises at the await",
    src: `let f: Future<number> = testReject("boom");
print("x");
let v = await f;
`,
    out: "x\n",
    errors: ["AT0160 3:9 boom"],
  },
  {
    name: "unobserved rejections are reported at exit (AT0175), in failure order",
    src: `async fn bad() -> Future<number> { let z = 0; return 1 / z; }
let g: Future<number> = testReject("boom");
let f = bad();
print("end");
`,
    out: "end\n",
    errors: ["AT0175 2:25 Unhandled rejection: AT0160: boom", "AT0175 1:54 Unhandled rejection: AT0005: Divide by zero"],
  },
  {
    name: "observed rejections are not reported (only the unobserved combinator future is)",
    src: `async fn bad() -> Future<number> { let z = 0; return 1 / z; }
let f = bad();
let all = testAll([f]);
let r = await testResolve(1);
print(r);
`,
    out: "1\n",
    errors: ["AT0175 1:54 Unhandled rejection: AT0005: Divide by zero"],
  },
  {
    name: "deadlock of main is AT0173 at its pending await",
    src: `print("before");
let x: number = await testNever();
`,
    out: "before\n",
    errors: ["AT0173 2:17 Deadlock: all tasks are blocked"],
  },
  {
    name: "? in an async function resolves with Err",
    src: `async fn f(r: Result<number, string>) -> Future<Result<number, string>> {
    await testSleep(1);
    let v = r?;
    return Ok(v + 1);
}
print(await f(Err("e")));
print(await f(Ok(1)));
async fn g() -> Future<null> { }
print(await g());
`,
    out: lines("Err(e)", "Ok(2)", "null"),
  },
  {
    name: "futures are not flattened",
    src: `async fn inner() -> Future<number> { return 1; }
async fn outer() -> Future<Future<number>> { return inner(); }
let f = await outer();
print(f);
print(await f);
print(typeof(f));
`,
    out: lines("Future(resolved)", "1", "future"),
  },
  {
    name: "top-level await inside loops, blocks and match arms",
    src: `var s = 0;
for (var i = 0; i < 3; i++) { s += await testResolve(i); }
for x in [10, 20] { { s += await testResolve(x); } }
while (s < 100) { s = s + await testResolve(50); }
let m = match Some(await testResolve(1)) { Some(v) => { print("arm " + str(await testResolve(v))); }, None => { } };
let arr = [await testResolve(1), 2];
arr[await testResolve(0)] += await testResolve(5);
print(s);
print(arr);
`,
    out: lines("arm 1", "133", "[6, 2]"),
  },
];

for (const c of ASYNC) test(`async: ${c.name}`, () => check(c));


// ───────────────────────── call depth (in a big-stack Worker) ─────────────────────────

async function inWorker(src: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const code = await runInWorker({
    module: new URL("./support/interp-harness.js", import.meta.url),
    data: { src },
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
  });
  return { code, stdout, stderr };
}

test("depth: 10,000 activations work, the 10,001st is AT0008 at the call", async () => {
  const src = `fn f(n: number) -> number { if (n == 1) { return 1; } return 1 + f(n - 1); }
print(f(10000));
print(f(10001));
`;
  const r = await inWorker(src);
  assert.equal(r.stdout, "10000\n");
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^error\[AT0008\]: Stack overflow\n {2}--> t\.atl:1:66\n/);
  assert.match(r.stderr, /= help: call depth exceeded 10000; check for unbounded recursion\n\n$/);
});

test("depth: AT0008 inside a builtin's callback spans the builtin call", async () => {
  // f(1)…f(10000) are 10,000 activations; the callback would be the 10,001st.
  const src = `fn f(n: number) -> number { if (n == 10000) { return len(map([1], fn(x: number) -> number { return x; })); } return f(n + 1); }
print(f(1));
`;
  const r = await inWorker(src);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^error\[AT0008\]: Stack overflow\n {2}--> t\.atl:1:58\n/);
});

test("depth: async recursion counts synchronous parts towards the caller", async () => {
  const src = `async fn f(n: number) -> Future<number> { if (n == 1) { return 1; } let v = await f(n - 1); return v + 1; }
print(await f(10000));
let r = f(10001);
print(r);
`;
  const r = await inWorker(src);
  assert.equal(r.stdout, "10000\nFuture(pending)\n");
  assert.equal(r.code, 1);
  assert.match(r.stderr, /error\[AT0175\]: Unhandled rejection: AT0008: Stack overflow\n {2}--> t\.atl:1:83\n/);
});

test("depth: resumed async activations start again at depth 1 (§13.3.8)", async () => {
  const src = `fn down(n: number) -> number { if (n == 1) { return 1; } return 1 + down(n - 1); }
async fn deep(n: number, m: number) -> Future<number> {
    if (n == 0) { await testResolve(0); return down(m); }
    return await deep(n - 1, m);
}
print(await deep(5, 9999));
print(await deep(5, 10000));
`;
  const r = await inWorker(src);
  assert.equal(r.stdout, "9999\n");
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^error\[AT0008\]: Stack overflow\n {2}--> t\.atl:1:69\n/);
});

test("depth: a configured maxCallDepth is honoured", async () => {
  const r = await runSource("fn f(n: number) -> number { if (n == 0) { return 0; } return f(n - 1); }\nprint(f(49));\nprint(f(50));\n", {
    maxCallDepth: 50,
  });
  assert.equal(r.stdout, "0\n");
  assert.deepEqual(r.errors, ["AT0008 1:62 Stack overflow"]);
  assert.match(r.stderr, /call depth exceeded 50;/);
});

// ───────────────────────── REPL sessions ─────────────────────────

test("repl: state persists, redeclaration replaces, closures keep their binding, echo values", async () => {
  const s = newSession();
  let r = await s.input("var x = 1;");
  assert.deepEqual(r, { ok: true, value: null, isExpression: false });
  r = await s.input("fn getX() -> number { return x; }");
  assert.equal(r.ok, true);
  r = await s.input("x + 41");
  assert.deepEqual(r, { ok: true, value: 42, isExpression: true });
  await s.input('let x = "shadow";');
  r = await s.input("getX()");
  assert.deepEqual(r, { ok: true, value: 1, isExpression: true });
  r = await s.input("x");
  assert.deepEqual(r, { ok: true, value: "shadow", isExpression: true });
  r = await s.input("print(1); let y = [1][3]; print(2);");
  assert.equal(r.ok, false);
  if (!r.ok) assert.equal(r.diagnostics[0].code, "AT0006");
  r = await s.input("await testSleep(5); getX() + 1");
  assert.deepEqual(r, { ok: true, value: 2, isExpression: true });
  r = await s.input("match 3 { 3 => \"three\", _ => \"other\" }");
  assert.deepEqual(r, { ok: true, value: "three", isExpression: true });
  assert.equal(s.out.stdout, "1\n");
});

test("repl: an input blocked forever fails with AT0173, the session continues", async () => {
  const s = newSession();
  const r = await s.input("let n: number = await testNever();");
  assert.equal(r.ok, false);
  if (!r.ok) assert.equal(r.diagnostics[0].code, "AT0173");
  const r2 = await s.input("1 + 1");
  assert.deepEqual(r2, { ok: true, value: 2, isExpression: true });
});

// ───────────────────────── speed ─────────────────────────

test("fib(25) runs well under a second", async () => {
  const t0 = performance.now();
  const r = await runSource("fn fib(n: number) -> number { if (n < 2) { return n; } return fib(n - 1) + fib(n - 2); }\nprint(fib(25));\n");
  const ms = performance.now() - t0;
  assert.equal(r.stdout, "75025\n");
  assert.ok(ms < 1000, `fib(25) took ${ms.toFixed(0)} ms`);
});
