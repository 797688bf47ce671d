// The embedding API of language.md §10.3: `new Runtime(options)`, `rt.eval(source)` with
// declarations persisting across evals (as in the REPL), `rt.runFile(path)`, and
// `rt.registerNative(name, signature, impl)` for typed host functions. Runs in the host's
// thread; see docs/embedding.md for the call depth that fits there.
import * as path from "node:path";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { toRecord, type DiagnosticRecord } from "../diagnostics/render.js";
import { FrontendSession } from "../check/frontend.js";
import { buildBuiltinTable } from "../check/builtin-types.js";
import { parseSignature } from "../syntax/parse-signature.js";
import type * as ast from "../syntax/ast.js";
import type { EngineSession } from "../engines/engine.js";
import type { RuntimeContext } from "../runtime/runtime-context.js";
import { RuntimeError } from "../runtime/errors.js";
import { stackOverflowError } from "../runtime/report.js";
import { ErrorValue, type Value } from "../runtime/values.js";
import { BUILTINS, type BuiltinDef } from "../stdlib/registry.js";
import type { EngineName, Grants } from "../cli/args.js";
import { GrantError, validateGrants } from "../security/flags.js";
import { DEFAULT_ENGINE, ENGINES } from "../cli/args.js";
import { createContext, runFile, type ExecOptions, type ProgramIO } from "./pipeline.js";
import { loadEngine } from "./engines.js";
import { builtinTableWith } from "./frontend-host.js";
import { fromHost, toHost, typeText } from "./value-mapping.js";

export { AtlasHandle } from "./value-mapping.js";
export type { DiagnosticRecord } from "../diagnostics/render.js";

/** A permission grant per kind: `true` (unrestricted) or a list of entries (stdlib.md §11.2). */
export type Permissions = Grants;

export interface RuntimeOptions {
  /** `"compiled"` (the default) or `"interp"`. */
  engine?: EngineName;
  /** Permission grants; everything not granted is denied. */
  permissions?: Permissions;
  /** Receives program output (default: process.stdout). */
  stdout?: (text: string) => void;
  /** Receives diagnostics and other stderr text (default: process.stderr). */
  stderr?: (text: string) => void;
  /** Maximum simultaneous Atlas activations (default 10,000, language.md §6.7). */
  maxCallDepth?: number;
  /** Per-origin HTTP connection limit (async.md §A8). */
  httpConnections?: number;
}

export type EvalResult =
  | { ok: true; value: unknown; warnings: DiagnosticRecord[] }
  | { ok: false; diagnostics: DiagnosticRecord[] };

export interface RunFileResult {
  exitCode: number;
  diagnostics: DiagnosticRecord[];
}

/** A host function: receives mapped arguments, returns a mapped value (or a Promise of one). */
export type NativeImpl = (...args: unknown[]) => unknown;

const IDENT = /^[\p{Alphabetic}_][\p{Alphabetic}\p{N}_]*$/u;

interface NativeSpec {
  readonly def: BuiltinDef;
  readonly params: ast.TypeExpr[];
  readonly result: ast.TypeExpr;
}

