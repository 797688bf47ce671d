// One RuntimeContext per Runtime (per program run or REPL session), shared by the engine and
// the stdlib: output sinks with stdout buffering and the flush-before-stderr rule (§13.3.6),
// diagnostic reporting, the call-depth counter, the scheduler and clock, and the instantiated
// builtins. It is the BuiltinContext that builtins receive.
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { renderHuman, renderJson } from "../diagnostics/render.js";
import type { Span } from "../diagnostics/span.js";
import type { BuiltinContext } from "../stdlib/define.js";
import { denyAllPolicy, type Policy } from "../security/policy.js";
import { RealClock, type Clock } from "./clock.js";
import type { Future } from "./future.js";
import { MAX_CALL_DEPTH } from "./limits.js";
import { Scheduler } from "./scheduler.js";
import type { Tracer } from "./trace.js";
import type { Value } from "./values.js";

export interface RuntimeOptions {
  /** stdout sink (default: process.stdout). */
  stdout?: (text: string) => void;
  /** stderr sink (default: process.stderr). */
  stderr?: (text: string) => void;
  /** Write diagnostics as JSON Lines (§8.4) instead of the human format. */
  jsonDiagnostics?: boolean;
  /** Time source (default: RealClock). */
  clock?: Clock;
  /** setImmediate-like host hook used to resume the scheduler (default: setImmediate). */
  wakeup?: (cb: () => void) => void;
  /** Activation limit (default 10,000, language.md §10.3). */
  maxCallDepth?: number;
  /**
   * Buffer stdout and write it in chunks (flushed before every stderr write, whenever the
   * scheduler yields to the host, and at exit). Default true.
   */
  bufferStdout?: boolean;
  /** Creates the builtin values for this runtime (stdlib registry's instantiateBuiltins). */
  builtins?: (ctx: RuntimeContext) => Map<string, Value>;
  /** Permissions, working directory and I/O limits (stdlib.md §11); default: deny everything. */
  policy?: Policy;
}

const FLUSH_THRESHOLD = 8192;

export class RuntimeContext implements BuiltinContext {
  readonly scheduler: Scheduler;
  readonly clock: Clock;
  readonly maxCallDepth: number;
  readonly jsonDiagnostics: boolean;
  /** Number of active Atlas activations (language.md §6.7). */
  depth = 0;
  /** Span of the builtin call being made (set by engines right before calling a builtin). */
  callSpan: Span | null = null;
  /** Builtin name → value, as instantiated for this runtime. */
  builtins: Map<string, Value> = new Map();
  /** Diagnostics reported at run time, in order. */
  readonly diagnostics: Diagnostic[] = [];
  /** Permissions, working directory and I/O limits of this runtime (stdlib.md §11). */
  readonly policy: Policy;
  /** Observer of tasks, awaits and scheduler turns (`--trace`, `--async-report`); null: off. */
  tracer: Tracer | null = null;

  private readonly stdoutSink: (text: string) => void;
  private readonly stderrSink: (text: string) => void;
  private readonly buffered: boolean;
  private outParts: string[] = [];
  private outSize = 0;

  constructor(opts: RuntimeOptions = {}) {
    this.stdoutSink = opts.stdout ?? ((t) => void process.stdout.write(t));
    this.stderrSink = opts.stderr ?? ((t) => void process.stderr.write(t));
    this.buffered = opts.bufferStdout ?? true;
    this.jsonDiagnostics = opts.jsonDiagnostics ?? false;
    this.maxCallDepth = opts.maxCallDepth ?? MAX_CALL_DEPTH;
    this.clock = opts.clock ?? new RealClock();
    this.policy = opts.policy ?? denyAllPolicy();
    const wakeup = opts.wakeup ?? ((cb: () => void) => void setImmediate(cb));
    this.scheduler = new Scheduler({ wakeup, clock: this.clock });
    this.scheduler.onPause = () => {
      try {
        this.flushOut();
      } catch {
        // A failing sink is reported by `print` (AT0400) when it writes; a deferred flush
        // has nobody to report to.
      }
    };
    if (opts.builtins !== undefined) this.builtins = opts.builtins(this);
  }

  // ---- output -------------------------------------------------------------------------------

  writeOut(text: string): void {
    if (!this.buffered) {
      this.stdoutSink(text);
      return;
    }
    this.outParts.push(text);
    this.outSize += text.length;
    if (this.outSize >= FLUSH_THRESHOLD) this.flushOut();
  }

  /** Writes buffered stdout to the sink. */
  flushOut(): void {
    if (this.outParts.length === 0) return;
    const text = this.outParts.length === 1 ? this.outParts[0] : this.outParts.join("");
    this.outParts = [];
    this.outSize = 0;
    this.stdoutSink(text);
  }

  /** Writes to stderr, flushing stdout first (§13.3.6). */
  writeErr(text: string): void {
    this.flushOut();
    this.stderrSink(text);
  }

  /** Renders a diagnostic (human or JSON Lines) to stderr and records it. */
  report(d: Diagnostic): void {
    this.diagnostics.push(d);
    this.writeErr(this.jsonDiagnostics ? renderJson(d) + "\n" : renderHuman(d));
  }

  // ---- async helpers for builtins -----------------------------------------------------------

  /** A new pending future tracked for unhandled-rejection reports. */
  newFuture(): Future {
    return this.scheduler.newFuture();
  }
}
