// `atlas test` as data (stdlib.md §17.3): discovers `*.test.atl` files, compiles each once, and
// runs every top-level parameterless `fn test_*()` in a fresh runtime, producing results and
// events. Rendering (human text, JSON summary) and the worker thread are cli/test-command.ts's.
import { readdirSync, statSync, type Dirent } from "node:fs";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { compileProgram, type FrontendHost } from "../check/frontend.js";
import type { CheckedProgram } from "../check/program.js";
import type { Type } from "../check/types.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { sortDiagnostics } from "../diagnostics/render.js";
import type { SourceFile, Span } from "../diagnostics/span.js";
import type * as ast from "../syntax/ast.js";
import { parseProgram } from "../syntax/parser.js";
import { decodeSource } from "../syntax/source.js";
import type { BuiltinDef } from "../stdlib/registry.js";
import type { RunResult } from "../runtime/outcome.js";
import type { RuntimeContext } from "../runtime/runtime-context.js";
import type { EngineName } from "../cli/args.js";
import { builtinTableWith, NodeFrontendHost } from "./frontend-host.js";
import { loadEngine } from "./engines.js";
import { createContext, type ExecOptions, type ProgramIO } from "./pipeline.js";

// ───────────────────────────── results ─────────────────────────────

export type TestStatus = "passed" | "failed";

export interface TestResult {
  readonly name: string;
  /** Display path of the test file (language.md §8.2). */
  readonly file: string;
  /** Position of the test function's name. */
  readonly line: number;
  readonly column: number;
  readonly status: TestStatus;
  readonly durationMs: number;
  /** Everything the test printed to stdout (top-level code included). */
  readonly output: string;
  /** The error that failed the test (the first runtime error), else null. */
  readonly error: Diagnostic | null;
  /** Every runtime diagnostic of the test's run (errors and warnings such as AT2010). */
  readonly diagnostics: readonly Diagnostic[];
}

export interface FileResult {
  readonly file: string;
  /** "error": the file did not compile and none of its tests ran. */
  readonly status: "passed" | "failed" | "error";
  /** Compile-time diagnostics (warnings; errors when status is "error"). */
  readonly diagnostics: readonly Diagnostic[];
  readonly tests: readonly TestResult[];
}

export interface TestSummary {
  readonly files: readonly FileResult[];
  readonly tests: number;
  readonly passed: number;
  readonly failed: number;
  /** Test files that did not compile. */
  readonly fileErrors: number;
}

/** Progress events, in order: per file `compiled`, then `testDone` per test. */
export interface TestListener {
  compiled?(file: string, diagnostics: readonly Diagnostic[], testCount: number | null): void;
  testDone?(result: TestResult): void;
}

export interface TestRunOptions extends ExecOptions {
  /** Working directory: display paths, relative grants and program paths are relative to it. */
  readonly baseDir: string;
  /** Receives program output as it is printed (besides being captured in TestResult.output). */
  readonly onOutput?: (text: string) => void;
}

// ───────────────────────────── discovery ─────────────────────────────

export const TEST_FILE_SUFFIX = ".test.atl";

/** Directories never searched: hidden ones (`.git`) and `node_modules`. */
function skippedDir(name: string): boolean {
  return name.startsWith(".") || name === "node_modules";
}

/** Code point order (that of UTF-8 bytes), the library's string order (stdlib.md §1.4.3). */
function compareNames(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
}

/**
 * The test files of `target` (absolute): the file itself, or every `*.test.atl` found
 * recursively below the directory, in path order (entries of each directory sorted by name,
 * depth first). Symlinks to files are followed; symlinked directories are not (no cycles).
 * Returns null when `target` does not exist.
 */
export function discoverTestFiles(target: string): string[] | null {
  let isDir: boolean;
  try {
    isDir = statSync(target).isDirectory();
  } catch {
    return null;
  }
  if (!isDir) return [target];
  const found: string[] = [];
  const stack: string[] = [target];
  while (stack.length > 0) {
    const dir = stack.pop() as string;
    const entries = readEntries(dir);
    const subdirs: string[] = [];
    for (const e of entries) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (!skippedDir(e.name)) subdirs.push(full);
      } else if (e.name.endsWith(TEST_FILE_SUFFIX) && isFile(e, full)) {
        found.push(full);
      }
    }
    // Depth-first in name order: push subdirectories in reverse so the first pops first.
    for (let i = subdirs.length - 1; i >= 0; i--) stack.push(subdirs[i]);
  }
  return found.sort((a, b) => compareNames(toComponents(a), toComponents(b)));
}

/** Path components joined by NUL, which sorts before every name char: component-wise order. */
function toComponents(p: string): string {
  return p.split(path.sep).join("\0");
}

