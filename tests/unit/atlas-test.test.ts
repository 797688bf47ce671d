// `atlas test` end to end (stdlib.md §17.3): real *.test.atl files in temporary directories run
// by the real command (bin/atlas.js in a child process) — discovery and order, pass/fail lines,
// failure locations, async tests, isolation, compile errors, --json, permissions, exit codes,
// both engines.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { discoverTestFiles, driverText, findTests } from "../../src/api/test-runner.js";
import type { SummaryRecord } from "../../src/cli/test-command.js";
import { SourceFile } from "../../src/diagnostics/span.js";
import { parseProgram } from "../../src/syntax/parser.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const BIN = path.join(ROOT, "bin", "atlas.js");
const TMP = realpathSync(mkdtempSync(path.join(tmpdir(), "atlas-test-cmd-")));
after(() => rmSync(TMP, { recursive: true, force: true }));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function atlas(cwd: string, ...args: string[]): Run {
  const r = spawnSync(process.execPath, [BIN, "test", ...args], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

let dirs = 0;

/** A fresh directory holding `files` (relative path → content). */
function project(files: Record<string, string>): string {
  const dir = path.join(TMP, `p${++dirs}`);
  for (const [rel, text] of Object.entries(files)) {
    const p = path.join(dir, rel);
    mkdirSync(path.dirname(p), { recursive: true });
    writeFileSync(p, text);
  }
  mkdirSync(dir, { recursive: true });
  return dir;
}

function json(r: Run): SummaryRecord {
  assert.equal(r.stderr, "", "nothing on stderr with --json");
  const lines = r.stdout.trimEnd().split("\n");
  assert.equal(lines.length, 1, "one JSON line");
  return JSON.parse(lines[0]) as SummaryRecord;
}

const MATH = `fn add(a: number, b: number) -> number { return a + b; }

fn test_add() {
    assertEqual(add(2, 3), 5);
}

fn test_wrong() {
    assertEqual(add(2, 2), 5);
}

export fn test_exported() { assert(true, "exported tests run too"); }
fn helper_not_a_test() { assert(false, "never called"); }
fn test_with_param(x: number) { assert(x > 100, "not a test: it has a parameter"); }
`;

test("pass and fail lines, the failing assertion's location, exit status 1", () => {
  const dir = project({ "math.test.atl": MATH });
  const r = atlas(dir);
  assert.equal(r.code, 1);
  assert.equal(
    r.stdout,
    ["math.test.atl", "  ok    test_add", "  FAIL  test_wrong", "  ok    test_exported", "", "test result: FAILED. 2 passed; 1 failed (1 file)", ""].join("\n"),
  );
  assert.equal(
    r.stderr,
    [
      "error[AT0001]: Type error: Assertion failed: values not equal",
      "  Actual:   4",
      "  Expected: 5",
      "  --> math.test.atl:8:5",
      "   |",
      " 8 |     assertEqual(add(2, 2), 5);",
      "   |     ^^^^^^^^^^^^^^^^^^^^^^^^^",
      "",
      "",
    ].join("\n"),
  );
});

test("all passing: exit status 0; both engines report identically", () => {
  const dir = project({
    "ok.test.atl": "fn test_one() { assertEqual(1 + 1, 2); }\nfn test_two() { assertSome(Some(1)); }\n",
  });
  const want = "ok.test.atl\n  ok    test_one\n  ok    test_two\n\ntest result: ok. 2 passed; 0 failed (1 file)\n";
  for (const engine of ["compiled", "interp"]) {
    const r = atlas(dir, `--engine=${engine}`);
    assert.equal(r.code, 0, engine);
    assert.equal(r.stdout, want, engine);
    assert.equal(r.stderr, "", engine);
  }
  const fail = project({ "f.test.atl": MATH });
  const [c, i] = [atlas(fail, "--engine=compiled"), atlas(fail, "--engine=interp")];
  assert.deepEqual(c, i, "same output, diagnostics and status on both engines");
});

test("async tests are awaited; a failure after an await is reported where it happened", () => {
  const dir = project({
    "async.test.atl": `async fn later(v: number) -> Future<number> {
    await sleep(2);
    return v;
}
async fn test_async_ok() -> Future<null> {
    assertEqual(await later(7), 7);
}
async fn test_async_fails() -> Future<null> {
    let v = await later(1);
    assertEqual(v, 2);
}
type Later = Future<null>;
fn test_returns_future() -> Later { return futureReject("rejected"); }
fn test_task_fails() { spawn(fn() { assert(false, "inside a task"); }); }
`,
  });
  for (const engine of ["compiled", "interp"]) {
    const r = atlas(dir, `--engine=${engine}`);
    assert.equal(r.code, 1, engine);
    assert.match(r.stdout, /ok {4}test_async_ok\n {2}FAIL {2}test_async_fails\n {2}FAIL {2}test_returns_future\n {2}FAIL {2}test_task_fails\n/, engine);
    assert.match(r.stderr, /Assertion failed: values not equal\n {2}Actual: {3}1\n {2}Expected: 2\n {2}--> async\.test\.atl:10:5\n/, engine);
    // The future returned through an alias is awaited: its rejection is located at the test.
    assert.match(r.stderr, /error\[AT0160\]: rejected\n {2}--> async\.test\.atl:13:4\n/, engine);
    assert.match(r.stderr, /error\[AT0175\]: Unhandled failure in task #2: AT0001: Type error: Assertion failed: inside a task\n {2}--> async\.test\.atl:14:37/, engine);
  }
});

test("isolation: fresh runtime per test, top level re-evaluated, environment restored", () => {
  const dir = project({
    "iso.test.atl": `var counter = 0;
let items: number[] = [];
print("top level runs");

fn test_first() {
    counter += 1;
    push(items, 1);
    setEnv("ATLAS_TEST_ISOLATION", "set by first");
    assertEqual(counter, 1);
}
fn test_crashes() {
    counter += 1;
    let xs = [1];
    print(xs[5]);
}
fn test_second() {
    counter += 1;
    assertEqual(counter, 1);
    assertEmpty(items);
    assertEqual(getEnv("ATLAS_TEST_ISOLATION"), null);
}
`,
  });
  const r = atlas(dir, "--allow-env");
  assert.equal(r.code, 1);
  assert.equal(
    r.stdout,
    "iso.test.atl\ntop level runs\n  ok    test_first\ntop level runs\n  FAIL  test_crashes\ntop level runs\n  ok    test_second\n\n" +
      "test result: FAILED. 2 passed; 1 failed (1 file)\n",
  );
  assert.match(r.stderr, /^error\[AT0006\]: Array index out of bounds\n {2}--> iso\.test\.atl:14:11\n/);
});

test("a failing top level fails every test of its file", () => {
  const dir = project({ "top.test.atl": "let bad = [1][2];\nfn test_a() {}\nfn test_b() {}\n" });
  const r = atlas(dir);
  assert.equal(r.code, 1);
  assert.match(r.stdout, /FAIL {2}test_a\n {2}FAIL {2}test_b\n/);
  assert.equal(r.stderr.match(/--> top\.test\.atl:1:11/g)?.length, 2);
});

test("compile errors: the file reports ERROR, the others still run, exit status 1", () => {
  const dir = project({
    "a_bad.test.atl": 'fn test_x() { let n: number = "three"; print(n); }\n',
    "b_good.test.atl": "fn test_y() {}\n",
    "c_syntax.test.atl": "fn test_z( {\n",
  });
  const r = atlas(dir);
  assert.equal(r.code, 1);
  assert.equal(
    r.stdout,
    "a_bad.test.atl\n  ERROR 1 compile error; no tests run\nb_good.test.atl\n  ok    test_y\nc_syntax.test.atl\n" +
      "  ERROR 1 compile error; no tests run\n\ntest result: FAILED. 1 passed; 0 failed; 2 files with compile errors (3 files)\n",
  );
  assert.match(r.stderr, /^error\[AT3001\]: Type mismatch: expected number, found string\n {2}--> a_bad\.test\.atl:1:15\n/);
  assert.match(r.stderr, /--> c_syntax\.test\.atl:1:/);
});

test("warnings of a test file are shown once and do not fail it", () => {
  const dir = project({ "w.test.atl": "fn test_w() { let unused = 1; }\nfn test_v() {}\n" });
  const r = atlas(dir);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.equal(r.stderr.match(/warning\[AT2001\]: Unused variable 'unused'/g)?.length, 1);
});

test("--json summary", () => {
  const dir = project({ "math.test.atl": MATH, "sub/bad.test.atl": "fn test_b() { undefinedName(); }\n", "sub/p.test.atl": 'fn test_p() { print("hi"); }\n' });
  const r = atlas(dir, "--json");
  assert.equal(r.code, 1);
  const s = json(r);
  assert.deepEqual(Object.keys(s), ["test_version", "ok", "tests", "passed", "failed", "file_errors", "files", "results"]);
  assert.deepEqual(
    { v: s.test_version, ok: s.ok, tests: s.tests, passed: s.passed, failed: s.failed, errors: s.file_errors },
    { v: 1, ok: false, tests: 4, passed: 3, failed: 1, errors: 1 },
  );
  assert.deepEqual(
    s.files.map((f) => [f.file, f.status, f.tests, f.passed, f.failed, f.diagnostics.map((d) => d.code)]),
    [
      ["math.test.atl", "failed", 3, 2, 1, []],
      ["sub/bad.test.atl", "error", 0, 0, 0, ["AT2002"]],
      ["sub/p.test.atl", "passed", 1, 1, 0, []],
    ],
  );
  assert.deepEqual(
    s.results.map((t) => [t.name, t.file, t.line, t.column, t.status, t.output]),
    [
      ["test_add", "math.test.atl", 3, 4, "passed", ""],
      ["test_wrong", "math.test.atl", 7, 4, "failed", ""],
      ["test_exported", "math.test.atl", 11, 11, "passed", ""],
      ["test_p", "sub/p.test.atl", 1, 4, "passed", "hi\n"],
    ],
  );
  const wrong = s.results[1];
  assert.ok(wrong.error !== null);
  assert.deepEqual(
    [wrong.error.code, wrong.error.file, wrong.error.line, wrong.error.column, wrong.error.snippet],
    ["AT0001", "math.test.atl", 8, 5, "    assertEqual(add(2, 2), 5);"],
  );
  assert.deepEqual(wrong.diagnostics.map((d) => d.code), ["AT0001"]);
  for (const t of s.results) assert.ok(typeof t.duration_ms === "number" && t.duration_ms >= 0);
  assert.equal(s.results[0].error, null);
  const ok = json(atlas(dir, "sub/p.test.atl", "--json"));
  assert.deepEqual([ok.ok, ok.tests, ok.passed, ok.failed, ok.file_errors], [true, 1, 1, 0, 0]);
});

test("permissions come from the run flags, default deny", () => {
  const dir = project({
    "data/in.txt": "payload",
    "perm.test.atl":
      'fn test_read() { assertEqual(readFile("data/in.txt"), "payload"); }\n' +
      'fn test_own_source() { assert(startsWith(readFile("perm.test.atl"), "fn test_read"), "own source"); }\n',
  });
  const denied = atlas(dir, "perm.test.atl");
  assert.equal(denied.code, 1);
  assert.match(denied.stdout, /FAIL {2}test_read\n/);
  assert.match(denied.stderr, /error\[AT0300\]: Permission denied: read access to ".*\/data\/in\.txt" \(run with --allow-read=.*\/data\/in\.txt\)/);
  const granted = atlas(dir, "--allow-read=data", "perm.test.atl");
  assert.match(granted.stdout, /ok {4}test_read\n/);
  const all = atlas(dir, "-A", "perm.test.atl");
  assert.match(all.stdout, /ok {4}test_read\n/);
  // The test file itself is a source file: readable without a grant (stdlib.md §11.1.4).
  assert.match(denied.stdout, /ok {4}test_own_source\n/);
});

test("discovery: recursive, path order, only *.test.atl, hidden dirs and node_modules skipped", () => {
  const dir = project({
    "b.test.atl": "fn test_b() {}\n",
    "a/z.test.atl": "fn test_az() {}\n",
    "a/b/y.test.atl": "fn test_aby() {}\n",
    "a.test.atl": "fn test_a() {}\n",
    "helper.atl": "fn test_not_run() { assert(false, \"no\"); }\n",
    ".hidden/h.test.atl": "fn test_hidden() {}\n",
    "node_modules/n.test.atl": "fn test_nm() {}\n",
    "empty.test.atl": "let x = 1;\n",
  });
  symlinkSync(path.join(dir, "a"), path.join(dir, "link"));
  const files = discoverTestFiles(dir)?.map((f) => path.relative(dir, f));
  assert.deepEqual(files, ["a/b/y.test.atl", "a/z.test.atl", "a.test.atl", "b.test.atl", "empty.test.atl"]);
  const r = atlas(dir);
  assert.equal(r.code, 0);
  assert.equal(
    r.stdout,
    "a/b/y.test.atl\n  ok    test_aby\na/z.test.atl\n  ok    test_az\na.test.atl\n  ok    test_a\nb.test.atl\n  ok    test_b\n" +
      "empty.test.atl\n  (no test functions)\n\ntest result: ok. 4 passed; 0 failed (5 files)\n",
  );
  // A directory argument, and an explicit file (run even without the .test.atl suffix).
  assert.match(atlas(dir, "a").stdout, /^a\/b\/y\.test\.atl\n.*\na\/z\.test\.atl\n/);
  const one = atlas(dir, "helper.atl");
  assert.equal(one.code, 1);
  assert.match(one.stdout, /^helper\.atl\n {2}FAIL {2}test_not_run\n/);
  assert.equal(discoverTestFiles(path.join(dir, "missing")), null);
});

test("exit statuses: no tests is success, usage errors are 2", () => {
  const empty = project({ "readme.txt": "" });
  const none = atlas(empty);
  assert.equal(none.code, 0);
  assert.equal(none.stdout, "no test files (*.test.atl) found in '.'\n\ntest result: ok. 0 passed; 0 failed (0 files)\n");
  const missing = atlas(empty, "nope");
  assert.deepEqual([missing.code, missing.stderr], [2, "atlas: no such file or directory: 'nope'\n"]);
  const bad = atlas(empty, "--frobnicate");
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /unknown option '--frobnicate' for 'test'/);
  assert.equal(atlas(empty, "a", "b").code, 2);
  assert.equal(atlas(empty, "--allow-read=").code, 2);
  assert.equal(atlas(empty, "--engine=nope").code, 2);
  const help = spawnSync(process.execPath, [BIN, "--help"], { encoding: "utf8" });
  assert.match(help.stdout, /test \[options\] \[DIR\|FILE\]/);
});

test("findTests and the driver", () => {
  const src = new SourceFile("t.atl", "fn test_a() {}\nasync fn test_b() -> Future<null> {}\nfn test_c() -> Task<number> { return spawn(fn() -> number { return 1; }); }\nfn other() {}\nfn test_d(x: number) {}\n");
  const tests = findTests(parseProgram(src).program);
  assert.deepEqual(
    tests.map((t) => [t.name, t.awaits]),
    [
      ["test_a", false],
      ["test_b", true],
      ["test_c", true],
    ],
  );
  const { text, ranges } = driverText(tests);
  assert.equal(
    text,
    "\nif (__atlas_test_case() == 0) { test_a(); }\nelse if (__atlas_test_case() == 1) { await test_b(); }\nelse if (__atlas_test_case() == 2) { await test_c(); }\n",
  );
  assert.deepEqual(ranges.map(([a, b]) => text.slice(a, b).includes(tests[ranges.findIndex((r) => r[0] === a)].name)), [true, true, true]);
  assert.deepEqual(driverText([]), { text: "", ranges: [] });
});

test("examples/tests passes on both engines", () => {
  for (const engine of ["compiled", "interp"]) {
    const r = atlas(ROOT, "examples/tests", `--engine=${engine}`);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /test result: ok\. 5 passed; 0 failed \(1 file\)\n$/);
  }
});