export class Runtime {
  private readonly options: RuntimeOptions;
  private readonly engineName: EngineName;
  private readonly natives: NativeSpec[] = [];
  private started = false;
  private front: FrontendSession | null = null;
  private ctx: RuntimeContext | null = null;
  private session: EngineSession | null = null;
  /** Serialises evals: each runs after the previous one's top-level code completed. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(options: RuntimeOptions = {}) {
    const engine = options.engine ?? DEFAULT_ENGINE;
    if (!Object.prototype.hasOwnProperty.call(ENGINES, engine)) throw new TypeError(`Runtime: unknown engine '${String(engine)}'`);
    if (!ENGINES[engine].available) {
      throw new Error(`Runtime: the ${engine} engine is not available`);
    }
    if (options.maxCallDepth !== undefined && !(Number.isInteger(options.maxCallDepth) && options.maxCallDepth > 0)) {
      throw new TypeError("Runtime: maxCallDepth must be a positive integer");
    }
    let grants: Grants;
    try {
      grants = validateGrants(options.permissions);
    } catch (e) {
      if (e instanceof GrantError) throw new TypeError(`Runtime: ${e.message}`);
      throw e;
    }
    this.options = { ...options, permissions: grants };
    this.engineName = engine;
  }

  /**
   * Makes a host function available to Atlas code as a builtin named `name`, with the Atlas
   * function type `signature` (e.g. `"(number, string) -> bool"`, `"(string) -> Future<json>"`).
   * Must be called before the first eval/runFile. Throws (a JS error) on a bad name or signature.
   */
  registerNative(name: string, signature: string, impl: NativeImpl): void {
    if (this.started) throw new Error("Runtime.registerNative: natives must be registered before the first eval or runFile");
    if (typeof impl !== "function") throw new TypeError("Runtime.registerNative: impl must be a function");
    if (!IDENT.test(name)) throw new TypeError(`Runtime.registerNative: '${name}' is not a valid Atlas identifier`);
    if (BUILTINS.some((b) => b.name === name) || this.natives.some((n) => n.def.name === name)) {
      throw new Error(`Runtime.registerNative: a builtin named '${name}' already exists`);
    }
    const text = toLibrarySignature(signature);
    let decl: ast.SignatureDecl;
    try {
      const decls = parseSignature(text);
      if (decls.length !== 1 || decls[0].constantType !== null) throw new Error("expected one function type");
      decl = decls[0];
      // Resolve the types now, so that unknown type names fail here and not in a later check.
      const probe = buildBuiltinTable([...BUILTINS, { name, signature: text, protected: false }]);
      probe.overloads(name);
    } catch (e) {
      throw new TypeError(`Runtime.registerNative: invalid signature '${signature}' for '${name}': ${messageOf(e)}`);
    }
    const params = decl.params.map((p) => p.type);
    const result = decl.result;
    const def: BuiltinDef = {
      name,
      signature: text,
      protected: false,
      make: (ctx) => nativeFunction(name, impl, result, ctx as RuntimeContext),
    };
    this.natives.push({ def, params, result });
  }