function readEntries(dir: string): Dirent[] {
  try {
    return readdirSync(dir, { withFileTypes: true }).sort((a, b) => compareNames(a.name, b.name));
  } catch {
    return []; // unreadable directory: nothing to run there
  }
}

function isFile(e: Dirent, full: string): boolean {
  if (e.isFile()) return true;
  if (!e.isSymbolicLink()) return false;
  try {
    return statSync(full).isFile();
  } catch {
    return false;
  }
}

// ───────────────────────────── test functions and the driver ─────────────────────────────

/** A `fn test_*()` of a test file. */
export interface TestCase {
  readonly name: string;
  /** UTF-16 offsets of the function's name in the file text. */
  readonly nameStart: number;
  readonly nameEnd: number;
  /** Whether the driver awaits its result (async fn, or declared to return a Future/Task). */
  awaits: boolean;
}

/** Every top-level (possibly exported) parameterless `fn test_*()` in source order. */
export function findTests(program: ast.Program): TestCase[] {
  const tests: TestCase[] = [];
  for (const stmt of program.body) {
    const fn = stmt.kind === "FnDecl" ? stmt : stmt.kind === "Export" && stmt.decl.kind === "FnDecl" ? stmt.decl : null;
    if (fn === null || !fn.name.name.startsWith("test_") || fn.params.length > 0) continue;
    tests.push({ name: fn.name.name, nameStart: fn.name.span.start, nameEnd: fn.name.span.end, awaits: returnsFuture(fn) });
  }
  return tests;
}

/** The syntactic guess; aliases of Future types are caught after type checking. */
function returnsFuture(fn: ast.FnDecl): boolean {
  if (fn.isAsync) return true;
  const r = fn.returnType;
  return r !== null && r.kind === "NamedType" && (r.name.name === "Future" || r.name.name === "Task");
}

/** The host native the driver asks which test this run is for. */
export const SELECT_NATIVE = "__atlas_test_case";

/**
 * The code appended to a test file: after its top-level code, call the selected test.
 *   if (__atlas_test_case() == 0) { test_a(); }
 *   else if (__atlas_test_case() == 1) { await test_b(); }
 * Each branch is one line; `ranges[i]` is test i's branch (UTF-16 offsets relative to the
 * driver text) so that diagnostics located there can be moved to the test's name.
 */
export function driverText(tests: readonly TestCase[]): { text: string; ranges: [number, number][] } {
  if (tests.length === 0) return { text: "", ranges: [] };
  let text = "\n";
  const ranges: [number, number][] = [];
  tests.forEach((t, i) => {
    const start = text.length;
    text += `${i === 0 ? "" : "else "}if (${SELECT_NATIVE}() == ${i}) { ${t.awaits ? "await " : ""}${t.name}(); }\n`;
    ranges.push([start, text.length]);
  });
  return { text, ranges };
}

/** The compile-time view of one test file. */
interface CompiledTestFile {
  /** Canonical path of the test file. */
  readonly entry: string;
  readonly display: string;
  readonly program: CheckedProgram | null;
  readonly diagnostics: Diagnostic[];
  readonly tests: TestCase[];
  readonly sourceFiles: Iterable<string>;
  /** Offset where the driver starts in the entry module's text. */
  readonly driverStart: number;
  readonly ranges: [number, number][];
}

/** A NodeFrontendHost that serves the entry file with the driver appended. */
class DriverHost implements FrontendHost {
  constructor(
    readonly inner: NodeFrontendHost,
    private readonly entry: string,
    private readonly bytes: Uint8Array,
  ) {}

  readFile(absPath: string): Uint8Array | null {
    const b = this.inner.readFile(absPath);
    return b !== null && absPath === this.entry ? this.bytes : b;
  }

  realpath(absPath: string): string | null {
    return this.inner.realpath(absPath);
  }

  displayPath(absPath: string): string {
    return this.inner.displayPath(absPath);
  }
}

