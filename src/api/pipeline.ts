// The processing pipeline shared by the CLI (in its worker), the corpus runner and the
// embedding API: compile (front end) → report diagnostics → execute on an engine, for whole
// files (`atlas run`), single inputs (`atlas eval`) and REPL sessions (language.md §10).
import { readFileSync } from "node:fs";
import * as path from "node:path";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { compileProgram, compileSource, FrontendSession, type CompileResult } from "../check/frontend.js";
import type { BuiltinTable } from "../check/builtin-types.js";
import { displayType } from "../check/types.js";
import { decodeSource } from "../syntax/source.js";
import { parseProgram } from "../syntax/parser.js";
import { dumpAst } from "../syntax/ast-dump.js";
import type { EngineSession } from "../engines/engine.js";
import { RuntimeContext } from "../runtime/runtime-context.js";
import { display, typeOf } from "../runtime/display.js";
import type { Value } from "../runtime/values.js";
import { instantiateBuiltins, type BuiltinDef } from "../stdlib/registry.js";
import { addSourceFile, createPolicy } from "../security/policy.js";
import type { Clock } from "../runtime/clock.js";
import type { EngineName, Grants } from "../cli/args.js";
import { colourise, formatDiagnostic } from "../cli/output.js";
import { NodeFrontendHost, builtinTableWith } from "./frontend-host.js";
import { loadEngine } from "./engines.js";

/** Where a program's output and diagnostics go, and how diagnostics are rendered. */
export interface ProgramIO {
  sinks: { writeOut(text: string): void; writeErr(text: string): void; flush(): void };
  /** Display paths are relative to this directory (the working directory, §8.2). */
  baseDir: string;
  json: boolean;
  colour: boolean;
}

/** How to execute (a subset of the CLI's RunOptions, plus embedding knobs). */
export interface ExecOptions {
  engine: EngineName;
  grants: Grants;
  httpConnections?: number;
  trace?: string;
  asyncReport?: boolean;
  maxCallDepth?: number;
  clock?: Clock;
  /** Host natives (embedding API): extra builtins for the checker and the engines. */
  natives?: readonly BuiltinDef[];
}

export interface FileOutcome {
  exitCode: number;
  diagnostics: Diagnostic[];
}

function writeDiagnostics(ds: readonly Diagnostic[], io: ProgramIO): void {
  for (const d of ds) io.sinks.writeErr(formatDiagnostic(d, io));
}

const DIAGNOSTIC_TEXT = /^(error|warning)\[AT\d+\]: [^\n]*\n[\s\S]*\n\n$/;

/**
 * A RuntimeContext writing to `io` (diagnostics coloured like compile-time ones), with the
 * permission policy of `options.grants` (relative to `io.baseDir`, the program's working
 * directory) under which the program's own `sourceFiles` are readable (stdlib.md §11.1.4).
 */
export function createContext(options: ExecOptions, io: ProgramIO, sourceFiles: Iterable<string> = []): RuntimeContext {
  const natives = options.natives ?? [];
  const limits = options.httpConnections !== undefined ? { httpConnections: options.httpConnections } : {};
  const policy = createPolicy(options.grants, io.baseDir, limits);
  for (const f of sourceFiles) addSourceFile(policy, f);
  const stderr = io.colour
    ? (t: string) => io.sinks.writeErr(DIAGNOSTIC_TEXT.test(t) ? colourise(t) : t)
    : (t: string) => io.sinks.writeErr(t);
  return new RuntimeContext({
    stdout: (t) => io.sinks.writeOut(t),
    stderr,
    jsonDiagnostics: io.json,
    policy,
    ...(options.maxCallDepth !== undefined ? { maxCallDepth: options.maxCallDepth } : {}),
    ...(options.clock !== undefined ? { clock: options.clock } : {}),
    builtins: (ctx) => withNatives(instantiateBuiltins(ctx), natives, ctx),
  });
}

function withNatives(map: Map<string, Value>, natives: readonly BuiltinDef[], ctx: RuntimeContext): Map<string, Value> {
  for (const def of natives) {
    if (def.make !== undefined) map.set(def.name, tagBuiltin(def.make(ctx), def.name));
    else if (def.constant !== undefined) map.set(def.name, def.constant);
  }
  return map;
}

function tagBuiltin(f: (...args: Value[]) => Value, name: string): Value {
  const fn = f as ((...args: Value[]) => Value) & { atlasKind?: string; atlasName?: string | null };
  fn.atlasKind = "builtin";
  fn.atlasName = name;
  return fn as unknown as Value;
}

function tableFor(options: ExecOptions): BuiltinTable {
  return builtinTableWith(options.natives ?? []);
}

