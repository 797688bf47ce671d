// Unit tables for the CLI's pure parts: argument parsing, REPL continuation and meta-commands,
// display paths, colour, and the corpus .out format.
import { test } from "node:test";
import assert from "node:assert/strict";
import { parseCommandLine, parseRunOptions, UsageError, type Command } from "../../src/cli/args.js";
import { needsContinuation } from "../../src/cli/continuation.js";
import { parseMetaCommand } from "../../src/cli/repl.js";
import { colourise, describeException, internalFailureText } from "../../src/cli/output.js";
import { displayPath } from "../../src/api/display-path.js";
import { discover, formatOut, parseOut, lineDiff, runCorpus, type Expected } from "../run-corpus.js";
import { directiveArgs } from "../corpus-exec.js";
import { writeFileSync } from "node:fs";
import * as path from "node:path";
import { stackBound, type StackBound } from "../../src/cli/depth-bound.js";
import { fitsMainThread, runsInThread } from "../../src/cli/in-thread.js";
import { compileSource } from "../../src/check/frontend.js";
import { standardBuiltinTable } from "../../src/api/frontend-host.js";
import { scratchDir } from "../scratch-dir.js";

function parse(line: string): Command {
  return parseCommandLine(line === "" ? [] : line.split(" "));
}

function usage(line: string): string {
  try {
    parse(line);
  } catch (e) {
    if (e instanceof UsageError) return e.message;
    throw e;
  }
  return "(no error)";
}

test("commands and their arguments", () => {
  const cases: [string, unknown][] = [
    ["--help", { kind: "help" }],
    ["-h", { kind: "help" }],
    ["run x.atl --help", { kind: "help" }],
    ["--version", { kind: "version" }],
    ["-v", { kind: "version" }],
    ["check x.atl", { kind: "check", file: "x.atl", json: false }],
    ["check --json x.atl", { kind: "check", file: "x.atl", json: true }],
    ["check x.atl --json", { kind: "check", file: "x.atl", json: true }],
    ["ast x.atl", { kind: "ast", file: "x.atl" }],
  ];
  for (const [line, want] of cases) assert.deepEqual(parse(line), want, line);
});

test("run options may come before or after the file", () => {
  for (const line of ["run --json --engine=interp p.atl", "run p.atl --json --engine=interp", "run --json p.atl --engine=interp"]) {
    const c = parse(line);
    assert.equal(c.kind, "run", line);
    if (c.kind !== "run") continue;
    assert.equal(c.file, "p.atl");
    assert.equal(c.options.json, true);
    assert.equal(c.options.engine, "interp");
  }
  const d = parse("run p.atl");
  assert.ok(d.kind === "run" && d.options.engine === "compiled", "compiled is the default engine");
});

test("permission flags", () => {
  const c = parse("run p.atl --allow-read --allow-net=example.com:443,[::1] --allow-env=HOME --allow-env=PATH,HOME");
  assert.equal(c.kind, "run");
  if (c.kind !== "run") return;
  assert.deepEqual(c.options.grants, { read: true, net: ["example.com:443", "[::1]"], env: ["HOME", "PATH"] });
  const all = parse("run -A p.atl");
  assert.ok(all.kind === "run" && all.options.grants.run === true && all.options.grants.write === true);
  const wins = parse("run p.atl --allow-read=/a --allow-read");
  assert.ok(wins.kind === "run" && wins.options.grants.read === true);
  // `--allow-read` takes no separate value: the next argument stays the file.
  const next = parse("run --allow-read p.atl");
  assert.ok(next.kind === "run" && next.file === "p.atl");
});

test("eval, repl and async options", () => {
  const e = parse("eval --json 1+2");
  assert.ok(e.kind === "eval" && e.source === "1+2" && e.options.json);
  const r = parse("repl --engine=interp");
  assert.ok(r.kind === "repl" && r.options.engine === "interp");
  const a = parse("run p.atl --http-connections=8");
  assert.ok(a.kind === "run" && a.options.httpConnections === 8);
  const t = parse("run p.atl --trace=t.json --async-report");
  assert.ok(t.kind === "run" && t.options.trace === "t.json" && t.options.asyncReport);
  assert.equal(usage("eval 1 --trace=t.json"), "option '--trace' is only supported by 'run'");
  assert.equal(usage("repl --async-report"), "option '--async-report' is only supported by 'run'");
});