function concatBytes(a: Uint8Array, text: string): Uint8Array {
  const b = Buffer.from(text, "utf8");
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

function selectorNative(select: () => number): BuiltinDef {
  return { name: SELECT_NATIVE, signature: "() -> number", protected: false, make: () => () => select() };
}

/** Reads, parses (to find the tests) and compiles a test file with its driver. */
function compileTestFile(file: string, options: TestRunOptions, natives: readonly BuiltinDef[]): CompiledTestFile {
  const inner = new NodeFrontendHost(options.baseDir);
  const entry = inner.realpath(file) ?? file;
  const display = inner.displayPath(entry);
  const bytes = inner.readFile(entry);
  let tests: TestCase[] = [];
  let driverStart = 0;
  if (bytes !== null) {
    const decoded = decodeSource(bytes, display, entry);
    driverStart = decoded.file.text.length;
    if (decoded.diagnostics.length === 0) {
      const parsed = parseProgram(decoded.file);
      if (!parsed.diagnostics.some((d) => d.severity === "error")) tests = findTests(parsed.program);
    }
  }
  const compile = (): CompiledTestFile => {
    const { text, ranges } = driverText(tests);
    const host = new DriverHost(inner, entry, bytes === null ? new Uint8Array() : concatBytes(bytes, text));
    const r = compileProgram(entry, host, builtinTableWith(natives));
    return { entry, display, program: r.program, diagnostics: r.diagnostics, tests, sourceFiles: inner.sourceFiles, driverStart, ranges };
  };
  let compiled = compile();
  // A test declared with an alias of a Future type: await it too (one recompile).
  if (compiled.program !== null && fixAwaits(compiled.program, tests, driverStart)) compiled = compile();
  return compiled;
}

/** Sets `awaits` from the checked types of the driver's calls; true if anything changed. */
function fixAwaits(program: CheckedProgram, tests: TestCase[], driverStart: number): boolean {
  const entry = program.modules[program.modules.length - 1];
  const byName = new Map(tests.map((t) => [t.name, t]));
  let changed = false;
  for (const stmt of entry.ast.body) {
    if (stmt.span.start < driverStart) continue;
    for (const call of driverCalls(stmt)) {
      const t = call.callee.kind === "Ident" ? byName.get(call.callee.name) : undefined;
      const type = program.types.get(call);
      if (t !== undefined && type !== undefined && !t.awaits && isFutureType(type)) {
        t.awaits = true;
        changed = true;
      }
    }
  }
  return changed;
}

/** The test calls of the driver's if-chain (see driverText). */
function driverCalls(stmt: ast.Stmt): ast.Call[] {
  const calls: ast.Call[] = [];
  let s: ast.Stmt | null = stmt;
  while (s !== null && s.kind === "If") {
    for (const inner of s.then.body) {
      if (inner.kind !== "ExprStmt") continue;
      const e = inner.expr.kind === "Await" ? inner.expr.operand : inner.expr;
      if (e.kind === "Call") calls.push(e);
    }
    s = s.else;
  }
  return calls;
}

function isFutureType(t: Type): boolean {
  return t.kind === "generic" && (t.name === "Future" || t.name === "Task");
}

// ───────────────────────────── locations in the driver ─────────────────────────────

/**
 * Diagnostics never point into the generated driver: a span there (a deadlocked `await
 * test_x()`, a compile error caused by calling the test) moves to the test function's name,
 * and so do `file:line:col` locations in notes.
 */
class DriverLocations {
  private readonly firstDriverLine: number;

  constructor(
    private readonly file: SourceFile,
    private readonly driverStart: number,
  ) {
    this.firstDriverLine = file.position(driverStart).line + 1;
  }

  static forProgram(program: CheckedProgram, driverStart: number): DriverLocations {
    return new DriverLocations(program.modules[program.modules.length - 1].file, driverStart);
  }

  inDriver(s: Span | null): boolean {
    return s !== null && s.file === this.file && s.start >= this.driverStart;
  }

  remap(d: Diagnostic, target: (s: Span) => Span): Diagnostic {
    const span = d.span !== null && this.inDriver(d.span) ? target(d.span) : d.span;
    const related = d.related.map((r) => (this.inDriver(r.span) ? { span: target(r.span), message: r.message } : r));
    const notes = d.notes.map((n) => this.remapNote(n, target));
    return { ...d, span, related, notes };
  }

  private remapNote(note: string, target: (s: Span) => Span): string {
    const prefix = `${this.file.path}:`;
    let at = note.indexOf(prefix);
    while (at >= 0) {
      const m = /^(\d+):(\d+)/.exec(note.slice(at + prefix.length));
      if (m !== null && Number(m[1]) >= this.firstDriverLine) {
        const t = target({ file: this.file, start: this.driverStart, end: this.driverStart });
        const p = this.file.position(t.start);
        const loc = `${p.line}:${p.column}`;
        note = note.slice(0, at + prefix.length) + loc + note.slice(at + prefix.length + m[0].length);
      }
      at = note.indexOf(prefix, at + prefix.length);
    }
    return note;
  }
}

// ───────────────────────────── running ─────────────────────────────

function counts(tests: readonly TestResult[]): { passed: number; failed: number } {
  const passed = tests.filter((t) => t.status === "passed").length;
  return { passed, failed: tests.length - passed };
}

/** Runs the tests of `files` (absolute paths, in order); never rejects for program errors. */
export async function runTests(files: readonly string[], options: TestRunOptions, listener: TestListener = {}): Promise<TestSummary> {
  const results: FileResult[] = [];
  for (const f of files) results.push(await runTestFile(f, options, listener));
  const all = results.flatMap((r) => r.tests);
  const { passed, failed } = counts(all);
  return { files: results, tests: all.length, passed, failed, fileErrors: results.filter((r) => r.status === "error").length };
}

/** Compiles one test file and runs each of its tests in a fresh runtime. */
export async function runTestFile(file: string, options: TestRunOptions, listener: TestListener = {}): Promise<FileResult> {
  let selected = 0;
  const natives = [...(options.natives ?? []), selectorNative(() => selected)];
  const c = compileTestFile(file, options, natives);
  if (c.program === null) {
    const diagnostics = remapCompile(c);
    listener.compiled?.(c.display, diagnostics, null);
    return { file: c.display, status: "error", diagnostics, tests: [] };
  }
  const program = c.program;
  listener.compiled?.(c.display, c.diagnostics, c.tests.length);
  const runner = await makeRunner(options.engine, program);
  const locations = DriverLocations.forProgram(program, c.driverStart);
  const entryFile = program.modules[program.modules.length - 1].file;
  const tests: TestResult[] = [];
  for (let i = 0; i < c.tests.length; i++) {
    selected = i;
    const t = c.tests[i];
    const nameSpan: Span = { file: entryFile, start: t.nameStart, end: t.nameEnd };
    const pos = entryFile.position(t.nameStart);
    const where = { name: t.name, file: c.display, line: pos.line, column: pos.column };
    const r = await runOneTest(runner, { ...options, natives }, c.sourceFiles, where, (d) => locations.remap(d, () => nameSpan));
    tests.push(r);
    listener.testDone?.(r);
  }
  const status = counts(tests).failed > 0 ? "failed" : "passed";
  return { file: c.display, status, diagnostics: c.diagnostics, tests };
}

/** Compile diagnostics with driver locations moved to the test they concern. */
function remapCompile(c: CompiledTestFile): Diagnostic[] {
  const spans = c.diagnostics.flatMap((d) => [d.span, ...d.related.map((r) => r.span)]);
  const file = spans.find((s) => s !== null && s.file.absPath === c.entry)?.file;
  if (file === undefined || c.tests.length === 0) return c.diagnostics;
  const locations = new DriverLocations(file, c.driverStart);
  const target = (s: Span): Span => {
    const rel = s.start - c.driverStart;
    const t = c.tests[Math.max(0, c.ranges.findIndex(([a, b]) => rel >= a && rel < b))];
    return { file, start: t.nameStart, end: t.nameEnd };
  };
  return sortDiagnostics(c.diagnostics.map((d) => locations.remap(d, target)));
}

type Runner = (ctx: RuntimeContext) => Promise<RunResult>;

/**
 * Runs the checked program on a fresh context. The compiled engine generates the JavaScript
 * once per file rather than once per test (code generation dominates a test's cost); if that
 * fails, each run goes through the engine, which reports the failure as usual.
 */
async function makeRunner(engine: EngineName, program: CheckedProgram): Promise<Runner> {
  if (engine === "compiled") {
    const [{ compileProgram: generate }, { runCompiled }] = await Promise.all([
      import("../engines/compiler/compile.js"),
      import("../engines/compiler/engine.js"),
    ]);
    try {
      const compiled = generate(program);
      return (ctx) => runCompiled(compiled, ctx);
    } catch {
      // fall through: engine.run reports it (AT9995) for each test
    }
  }
  const e = await loadEngine(engine);
  return (ctx) => e.run(program, ctx);
}

/** One test: the file's top level, then the test, in a fresh runtime, with env restored after. */
async function runOneTest(
  run: Runner,
  options: TestRunOptions,
  sourceFiles: Iterable<string>,
  where: { name: string; file: string; line: number; column: number },
  remap: (d: Diagnostic) => Diagnostic,
): Promise<TestResult> {
  let output = "";
  const io: ProgramIO = {
    sinks: {
      writeOut: (text) => {
        output += text;
        options.onOutput?.(text);
      },
      writeErr: () => {}, // runtime diagnostics are taken from the run's result instead
      flush: () => {},
    },
    baseDir: options.baseDir,
    json: false,
    colour: false,
  };
  const env = { ...process.env };
  const ctx = createContext(options, io, sourceFiles);
  const started = performance.now();
  const result = await run(ctx);
  const durationMs = performance.now() - started;
  restoreEnv(env);
  const diagnostics = result.diagnostics.map(remap);
  const error = diagnostics.find((d) => d.severity === "error") ?? null;
  return {
    ...where,
    status: result.exitCode === 0 && error === null ? "passed" : "failed",
    durationMs,
    output,
    error,
    diagnostics,
  };
}

/** Undoes `setEnv`/`unsetEnv` of a test: each test starts with the environment of the first. */
function restoreEnv(saved: NodeJS.ProcessEnv): void {
  for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
  for (const [k, v] of Object.entries(saved)) if (v !== undefined && process.env[k] !== v) process.env[k] = v;
}
