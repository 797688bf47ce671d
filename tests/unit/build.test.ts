// `atlas build FILE -o OUT.mjs` end to end (issue 3 item 4): for corpus programs, `atlas build`
// then `node OUT.mjs` must give the stdout, stderr (build warnings + run output) and exit status
// of `atlas run`, with OUT.mjs written inside the package (self-reference by package name) and
// in a directory where atlas-lang is an installed dependency; plus the module's shape (no
// machine-specific paths), run-time flags and the CLI's usage errors.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { buildModule, BUILD_FORMAT, RUNTIME_SPECIFIER } from "../../src/engines/compiler/build.js";
import { check } from "./compile-helpers.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const ATLAS = path.join(ROOT, "bin", "atlas.js");
const CORPUS = path.join(ROOT, "tests", "corpus");
/** Inside the package (dist/ is git-ignored): "atlas-lang/runtime" resolves by self-reference. */
const OUT_DIR = mkdtempSync(path.join(ROOT, "dist", "build-test-"));
process.on("exit", () => rmSync(OUT_DIR, { recursive: true, force: true }));

interface Proc {
  stdout: string;
  stderr: string;
  exit: number;
}

function run(cmd: string, args: string[], cwd: string): Promise<Proc> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env: { ...process.env, NO_COLOR: "1" }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ stdout, stderr, exit: code ?? -1 }));
  });
}

/** The `// atlas-args:` directive of a corpus program (without `--engine=`). */
function corpusArgs(file: string): string[] {
  const first = readFileSync(file, "utf8").split("\n")[0];
  const m = /^\/\/ atlas-args:(.*)$/.exec(first);
  return m === null ? [] : m[1].trim().split(/\s+/).filter((a) => a !== "" && !a.startsWith("--engine"));
}

/** Every permissions program (grant flags, source files), and the first of some other areas. */
const AREAS = ["async", "closures", "examples", "fs", "json", "module_errors", "modules", "process", "runtime_errors", "syntax_errors", "tasks", "type_errors"];

function selection(): string[] {
  const out: string[] = [];
  for (const area of ["permissions", ...AREAS]) {
    const dir = path.join(CORPUS, area);
    if (!existsSync(dir)) continue;
    const progs = readdirSync(dir)
      .filter((n) => n.endsWith(".atl") && !n.startsWith("_"))
      .sort();
    for (const p of area === "permissions" ? progs : progs.slice(0, 1)) out.push(`${area}/${p}`);
  }
  return out;
}

/** The golden expectation of a corpus program (tests/corpus/README.md format). */
function golden(file: string): Proc | null {
  const outFile = file.replace(/\.atl$/, ".out");
  if (!existsSync(outFile)) return null;
  const text = readFileSync(outFile, "utf8");
  const exit = /(?:^|\n)-- exit (-?\d+) --\n?$/.exec(text);
  if (exit === null || text.includes("(no newline at end)")) return null;
  const body = text.slice(0, exit.index + (exit[0].startsWith("\n") ? 1 : 0));
  const err = /(?:^|\n)-- stderr --\n/.exec(body);
  const outPart = err === null ? body : body.slice(0, err.index + (err[0].startsWith("\n") ? 1 : 0));
  const errPart = err === null ? "" : body.slice(err.index + err[0].length);
  return { stdout: outPart.replace(/^-- stdout --\n/, ""), stderr: errPart, exit: Number(exit[1]) };
}

/**
 * `atlas build` + `node OUT.mjs` in the program's directory; compared with the golden .out and,
 * when that differs (a golden not matching today's front end), with `atlas run` itself.
 */