test("usage errors", () => {
  const cases: [string, string][] = [
    ["", "missing command"],
    ["frob", "unknown command 'frob'"],
    ["--frob", "unknown option '--frob'"],
    ["run", "'run' requires FILE"],
    ["run a.atl b.atl", "unexpected argument 'b.atl' for 'run'"],
    ["run a.atl --frob", "unknown option '--frob' for 'run'"],
    ["check a.atl --engine=interp", "unknown option '--engine' for 'check'"],
    ["eval", "'eval' requires SOURCE"],
    ["repl x", "unexpected argument 'x' for 'repl'"],
    ["run a.atl --engine=fast", "unknown engine 'fast' (expected interp or compiled)"],
    ["run a.atl --allow-read=", "invalid entry for '--allow-read': empty entry"],
    ["run a.atl --allow-net=a,,b", "invalid entry for '--allow-net': empty entry"],
    ["run a.atl --allow-net=bad/host", "invalid entry for '--allow-net': 'bad/host' is not a host, host:port, [ipv6] or [ipv6]:port"],
    ["run a.atl --allow-net=h:70000", "invalid entry for '--allow-net': 'h:70000' has an invalid port"],
    ["run a.atl --allow-env=A=B", "invalid entry for '--allow-env': 'A=B' is not a variable name"],
    ["run a.atl --http-connections=0", "invalid value for '--http-connections': '0' (expected a positive integer)"],
  ];
  for (const [line, want] of cases) assert.equal(usage(line), want, line);
});

test("REPL continuation", () => {
  const cases: [string, boolean][] = [
    ["1 + 2", false],
    ["fn f() {", true],
    ["fn f() {\n}", false],
    ["[1,", true],
    ["foo(", true],
    ['"abc', true],
    ['"a\\"', true],
    ['"a\\""', false],
    ['"(" + x', false],
    ["/* open", true],
    ["/* ( */ 1", false],
    ["// ( comment", false],
    ["x)", false],
  ];
  for (const [text, want] of cases) assert.equal(needsContinuation(text), want, JSON.stringify(text));
});

test("REPL meta-commands", () => {
  const cases: [string, unknown][] = [
    ["1 + 2", null],
    [":help", { kind: "help" }],
    [":h", { kind: "help" }],
    [":q", { kind: "quit" }],
    [":quit", { kind: "quit" }],
    [":reset", { kind: "request", request: { type: "reset" } }],
    [":clear", { kind: "request", request: { type: "reset" } }],
    [":load a b.atl", { kind: "request", request: { type: "load", file: "a b.atl" } }],
    [":type 1 + 2", { kind: "request", request: { type: "typeOf", text: "1 + 2" } }],
    [":vars", { kind: "request", request: { type: "vars", page: 1 } }],
    [":vars 3", { kind: "request", request: { type: "vars", page: 3 } }],
    [":vars x", { kind: "error", message: "usage: :vars [PAGE] (PAGE is a positive integer)" }],
    [":type", { kind: "error", message: "usage: :type EXPR" }],
    [":nope", { kind: "error", message: "unknown command ':nope' (type :help for a list)" }],
  ];
  for (const [line, want] of cases) assert.deepEqual(parseMetaCommand(line), want, line);
});

test("display paths (language.md §8.2)", () => {
  assert.equal(displayPath("/w/p/a.atl", "/w/p"), "a.atl");
  assert.equal(displayPath("/w/p/sub/_m.atl", "/w/p"), "sub/_m.atl");
  assert.equal(displayPath("/w/other/a.atl", "/w/p"), "/w/other/a.atl");
  assert.equal(displayPath("/w/p/..x/a.atl", "/w/p"), "..x/a.atl");
});