  /**
   * Processes `source` as a program named `<input>` (or `name`), seeing the declarations of
   * earlier evals; resolves to the value of its final expression statement (mapped to JS),
   * or to the diagnostics (compile-time or runtime) that stopped it.
   */
  eval(source: string, name = "<input>"): Promise<EvalResult> {
    const run = this.queue.then(() => this.evalNow(String(source), name));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async evalNow(source: string, name: string): Promise<EvalResult> {
    const { front, session } = await this.ensureSession();
    const compiled = front.addInput(source, name);
    const records = compiled.diagnostics.map(toRecord);
    if (compiled.program === null) return { ok: false, diagnostics: records };
    const r = await session.runInput(compiled.program);
    if (!r.ok) return { ok: false, diagnostics: [...records, ...r.diagnostics.map(toRecord)] };
    return { ok: true, value: toHost(r.value), warnings: records };
  }

  /**
   * Runs a program file in a fresh program state (like `atlas run`, writing its diagnostics to
   * the stderr sink) and resolves to its exit status and diagnostics.
   */
  async runFile(file: string): Promise<RunFileResult> {
    this.started = true;
    const io = this.io();
    const outcome = await runFile(path.resolve(file), this.execOptions(), io);
    return { exitCode: outcome.exitCode, diagnostics: outcome.diagnostics.map(toRecord) };
  }

  /**
   * Waits until the work started by evals (timers, tasks, I/O) has finished; resolves to the
   * unhandled-rejection diagnostics (AT0175) found meanwhile, which are also written to stderr.
   */
  async settle(): Promise<DiagnosticRecord[]> {
    await this.queue;
    if (this.session === null) return [];
    return (await this.session.settle()).map(toRecord);
  }

  /** Cancels pending work of evals; the runtime must not be used afterwards. */
  close(): void {
    this.ctx?.scheduler.shutdown();
    try {
      this.ctx?.flushOut();
    } catch {
      // a failing sink has nobody left to report to
    }
  }

  private async ensureSession(): Promise<{ front: FrontendSession; session: EngineSession }> {
    this.started = true;
    if (this.front === null || this.session === null || this.ctx === null) {
      const opts = this.execOptions();
      this.front = new FrontendSession(builtinTableWith(opts.natives ?? []));
      this.ctx = createContext(opts, this.io());
      this.session = (await loadEngine(this.engineName)).session(this.ctx);
    }
    return { front: this.front, session: this.session };
  }

  private execOptions(): ExecOptions {
    return {
      engine: this.engineName,
      grants: this.options.permissions ?? {},
      natives: this.natives.map((n) => n.def),
      ...(this.options.maxCallDepth !== undefined ? { maxCallDepth: this.options.maxCallDepth } : {}),
      ...(this.options.httpConnections !== undefined ? { httpConnections: this.options.httpConnections } : {}),
    };
  }

  private io(): ProgramIO {
    const out = this.options.stdout ?? ((t: string) => void process.stdout.write(t));
    const err = this.options.stderr ?? ((t: string) => void process.stderr.write(t));
    return { sinks: { writeOut: out, writeErr: err, flush: () => {} }, baseDir: process.cwd(), json: false, colour: false };
  }
}

function messageOf(e: unknown): string {
  if (e instanceof Error) return e.message.replace(/^BUG: /, "");
  if (e instanceof RuntimeError) return e.message;
  return String(e);
}

/**
 * `(number, string) -> bool` → `(p1: number, p2: string) -> bool` (stdlib.md notation).
 * Parameters that already have names (`(x: number) -> bool`) are kept as written.
 */
export function toLibrarySignature(signature: string): string {
  const s = signature.trim();
  let start = 0;
  if (s.startsWith("<")) {
    const close = matching(s, 0, "<", ">");
    if (close < 0) return s;
    start = close + 1;
    while (s[start] === " ") start++;
  }
  if (s[start] !== "(") return s;
  const close = matching(s, start, "(", ")");
  if (close < 0) return s;
  const inner = s.slice(start + 1, close);
  const params = splitTopLevel(inner)
    .map((p) => p.trim())
    .filter((p) => p !== "");
  const named = params.map((p, i) => (/^(\.\.\.)?[\p{Alphabetic}_][\p{Alphabetic}\p{N}_]*\??\s*:/u.test(p) ? p : `p${i + 1}: ${p}`));
  return `${s.slice(0, start)}(${named.join(", ")})${s.slice(close + 1)}`;
}

function matching(s: string, open: number, o: string, c: string): number {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    if (s[i] === o) depth++;
    else if (s[i] === c && !(c === ">" && s[i - 1] === "-")) {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

function splitTopLevel(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = "";
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (ch === "(" || ch === "[" || ch === "<" || ch === "{") depth++;
    else if (ch === ")" || ch === "]" || ch === "}" || (ch === ">" && s[i - 1] !== "-")) depth--;
    if (ch === "," && depth === 0) {
      out.push(cur);
      cur = "";
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

/** The `Future<T>` payload type of a declared result, or null. */
function futurePayload(t: ast.TypeExpr): ast.TypeExpr | null {
  if (t.kind === "NamedType" && t.name.name === "Future" && t.args.length === 1) return t.args[0];
  return null;
}

/** The builtin function value of a native for one runtime context. */
function nativeFunction(name: string, impl: NativeImpl, result: ast.TypeExpr, ctx: RuntimeContext): (...args: Value[]) => Value {
  const payload = futurePayload(result);
  const fail = (e: unknown): RuntimeError => new RuntimeError("AT0102", `${name}(): ${messageOf(e)}`, null);
  return (...args: Value[]): Value => {
    if (ctx.depth >= ctx.maxCallDepth) throw stackOverflowError(null, ctx.maxCallDepth);
    const origin = ctx.callSpan;
    ctx.depth++;
    let raw: unknown;
    try {
      raw = impl(...args.map((a) => toHost(a)));
    } catch (e) {
      if (payload === null) throw fail(e);
      raw = Promise.reject(e instanceof Error ? e : new Error(messageOf(e)));
    } finally {
      ctx.depth--;
    }
    if (payload === null) {
      const mapped = fromHost(raw, result);
      if (!mapped.ok) throw new RuntimeError("AT0102", `${name}(): returned a value that does not fit: ${mapped.problem}`, null);
      return mapped.value;
    }
    const future = ctx.newFuture();
    const reject = (message: string): void => {
      future.reject(new ErrorValue("AT0102", `${name}(): ${message}`, origin));
    };
    ctx.scheduler.trackHostPromise(
      Promise.resolve(raw),
      (v) => {
        const mapped = fromHost(v, payload);
        if (mapped.ok) future.resolve(mapped.value);
        else reject(`resolved with a value that does not fit: ${mapped.problem}`);
      },
      (e) => reject(messageOf(e)),
    );
    return future;
  };
}

export { typeText };
export type { Diagnostic };