// ───────────────────────────── whole files ─────────────────────────────

/** A compiled program file with the host that read it (its source files are readable). */
export interface CompiledFile {
  readonly result: CompileResult;
  readonly host: NodeFrontendHost;
}

/** Phases 1–3 of `atlas run FILE` (nothing written yet). */
export function compileFile(file: string, options: ExecOptions, baseDir: string): CompiledFile {
  const abs = path.resolve(baseDir, file);
  const host = new NodeFrontendHost(baseDir);
  return { result: compileProgram(abs, host, tableFor(options)), host };
}

/** Reports a compiled file's diagnostics and, without errors, executes it. */
export async function executeFile(compiled: CompiledFile, options: ExecOptions, io: ProgramIO): Promise<FileOutcome> {
  const { result, host } = compiled;
  writeDiagnostics(result.diagnostics, io);
  if (result.program === null) return { exitCode: 1, diagnostics: result.diagnostics };
  const engine = await loadEngine(options.engine);
  const ctx = createContext(options, io, host.sourceFiles);
  // async.md §A10.2–§A10.3: --trace / --async-report (loaded only when asked for).
  const entry = result.program.modules[result.program.modules.length - 1];
  const obs =
    options.trace !== undefined || options.asyncReport === true
      ? (await import("../cli/observability.js")).startObservability(ctx, options, io, `atlas run ${entry.file.path}`)
      : null;
  const run = await engine.run(result.program, ctx);
  io.sinks.flush();
  const exitCode = obs === null ? run.exitCode : obs.finish(run.exitCode);
  return { exitCode, diagnostics: [...result.diagnostics, ...run.diagnostics] };
}

/** `atlas run FILE`: compile, report, execute. Never rejects for program errors. */
export async function runFile(file: string, options: ExecOptions, io: ProgramIO): Promise<FileOutcome> {
  return executeFile(compileFile(file, options, io.baseDir), options, io);
}

/** `atlas check FILE`: phases 1–3 only. */
export function checkFile(absPath: string, baseDir: string): { ok: boolean; diagnostics: Diagnostic[]; displayName: string } {
  const host = new NodeFrontendHost(baseDir);
  const compiled = compileProgram(absPath, host, builtinTableWith([]));
  return { ok: compiled.program !== null, diagnostics: compiled.diagnostics, displayName: host.displayPath(absPath) };
}

/** `atlas ast FILE`: the parser's S-expression dump, or the diagnostics that prevent it. */
export function parseFileForDump(absPath: string, baseDir: string): { dump: string | null; diagnostics: Diagnostic[] } {
  const host = new NodeFrontendHost(baseDir);
  const bytes = host.readFile(absPath);
  const shown = host.displayPath(absPath);
  if (bytes === null) {
    return { dump: null, diagnostics: [cliError("AT5002", `Module not found: '${shown}'`)] };
  }
  const decoded = decodeSource(bytes, shown, host.realpath(absPath));
  if (decoded.diagnostics.length > 0) return { dump: null, diagnostics: decoded.diagnostics };
  const parsed = parseProgram(decoded.file);
  if (parsed.diagnostics.some((d) => d.severity === "error")) return { dump: null, diagnostics: parsed.diagnostics };
  return { dump: dumpAst(parsed.program), diagnostics: parsed.diagnostics };
}

function cliError(code: string, message: string): Diagnostic {
  return { severity: "error", code, message, span: null, label: "", notes: [], related: [] };
}

// ───────────────────────────── eval ─────────────────────────────

/** Phases 1–3 of `atlas eval SOURCE`: one REPL-like input named `<eval>`. */
export function compileEval(source: string, options: ExecOptions): CompileResult {
  return compileSource(source, "<eval>", tableFor(options));
}

/** Reports the diagnostics of a compiled eval input and runs it in a fresh runtime; prints its value. */
export async function executeEval(compiled: CompileResult, options: ExecOptions, io: ProgramIO): Promise<number> {
  writeDiagnostics(compiled.diagnostics, io);
  if (compiled.program === null) return 1;
  const engine = await loadEngine(options.engine);
  const ctx = createContext(options, io);
  const session = engine.session(ctx);
  try {
    const r = await session.runInput(compiled.program);
    if (!r.ok) {
      for (const d of r.diagnostics) ctx.report(d);
      return 1;
    }
    if (r.isExpression && (io.json || r.value !== null)) {
      ctx.writeOut(io.json ? JSON.stringify({ type: typeOf(r.value), display: display(r.value) }) + "\n" : display(r.value) + "\n");
    }
    const unhandled = await session.settle();
    return unhandled.length > 0 ? 1 : 0;
  } finally {
    shutdown(ctx);
    io.sinks.flush();
  }
}