test("colour changes nothing but escape codes", () => {
  const text = "error[AT0005]: Divide by zero\n  --> a.atl:1:1\n   |\n 1 | 1/0\n   | ^^^\n   = help: division by zero is undefined\n\n";
  const coloured = colourise(text);
  assert.notEqual(coloured, text);
  // eslint-disable-next-line no-control-regex
  assert.equal(coloured.replace(/\x1b\[[0-9;]*m/g, ""), text);
});

test("internal failures never show a stack", () => {
  const e = new TypeError("x is not a function");
  assert.equal(describeException(e), "x is not a function");
  assert.equal(internalFailureText(e), "error[AT9995]: Internal error: x is not a function\n\n");
  assert.equal(describeException(new RangeError("Maximum call stack size exceeded")), "host stack exhausted");
  const json = JSON.parse(internalFailureText("boom", true)) as { code: string; message: string };
  assert.equal(json.code, "AT9995");
  assert.equal(json.message, "Internal error: boom");
});

test("corpus .out format round-trips", () => {
  const cases: Expected[] = [
    { stdout: "", stderr: "", exit: 0 },
    { stdout: "55\n5.5\n", stderr: "", exit: 0 },
    { stdout: "", stderr: "error[AT0005]: x\n\n", exit: 1 },
    { stdout: "6\n", stderr: "warning\n\nerror\n\n", exit: 1 },
    { stdout: "no newline", stderr: "also none", exit: 2 },
  ];
  for (const e of cases) assert.deepEqual(parseOut(formatOut(e)), e, JSON.stringify(e));
  assert.equal(formatOut({ stdout: "a\n", stderr: "", exit: 0 }), "-- stdout --\na\n-- exit 0 --\n");
  assert.equal(parseOut("-- stdout --\nx\n"), null);
  assert.equal(parseOut("garbage\n-- exit 0 --\n"), null);
});

test("line diffs mark expected and actual lines", () => {
  assert.equal(lineDiff("a\nb\nc", "a\nx\nc"), "   a\n - b\n + x\n   c");
});

test("atlas-args directive", () => {
  assert.deepEqual(directiveArgs("// atlas-args: --engine=interp  --json\nprint(1);"), ["--engine=interp", "--json"]);
  assert.deepEqual(directiveArgs("print(1);\n// atlas-args: --json"), []);
});

// ── the main-thread fast path (depth-bound.ts, in-thread.ts) ──

function bound(source: string): StackBound | null {
  const r = compileSource(source, "<test>", standardBuiltinTable());
  assert.ok(r.program !== null, r.diagnostics.map((d) => d.message).join("; "));
  return stackBound(r.program);
}

test("static activation bounds", () => {
  const cases: [string, number | null][] = [
    ['print("hi");', 0],
    ["fn a() -> number { return b(); }\nfn b() -> number { return 1; }\nprint(a());", 2],
    ["fn f(n: number) -> number { if (n == 0) { return 0; } return f(n - 1); }\nprint(f(3));", null],
    ["fn f() -> number { return g(); }\nfn g() -> number { return f(); }\nprint(f());", null],
    ["let g = fn() -> number { return 1; };\nprint(g());", null],
    ["fn sq(x: number) -> number { return x * x; }\nprint(map([1], fn(x) { return sq(x); }));", 2],
    ["fn f() -> null { forEach([1], fn(_x: number) { f(); }); return null; }\nf();", null],
    ["fn g(x: number) -> number { return len(map([x], g)); }\nprint(g(1));", null],
    ["async fn w() -> Future<number> { await sleep(1); return 1; }\nprint(await w());", 1],
  ];
  for (const [src, want] of cases) assert.equal(bound(src)?.activations ?? null, want, src);
});

test("nesting counts operator chains", () => {
  const chain = `let a = 1;\nprint(${Array(300).fill("a").join(" + ")});`;
  const b = bound(chain);
  assert.ok(b !== null && b.nesting >= 300, String(b?.nesting));
  assert.equal(fitsMainThread({ activations: 0, nesting: 10 }), true);
  assert.equal(fitsMainThread({ activations: 0, nesting: 300 * 1000 }), false);
  assert.equal(fitsMainThread({ activations: 65, nesting: 1 }), false);
});

test("which jobs run on the main thread", () => {
  const dir = scratchDir("atlas-fast-");
  const write = (name: string, text: string): string => {
    writeFileSync(path.join(dir, name), text);
    return name;
  };
  const options = parseRunOptions([], "run").options;
  const job = (file: string) => ({ kind: "run" as const, file, options, cwd: dir, colour: false });
  assert.equal(runsInThread(job(write("hello.atl", 'print("hi");\n'))), true);
  assert.equal(runsInThread(job(write("bad.atl", 'let n: number = "x";\n'))), true, "compile errors need no worker");
  assert.equal(runsInThread(job(write("rec.atl", "fn f(n: number) -> number { return f(n); }\nprint(f(1));\n"))), false);
  assert.equal(runsInThread(job("missing.atl")), true);
  const evalJob = (source: string) => ({ kind: "eval" as const, source, options, cwd: dir, colour: false });
  assert.equal(runsInThread(evalJob("1 + 2")), true);
  assert.equal(runsInThread(evalJob("fn f(n: number) -> number { return f(n); } f(1)")), false);
});

test("the corpus runner compares stdout, stderr and exit status separately", async () => {
  const root = scratchDir("atlas-corpus-");
  const put = (name: string, text: string): void => writeFileSync(path.join(root, name), text);
  put("good.atl", 'print("ok");\n');
  put("good.out", "-- stdout --\nok\n-- exit 0 --\n");
  put("bad.atl", 'print("actual");\nprint(1 / 0);\n');
  put("bad.out", "-- stdout --\nexpected\n-- exit 0 --\n");
  put("_helper.atl", "export let x = 1;\n");
  const programs = discover(null, root);
  assert.deepEqual(
    programs.map((p) => p.rel),
    ["bad.atl", "good.atl"],
  );
  const results = await runCorpus(programs);
  const bad = results.filter((r) => r.rel === "bad.atl");
  const good = results.filter((r) => r.rel === "good.atl");
  assert.ok(good.length > 0 && good.every((r) => r.pass));
  assert.ok(bad.length > 0 && bad.every((r) => !r.pass));
  const diff = bad[0].diff;
  assert.match(diff, /stdout differs/);
  assert.match(diff, / - expected\n \+ actual/);
  assert.match(diff, /stderr differs/);
  assert.match(diff, /exit status: expected 0, got 1/);
  assert.match(bad[0].actual.stderr, /^error\[AT0005\]: Divide by zero\n {2}--> bad\.atl:2:7\n/);
});
