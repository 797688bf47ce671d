// Event-loop delay of this thread (async.md §A10.1 `eventLoopDelayMs`): one process-wide
// perf_hooks histogram, started on first use (a runtime that offers asyncStats, or a run with
// `--async-report`). Node records the interval between its timer ticks; the delay is what
// exceeds the resolution.
import { monitorEventLoopDelay, type IntervalHistogram } from "node:perf_hooks";

const RESOLUTION_MS = 10;
let histogram: IntervalHistogram | null = null;

/** Starts measuring (idempotent; the histogram's timer never keeps the process alive). */
export function startLoopDelayMonitor(): void {
  if (histogram !== null) return;
  histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  histogram.enable();
}

export interface LoopDelay {
  p50: number;
  p99: number;
  max: number;
}

function delayMs(ns: number): number {
  return Math.round(Math.max(0, ns / 1e6 - RESOLUTION_MS) * 1000) / 1000;
}

/** Delay percentiles in ms since measuring started (zeros before the first sample). */
export function loopDelay(): LoopDelay {
  const h = histogram;
  if (h === null || h.count === 0) return { p50: 0, p99: 0, max: 0 };
  return { p50: delayMs(h.percentile(50)), p99: delayMs(h.percentile(99)), max: delayMs(h.max) };
}
