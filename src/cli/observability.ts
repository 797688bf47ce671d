// `atlas run --trace=FILE` and `--async-report` (async.md §A10.2, §A10.3): installs an
// AsyncRecorder on the program's runtime before it starts and, once it has ended (stdout
// flushed), writes the Chrome Trace Event file and/or prints the report table on stderr.
import { closeSync, mkdirSync, openSync, writeSync } from "node:fs";
import * as path from "node:path";
import type { RuntimeContext } from "../runtime/runtime-context.js";
import { loopDelay, startLoopDelayMonitor } from "../runtime/loop-delay.js";
import { spanLocation } from "../runtime/report.js";
import { chromeTrace, startRecording, type AsyncRecorder, type AwaitRecord, type StallRecord } from "../runtime/trace.js";

export interface ObservabilityOptions {
  /** Trace file (relative to the working directory). */
  trace?: string;
  asyncReport?: boolean;
}

interface Io {
  sinks: { writeErr(text: string): void };
  baseDir: string;
}

/** What the pipeline calls once the program has ended. */
export interface Observability {
  /** Writes the trace / report; returns the exit status (1 if the trace could not be written). */
  finish(exitCode: number): number;
}

/** Starts recording `ctx` (call before the program runs). `title` names the trace's process. */
export function startObservability(ctx: RuntimeContext, opts: ObservabilityOptions, io: Io, title: string): Observability {
  const rec = startRecording(ctx, { keepAwaits: opts.trace !== undefined });
  if (opts.asyncReport === true) startLoopDelayMonitor();
  return {
    finish(exitCode: number): number {
      rec.finish();
      let code = exitCode;
      if (opts.trace !== undefined) {
        const problem = writeTrace(rec, path.resolve(io.baseDir, opts.trace), title);
        if (problem !== null) {
          io.sinks.writeErr(`atlas: cannot write trace file '${opts.trace}': ${problem}\n`);
          if (code === 0) code = 1;
        }
      }
      if (opts.asyncReport === true) io.sinks.writeErr(asyncReport(rec));
      return code;
    },
  };
}

// ---- the trace file ------------------------------------------------------------------------------

/**
 * Writes the trace as JSON, one event per line (streamed in batches, so a big trace never
 * needs one huge string). Returns null, or the reason it failed.
 */
export function writeTrace(rec: AsyncRecorder, file: string, title: string): string | null {
  const trace = chromeTrace(rec, title);
  let fd: number;
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    fd = openSync(file, "w");
  } catch (e) {
    return reason(e);
  }
  try {
    writeSync(fd, '{"traceEvents": [\n');
    const events = trace.traceEvents;
    const BATCH = 2000;
    for (let i = 0; i < events.length; i += BATCH) {
      const part = events.slice(i, i + BATCH).map((e) => JSON.stringify(e));
      writeSync(fd, part.join(",\n") + (i + BATCH < events.length ? ",\n" : "\n"));
    }
    writeSync(fd, `],\n"displayTimeUnit": "ms",\n"otherData": ${JSON.stringify(trace.otherData)}}\n`);
    return null;
  } catch (e) {
    return reason(e);
  } finally {
    closeSync(fd);
  }
}

function reason(e: unknown): string {
  const err = e as { code?: unknown; message?: unknown };
  if (typeof err.code === "string") return err.code;
  return typeof err.message === "string" ? err.message : String(e);
}

// ---- the report ------------------------------------------------------------------------------------

const ROWS = 5;

function ms(x: number): string {
  return x.toFixed(1);
}

/** Left-aligned columns, right-aligned first (numeric) column, two spaces apart. */
function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]): string =>
    "    " + cells.map((c, i) => (i === 0 ? c.padStart(widths[i]) : i === cells.length - 1 ? c : c.padEnd(widths[i]))).join("  ");
  return [line(header), ...rows.map(line)];
}

function awaitRows(list: readonly AwaitRecord[]): string[][] {
  return list.slice(0, ROWS).map((a) => [
    ms(a.end - a.start),
    a.operation,
    a.span === null ? "-" : spanLocation(a.span),
    a.task.describe() + (a.outcome === "resolved" ? "" : ` (${a.outcome})`),
  ]);
}

function stallRows(list: readonly StallRecord[]): string[][] {
  return list.slice(0, ROWS).map((s) => [
    ms(s.ms),
    s.task === null ? "(runtime)" : s.task.describe(),
    `${s.from === null ? "start" : "resume at " + spanLocation(s.from)} → ${s.to !== null ? "await at " + spanLocation(s.to) : s.until === "task end" ? "task end" : "end of turn"}`,
  ]);
}

/** The `--async-report` text: task counts, slowest awaits, longest stalls, loop delay. */
export function asyncReport(rec: AsyncRecorder): string {
  const c = rec.counts();
  const out = ["", "atlas: async report"];
  out.push(
    `  tasks   ${c.spawned} (main included): ${c.completed} completed, ${c.failed} failed, ${c.cancelled} cancelled` +
      (c.running > 0 ? `, ${c.running} unfinished` : ""),
  );
  out.push(`  awaits  ${rec.totalAwaits}; ${rec.drains} event-loop turns ran Atlas code for ${ms(rec.busyMs)} ms in total`);
  out.push("  slowest awaits");
  if (rec.slowest.length === 0) out.push("    (none)");
  else out.push(...table(["ms", "operation", "location", "task"], awaitRows(rec.slowest)));
  out.push("  longest event-loop stalls (Atlas code running without yielding)");
  if (rec.stalls.length === 0) out.push("    (none)");
  else out.push(...table(["ms", "task", "ran from → to"], stallRows(rec.stalls)));
  const d = loopDelay();
  out.push(`  event-loop delay  p50 ${ms(d.p50)} ms, p99 ${ms(d.p99)} ms, max ${ms(d.max)} ms`);
  return out.join("\n") + "\n";
}