/** `atlas eval SOURCE`: compile, report, run, print the final expression's value. */
export async function evalCommand(source: string, options: ExecOptions, io: ProgramIO): Promise<number> {
  return executeEval(compileEval(source, options), options, io);
}

function shutdown(ctx: RuntimeContext): void {
  ctx.scheduler.shutdown();
  try {
    ctx.flushOut();
  } catch {
    // a failing sink has nobody left to report to
  }
}

// ───────────────────────────── REPL ─────────────────────────────

const VARS_PER_PAGE = 20;

/** One `atlas repl` session (language.md §10.2): front-end session + engine session. */
export class ReplSession {
  private readonly front: FrontendSession;
  private readonly ctx: RuntimeContext;
  private engine: EngineSession | null = null;

  constructor(
    private readonly options: ExecOptions,
    private readonly io: ProgramIO,
  ) {
    this.front = new FrontendSession(tableFor(options));
    this.ctx = createContext(options, io);
  }

  private async session(): Promise<EngineSession> {
    this.engine ??= (await loadEngine(this.options.engine)).session(this.ctx);
    return this.engine;
  }

  /** Compiles and runs one input; echoes the value of a final expression statement. */
  async input(text: string): Promise<void> {
    const r = await this.execute(text);
    if (r.kind === "value" && r.isExpression && r.value !== null) this.ctx.writeOut(display(r.value) + "\n");
    this.ctx.flushOut();
  }

  /** Compiles and runs `text`; diagnostics are written, the outcome returned. */
  private async execute(
    text: string,
    quiet = false,
  ): Promise<{ kind: "value"; value: Value; isExpression: boolean } | { kind: "failed" }> {
    const compiled = this.front.addInput(text, "<repl>");
    if (!quiet || compiled.program === null) writeDiagnostics(compiled.diagnostics, this.io);
    if (compiled.program === null) return { kind: "failed" };
    const r = await (await this.session()).runInput(compiled.program);
    if (!r.ok) {
      if (!quiet) for (const d of r.diagnostics) this.ctx.report(d);
      return { kind: "failed" };
    }
    return { kind: "value", value: r.value, isExpression: r.isExpression };
  }

  /** `:load FILE`: the file's contents as one input. */
  async load(file: string): Promise<void> {
    let text: string;
    try {
      text = readFileSync(path.resolve(this.io.baseDir, file), "utf8");
    } catch (e) {
      const reason = (e as { code?: unknown }).code === "ENOENT" ? "no such file" : "cannot read it";
      this.io.sinks.writeErr(`:load: cannot load '${file}': ${reason}\n`);
      return;
    }
    await this.input(text);
  }

  /** `:type EXPR`: the type, without evaluating. */
  typeOf(text: string): void {
    const r = this.front.checkInput(text, "<repl>");
    writeDiagnostics(r.diagnostics, this.io);
    if (r.program === null) return;
    if (r.lastExprType === undefined) {
      this.io.sinks.writeErr(":type: expected an expression\n");
      return;
    }
    this.io.sinks.writeOut(`type: ${displayType(r.lastExprType)}\n`);
  }

  /** `:vars [page]`: `<name>: <type> = <Display>`, 20 per page. */
  async vars(page: number): Promise<void> {
    const all = this.front.globals();
    if (all.length === 0) {
      this.io.sinks.writeOut("(no variables)\n");
      return;
    }
    const pages = Math.ceil(all.length / VARS_PER_PAGE);
    if (page > pages) {
      this.io.sinks.writeOut(`(page ${page} is empty; there ${pages === 1 ? "is 1 page" : `are ${pages} pages`})\n`);
      return;
    }
    const lines: string[] = [];
    for (const g of all.slice((page - 1) * VARS_PER_PAGE, page * VARS_PER_PAGE)) {
      const type = g.type === null ? "unknown" : displayType(g.type);
      const v = await this.execute(g.name, true);
      const shown = v.kind === "value" ? display(v.value) : "<uninitialised>";
      lines.push(`${g.name}: ${type} = ${shown}\n`);
    }
    if (pages > 1) lines.push(`(page ${page} of ${pages}; :vars ${page < pages ? page + 1 : 1} for more)\n`);
    this.ctx.flushOut();
    this.io.sinks.writeOut(lines.join(""));
  }

  /** End of the session: lets pending work finish and reports unhandled rejections. */
  async finish(): Promise<void> {
    if (this.engine !== null) await this.engine.settle();
    shutdown(this.ctx);
  }
}
