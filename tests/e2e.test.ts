// End-to-end tests of the real `atlas` command (bin/atlas.js in a child process): every
// command, exit statuses 0/1/2, JSON output, piped REPL input, and the README's run line.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { createServer } from "node:http";
import { readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { buildBundleNow } from "../src/cli/bundle.js";
import { scratchDir } from "./scratch-dir.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const BIN = path.join(ROOT, "bin", "atlas.js");
const TMP = scratchDir("atlas-e2e-");

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

// Most tests run the start-up bundle (cli/bundle.ts) when it can be built; one runs without.
let bundled = false;
before(async () => {
  bundled = await buildBundleNow();
});

function atlas(args: string[], opts: { input?: string; cwd?: string; env?: Record<string, string> } = {}): Run {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: opts.cwd ?? TMP,
    input: opts.input ?? "",
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", ...opts.env },
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function file(name: string, text: string): string {
  const p = path.join(TMP, name);
  writeFileSync(p, text);
  return p;
}

const HELLO_OUT = [
  "Hello, Atlas!",
  "Hello, Ada!",
  "Hello, Grace!",
  "Hello, Linus!",
  "counter: 2",
  "Grace is at index 1",
  "Bob is not here",
  "[1, 4, 9, 16]",
  "ready after 10 ms: fast",
  "ready after 100 ms: slow",
  "[slow, fast]",
  "",
].join("\n");

file("ok.atl", 'let greeting = "hi";\nprint(greeting + " there");\n');
file("crash.atl", 'print("before");\nlet n = 0;\nprint(10 / n);\nprint("after");\n');
file("bad.atl", 'let count: number = "three";\n');
file("warn.atl", "fn f() -> number {\n    let unused = 1;\n    return 2;\n}\nprint(f());\n");
file("deep.atl", "fn down(n: number) -> number {\n    if (n == 0) { return 0; }\n    return 1 + down(n - 1);\n}\nprint(down(9999));\nprint(down(10000));\n");

test("run: output and exit status 0", () => {
  assert.deepEqual(atlas(["run", "ok.atl"]), { code: 0, stdout: "hi there\n", stderr: "" });
});

test("run: the same without the start-up bundle", (t) => {
  if (!bundled) t.diagnostic("the bundle could not be built: every test runs unbundled");
  assert.deepEqual(atlas(["run", "ok.atl"], { env: { ATLAS_NO_BUNDLE: "1" } }), { code: 0, stdout: "hi there\n", stderr: "" });
  const crash = atlas(["run", "crash.atl"], { env: { ATLAS_NO_BUNDLE: "1" } });
  assert.equal(crash.code, 1);
  assert.match(crash.stderr, /^error\[AT0005\]/);
});

test("run: a runtime error stops the program with exit status 1", () => {
  const r = atlas(["run", "crash.atl"]);
  assert.equal(r.code, 1);
  assert.equal(r.stdout, "before\n");
  assert.equal(
    r.stderr,
    "error[AT0005]: Divide by zero\n  --> crash.atl:3:7\n   |\n 3 | print(10 / n);\n   |       ^^^^^^\n   = help: division by zero is undefined\n\n",
  );
});

test("run: compile errors prevent execution; warnings do not", () => {
  const bad = atlas(["run", "bad.atl"]);
  assert.equal(bad.code, 1);
  assert.equal(bad.stdout, "");
  assert.match(bad.stderr, /^error\[AT3001\]: Type mismatch: expected number, found string\n {2}--> bad\.atl:1:1\n/);
  const warn = atlas(["run", "warn.atl"]);
  assert.equal(warn.code, 0);
  assert.equal(warn.stdout, "2\n");
  assert.match(warn.stderr, /^warning\[AT2001\]: Unused variable 'unused'\n/);
});

test("run: both engines give the same output", () => {
  for (const engine of ["compiled", "interp"]) {
    const r = atlas(["run", `--engine=${engine}`, "crash.atl"]);
    assert.equal(r.code, 1, engine);
    assert.equal(r.stdout, "before\n", engine);
    assert.match(r.stderr, /^error\[AT0005\]: Divide by zero\n {2}--> crash\.atl:3:7\n/, engine);
    const deep = atlas(["run", "deep.atl", `--engine=${engine}`]);
    assert.equal(deep.stdout, "9999\n", `${engine}: ${deep.stderr}`);
    assert.match(deep.stderr, /^error\[AT0008\]: Stack overflow\n/, engine);
  }
});

test("run: options after the file, JSON diagnostics, display path outside the cwd", () => {
  const r = atlas(["run", "crash.atl", "--json", "--engine=interp"]);
  assert.equal(r.code, 1);
  const rec = JSON.parse(r.stderr.trim()) as Record<string, unknown>;
  assert.equal(rec.code, "AT0005");
  assert.equal(rec.file, "crash.atl");
  const outside = atlas(["run", path.join(TMP, "bad.atl")], { cwd: ROOT });
  assert.ok(outside.stderr.includes(`--> ${path.join(TMP, "bad.atl").split(path.sep).join("/")}:1:1`), outside.stderr);
});

test("run: 10,000 activations fit, the 10,001st is AT0008", () => {
  const r = atlas(["run", "deep.atl"]);
  assert.equal(r.code, 1);
  assert.equal(r.stdout, "9999\n");
  assert.match(r.stderr, /^error\[AT0008\]: Stack overflow\n/);
  assert.match(r.stderr, /= help: call depth exceeded 10000; check for unbounded recursion\n\n$/);
});

test("run: permissions are denied unless granted by flags", () => {
  file("secret.txt", "s3cret");
  file("reads.atl", 'print(readFile("secret.txt"));\n');
  const denied = atlas(["run", "reads.atl"]);
  assert.equal(denied.code, 1);
  assert.match(denied.stderr, /^error\[AT0300\]: Permission denied: read access to /);
  assert.deepEqual(atlas(["run", "reads.atl", "--allow-read=secret.txt"]), { code: 0, stdout: "s3cret\n", stderr: "" });
  const bad = atlas(["run", "reads.atl", "--allow-read="]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /^atlas: invalid entry for '--allow-read': empty entry\n/);
});

test("run: HTTP and child processes work (modules the start-up bundle loads lazily)", async () => {
  const server = createServer((req, res) => {
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify({ path: req.url }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  file("net.atl", `let j = await httpGetJsonAsync("http://127.0.0.1:${port}/hi");\nprint(j);\nprint(exec(["echo", "ok"]));\n`);
  try {
    for (const engine of ["compiled", "interp"]) {
      const child = spawn(process.execPath, [BIN, "run", "net.atl", "--allow-net", "--allow-run", `--engine=${engine}`], { cwd: TMP });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
      child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
      const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
      assert.equal(stderr, "", engine);
      assert.equal(stdout, '{"path": "/hi"}\nOk({"exitCode": 0, "stdout": "ok\\n", "stderr": "", "success": true})\n', engine);
      assert.equal(code, 0, engine);
    }
  } finally {
    server.close();
  }
});

test("run: a missing file is a diagnostic, exit status 1", () => {
  const r = atlas(["run", "nope.atl"]);
  assert.equal(r.code, 1);
  assert.equal(r.stdout, "");
  assert.equal(r.stderr, "error[AT5002]: Module not found: 'nope.atl'\n\n");
});

test("check: no errors, errors, JSON Lines", () => {
  assert.deepEqual(atlas(["check", "ok.atl"]), { code: 0, stdout: "ok.atl: No errors found\n", stderr: "" });
  const bad = atlas(["check", "bad.atl", "--json"]);
  assert.equal(bad.code, 1);
  assert.equal(bad.stdout, "");
  assert.equal(
    bad.stderr,
    '{"diag_version":1,"level":"error","code":"AT3001","message":"Type mismatch: expected number, found string","file":"bad.atl","line":1,"column":1,"length":28,"snippet":"let count: number = \\"three\\";","label":"expected number, found string"}\n',
  );
  const crash = atlas(["check", "crash.atl"]);
  assert.deepEqual(crash, { code: 0, stdout: "crash.atl: No errors found\n", stderr: "" }, "check does not execute");
});

test("eval: prints the final expression's Display", () => {
  assert.deepEqual(atlas(["eval", 'let xs = [1, 2, 3]; map(xs, fn(x) { return x * 2; })']), {
    code: 0,
    stdout: "[2, 4, 6]\n",
    stderr: "",
  });
  assert.deepEqual(atlas(["eval", 'print("side effect")']), { code: 0, stdout: "side effect\n", stderr: "" });
  assert.deepEqual(atlas(["eval", "let x = 1;"]), { code: 0, stdout: "", stderr: "" });
  const err = atlas(["eval", "1 / 0"]);
  assert.equal(err.code, 1);
  assert.match(err.stderr, /^error\[AT0005\]: Divide by zero\n {2}--> <eval>:1:1\n/);
});

test("eval --json: type and display, diagnostics as JSON Lines", () => {
  assert.deepEqual(atlas(["eval", "--json", '"a" + "b"']), { code: 0, stdout: '{"type":"string","display":"ab"}\n', stderr: "" });
  assert.deepEqual(atlas(["eval", "--json", "null"]), { code: 0, stdout: '{"type":"null","display":"null"}\n', stderr: "" });
  const bad = atlas(["eval", "--json", "nope"]);
  assert.equal(bad.code, 1);
  const rec = JSON.parse(bad.stderr) as Record<string, unknown>;
  assert.equal(rec.code, "AT2002");
  assert.equal(rec.file, "<eval>");
});

test("repl: piped input, echo, continuation, commands", () => {
  const input = [
    "let x = 2;",
    "x * 21",
    "fn inc(n: number) -> number {",
    "    return n + 1;",
    "}",
    "inc(x)",
    "[1,",
    "",
    ":type inc",
    "1 / 0",
    "x",
    ":vars",
    ":reset",
    ":vars",
    ":q",
    "",
  ].join("\n");
  const r = atlas(["repl"], { input });
  assert.equal(r.code, 0);
  assert.equal(
    r.stdout,
    ">> >> 42\n>> .. .. >> 3\n>> .. (multiline input cancelled)\n>> type: (number) -> number\n>> >> 2\n" +
      ">> x: number = 2\ninc: (number) -> number = <fn inc>\n>> >> (no variables)\n>> ",
  );
  assert.match(r.stderr, /^error\[AT0005\]: Divide by zero\n {2}--> <repl>:1:1\n/);
});

test("repl: end of input exits", () => {
  const r = atlas(["repl"], { input: 'print("bye")\n' });
  assert.deepEqual(r, { code: 0, stdout: ">> bye\n>> \n", stderr: "" });
});

test("ast: prints the syntax tree", () => {
  const r = atlas(["ast", "ok.atl"]);
  assert.equal(r.code, 0);
  assert.equal(r.stderr, "");
  assert.match(r.stdout, /greeting/);
  const bad = atlas(["ast", "nope.atl"]);
  assert.equal(bad.code, 1);
});

test("bad usage: message on stderr, exit status 2", () => {
  const cases: [string[], string][] = [
    [[], "atlas: missing command\n"],
    [["frob"], "atlas: unknown command 'frob'\n"],
    [["run", "ok.atl", "--frob"], "atlas: unknown option '--frob' for 'run'\n"],
    [["run"], "atlas: 'run' requires FILE\n"],
    [["check"], "atlas: 'check' requires FILE\n"],
  ];
  for (const [args, first] of cases) {
    const r = atlas(args);
    assert.equal(r.code, 2, args.join(" "));
    assert.equal(r.stdout, "");
    assert.equal(r.stderr, `${first}Run 'atlas --help' for usage.\n`, args.join(" "));
  }
  assert.deepEqual(atlas(["run", "--engine=fast", "ok.atl"]), {
    code: 2,
    stdout: "",
    stderr: "atlas: unknown engine 'fast' (expected interp or compiled)\nRun 'atlas --help' for usage.\n",
  });
});

test("--help and --version", () => {
  const help = atlas(["--help"]);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /^Usage: atlas <command> \[options\]\n/);
  const version = atlas(["--version"]);
  const pkg = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { version: string };
  assert.deepEqual(version, { code: 0, stdout: `atlas ${pkg.version}\n`, stderr: "" });
});

test("the README's language tour runs as shown", () => {
  const readme = readFileSync(path.join(ROOT, "README.md"), "utf8");
  const tour = /```atlas\n([\s\S]*?)```/.exec(readme);
  assert.ok(tour !== null, "README has an atlas code block");
  file("tour.atl", tour[1]);
  const expected = ["18", "3", "1", "2", "4", "[3, 1, 2, 4]", "connect to localhost:8080", '"fast"', "done after 10 ms", ""];
  assert.deepEqual(atlas(["run", "tour.atl"]), { code: 0, stdout: expected.join("\n"), stderr: "" });
});

test("the README's run line works verbatim from the repository root", () => {
  const readme = readFileSync(path.join(ROOT, "README.md"), "utf8");
  const line = readme.split("\n").find((l) => l.includes("npx atlas run examples/hello.atl"));
  assert.ok(line !== undefined, "README has the run line");
  const command = line.trim().replace(/^npm ci && /, "");
  assert.equal(command, "npx atlas run examples/hello.atl");
  const r = spawnSync(command, { cwd: ROOT, shell: true, encoding: "utf8", timeout: 120_000 });
  assert.equal(r.stderr, "");
  assert.equal(r.stdout, HELLO_OUT);
  assert.equal(r.status, 0);
});