async function buildAndRun(rel: string, outDir: string): Promise<{ run: Proc; built: Proc }> {
  const file = path.join(CORPUS, rel);
  const cwd = path.dirname(file);
  const args = corpusArgs(file);
  const out = path.join(outDir, rel.replace(/[/.]/g, "_") + ".mjs");
  const build = await run(process.execPath, [ATLAS, "build", path.basename(file), "-o", out], cwd);
  let built = build;
  if (build.exit === 0) {
    assert.equal(build.stdout, "", `${rel}: atlas build prints nothing on stdout`);
    const exec = await run(process.execPath, [out, ...args], cwd);
    built = { stdout: exec.stdout, stderr: build.stderr + exec.stderr, exit: exec.exit };
  }
  const expected = golden(file);
  if (expected !== null && JSON.stringify(expected) === JSON.stringify(built)) return { run: expected, built };
  return { run: await run(process.execPath, [ATLAS, "run", ...args, path.basename(file)], cwd), built };
}

describe("atlas build: node OUT.mjs behaves like atlas run (corpus programs)", { concurrency: 3 }, () => {
  for (const rel of selection()) {
    test(rel, async () => {
      const { run: r, built: b } = await buildAndRun(rel, OUT_DIR);
      assert.deepEqual(b, r);
    });
  }
});

test("AT0008 at exactly the 10,001st activation in a built module (same stack as atlas run)", async () => {
  const dir = mkdtempSync(path.join(OUT_DIR, "deep-"));
  const down = "fn down(n: number) -> number { if (n == 0) { return 0; } return 1 + down(n - 1); }\n";
  writeFileSync(path.join(dir, "ok.atl"), down + "print(down(9999));\n");
  writeFileSync(path.join(dir, "over.atl"), down + "print(down(10000));\n");
  for (const name of ["ok", "over"]) {
    assert.equal((await run(process.execPath, [ATLAS, "build", `${name}.atl`], dir)).exit, 0);
    const built = await run(process.execPath, [`${name}.mjs`], dir);
    const direct = await run(process.execPath, [ATLAS, "run", `${name}.atl`], dir);
    assert.deepEqual(built, direct);
  }
  assert.match((await run(process.execPath, ["over.mjs"], dir)).stderr, /^error\[AT0008\]: Stack overflow\n {2}--> over\.atl:1:69\n/);
});

test("a built module runs where atlas-lang is an installed dependency, and moved elsewhere", async () => {
  const app = mkdtempSync(path.join(tmpdir(), "atlas-build-app-"));
  try {
    mkdirSync(path.join(app, "node_modules"));
    symlinkSync(ROOT, path.join(app, "node_modules", "atlas-lang"), "dir");
    writeFileSync(path.join(app, "main.atl"), 'import { twice } from "./lib/_twice";\nprint(twice(21));\nprint(1 / 0);\n');
    mkdirSync(path.join(app, "lib"));
    writeFileSync(path.join(app, "lib", "_twice.atl"), "export fn twice(n: number) -> number { return n * 2; }\n");
    const build = await run(process.execPath, [ATLAS, "build", "main.atl", "-o", "bin/app.mjs"], app).catch(() => null);
    assert.ok(build !== null);
    // bin/ does not exist: a clear error, exit 1
    assert.equal(build.exit, 1);
    assert.match(build.stderr, /^atlas: cannot write 'bin\/app\.mjs': /);
    mkdirSync(path.join(app, "bin"));
    assert.equal((await run(process.execPath, [ATLAS, "build", "main.atl", "-o", "bin/app.mjs"], app)).exit, 0);
    const expected = await run(process.execPath, [ATLAS, "run", "main.atl"], app);
    assert.equal(expected.stdout, "42\n");
    assert.equal(expected.exit, 1);
    assert.deepEqual(await run(process.execPath, ["bin/app.mjs"], app), expected);
    // Without the package: one clear line, exit 1, no stack trace.
    const lonely = mkdtempSync(path.join(tmpdir(), "atlas-build-lonely-"));
    try {
      writeFileSync(path.join(lonely, "app.mjs"), readFileSync(path.join(app, "bin", "app.mjs")));
      const r = await run(process.execPath, ["app.mjs"], lonely);
      assert.equal(r.exit, 1);
      assert.equal(r.stderr, "error: this program needs the Atlas runtime: install the atlas-lang package where it can be imported from here\n");
    } finally {
      rmSync(lonely, { recursive: true, force: true });
    }
  } finally {
    rmSync(app, { recursive: true, force: true });
  }
});

test("the built module names the runtime by package name and holds no machine-specific path", () => {
  const text = buildModule(check('print("hi");'), { name: "main.atl", sourceFiles: ["../src/main.atl"] });
  assert.ok(text.startsWith("#!/usr/bin/env node\n"));
  assert.ok(text.includes(`await import(${JSON.stringify(RUNTIME_SPECIFIER)})`));
  assert.ok(!text.includes("file:"), "no file: URL");
  assert.ok(!text.includes(ROOT), "no absolute path of the build machine");
  const json = /^const program = (.*);$/m.exec(text);
  assert.ok(json !== null);
  const program = JSON.parse(json[1]) as { format: number; sourceFiles: string[]; files: { path: string }[] };
  assert.equal(program.format, BUILD_FORMAT);
  assert.deepEqual(program.sourceFiles, ["../src/main.atl"]);
  assert.deepEqual(
    program.files.map((f) => f.path),
    ["main.atl"],
  );
});

test("run-time flags of a built module: permission grants, --json, usage errors", async () => {
  const dir = mkdtempSync(path.join(OUT_DIR, "flags-"));
  writeFileSync(path.join(dir, "data.txt"), "payload\n");
  writeFileSync(path.join(dir, "read.atl"), 'print(readFile("data.txt"));\n');
  assert.equal((await run(process.execPath, [ATLAS, "build", "read.atl"], dir)).exit, 0);
  for (const args of [[], ["--allow-read"], ["--json"], ["--allow-read=data.txt", "--json"]]) {
    assert.deepEqual(await run(process.execPath, ["read.mjs", ...args], dir), await run(process.execPath, [ATLAS, "run", "read.atl", ...args], dir), args.join(" "));
  }
  assert.deepEqual(await run(process.execPath, ["read.mjs", "--frob"], dir), { stdout: "", stderr: "read.mjs: unknown option '--frob' for 'read.mjs'\n", exit: 2 });
  assert.deepEqual(await run(process.execPath, ["read.mjs", "--engine=interp"], dir), { stdout: "", stderr: "read.mjs: option '--engine' does not apply to a built program\n", exit: 2 });
  assert.deepEqual(await run(process.execPath, ["read.mjs", "extra"], dir), { stdout: "", stderr: "read.mjs: unexpected argument 'extra'\n", exit: 2 });
});

test("atlas build: usage errors (exit 2) and compile errors (exit 1, no output file)", async () => {
  const dir = mkdtempSync(path.join(OUT_DIR, "usage-"));
  writeFileSync(path.join(dir, "bad.atl"), "let x: number = \"s\";\n");
  const cases: [string[], number, RegExp][] = [
    [["build"], 2, /^atlas: 'build' requires FILE\n/],
    [["build", "a.atl", "b.atl"], 2, /^atlas: unexpected argument 'b\.atl' for 'build'\n/],
    [["build", "a.atl", "-o"], 2, /^atlas: option '--output' \(-o\) requires a file name\n/],
    [["build", "a.atl", "--frob"], 2, /^atlas: unknown option '--frob' for 'build'\n/],
    [["build", "bad.atl", "-o", "bad.atl"], 2, /^atlas: the output file would overwrite the program\n/],
    [["build", "missing.atl"], 1, /^error\[AT5002\]: Module not found: 'missing\.atl'/],
    [["build", "bad.atl"], 1, /^error\[AT3001\]/],
  ];
  for (const [args, exit, stderr] of cases) {
    const r = await run(process.execPath, [ATLAS, ...args], dir);
    assert.equal(r.exit, exit, args.join(" "));
    assert.match(r.stderr, stderr, args.join(" "));
    assert.equal(r.stdout, "");
  }
  assert.ok(!existsSync(path.join(dir, "bad.mjs")));
  assert.ok(!existsSync(path.join(dir, "missing.mjs")));
});
