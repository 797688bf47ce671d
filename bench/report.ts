// The benchmark report (issue 8): reads the result files the runners write (bench/results.json
// from run.ts, bench/<x>-results.json from the async runners) and generates docs/performance.md
// (tables of medians, ratios and budget verdicts, async.md §A11 budgets) and
// docs/performance-ratios.svg (every benchmark's time relative to hand-written Node.js, log
// scale). Pure functions plus `writeReport`; bench/all.ts runs the runners first.
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import * as path from "node:path";

export type Runner = "compiled" | "interp" | "js" | "python";
export const RUNNERS: readonly Runner[] = ["compiled", "interp", "js", "python"];

/** One measured benchmark, whichever runner produced it. */
export interface Row {
  /** `b1_await_resolved`, `fib`, … */
  name: string;
  label: string;
  group: "async" | "compute";
  medians: Record<Runner, number | null>;
  /** Peak RSS per runner (B10, and the task benchmarks), MB. */
  rssMb: Record<Runner, number | null> | null;
  /** Sequential variant time (B8), ms. */
  sequentialMs: number | null;
  budget: string;
  budgetMet: boolean | null;
  outputsAgree: boolean;
  /** The result file's date (ISO), and whether this invocation measured it. */
  date: string;
  fresh: boolean;
}

export interface ReportInput {
  rows: Row[];
  machine: Record<string, string | number> | null;
  runs: number | null;
  helloWorld: { atlasRunMs: number; nodeEmptyMs: number; budgetMet: boolean } | null;
  /** Result files expected but missing, and runners that failed. */
  missing: string[];
}

// ---- reading result files ---------------------------------------------------------------------

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function obj(v: Json | undefined): Record<string, Json> {
  return v !== null && typeof v === "object" && !Array.isArray(v) ? v : {};
}

function num(v: Json | undefined): number | null {
  return typeof v === "number" && Number.isFinite(v) ? v : null;
}

function str(v: Json | undefined, fallback = ""): string {
  return typeof v === "string" ? v : fallback;
}

function perRunner(v: Json | undefined): Record<Runner, number | null> {
  const o = obj(v);
  return { compiled: num(o.compiled), interp: num(o.interp), js: num(o.js), python: num(o.python) };
}

/**
 * The budgets of async.md §A11 (normative there; repeated so the report can say what was
 * checked) and of the compute benchmarks (issue 3: ≤ 3× JS, ≥ 5× faster than CPython where
 * Python runs Python code, not slower where it runs C). Keyed by benchmark name prefix.
 */
const BUDGETS: [RegExp, string][] = [
  [/^b1_/, "≤ 2× Node"],
  [/^b2_/, "≤ 2× Node, ≥ 3× faster than asyncio"],
  [/^b3_/, "≤ 3× Node, ≥ 3× faster than asyncio"],
  [/^b4_/, "≤ 3× Node"],
  [/^b4s_/, "reported only"],
  [/^b5_/, "wall time ≤ 1.5× Node"],
  [/^b6_/, "≤ 2× Node"],
  [/^b7_/, "≤ 1.25× Node"],
  [/^b8_/, "≤ 1.25× Node, ≥ 15× faster than sequential"],
  [/^b9_/, "≤ 1.3× Node"],
  [/^b10_/, "≤ 150 MB RSS"],
  [/^(fib|loops|strings|closures)$/, "≤ 3× JS, ≥ 5× faster than CPython"],
  [/^(sort|json_roundtrip)$/, "≤ 3× JS, not slower than CPython"],
];

function budgetOf(name: string): string {
  for (const [re, text] of BUDGETS) if (re.test(name)) return text;
  return "reported only";
}

/** The rows of an async runner's result file (`benchmarks: [...]`). */
export function asyncRows(data: Json, fresh: boolean): Row[] {
  const d = obj(data);
  const list = Array.isArray(d.benchmarks) ? d.benchmarks : [];
  return list.map((b) => {
    const o = obj(b);
    const name = str(o.name);
    return {
      name,
      label: str(o.label, name),
      group: "async" as const,
      medians: perRunner(o.medians),
      rssMb: o.rssMb === undefined ? null : perRunner(o.rssMb),
      sequentialMs: num(o.sequentialMs),
      budget: budgetOf(name),
      budgetMet: typeof o.budgetMet === "boolean" ? o.budgetMet : null,
      outputsAgree: o.outputsAgree !== false,
      date: str(d.date),
      fresh,
    };
  });
}

const COMPUTE_LABELS: Record<string, string> = {
  fib: "fib(30)",
  loops: "loops (2000×2000)",
  strings: "strings (build, reverse, scan letter by letter)",
  sort: "sort (200,000 numbers)",
  json_roundtrip: "JSON round trip",
  closures: "closures + map/filter/reduce",
};

/** The rows of bench/results.json (compute programs). */
export function computeRows(data: Json, fresh: boolean): Row[] {
  const d = obj(data);
  const list = Array.isArray(d.programs) ? d.programs : [];
  return list.map((p) => {
    const o = obj(p);
    const name = str(o.program);
    return {
      name,
      label: COMPUTE_LABELS[name] ?? name,
      group: "compute" as const,
      medians: perRunner(o.medians),
      rssMb: null,
      sequentialMs: null,
      budget: budgetOf(name),
      budgetMet: typeof o.budgetMet === "boolean" ? o.budgetMet : null,
      outputsAgree: o.outputsAgree !== false,
      date: str(d.date),
      fresh,
    };
  });
}

/** Sort key: B1 … B10 by number (B4s after B4), then compute programs in file order. */
function order(r: Row): number {
  const m = /^b(\d+)(s?)_/.exec(r.name);
  return m === null ? 1000 : Number(m[1]) * 10 + (m[2] === "s" ? 5 : 0);
}

export interface ResultFile {
  file: string;
  kind: "compute" | "async";
}

/** Reads the result files; `since` (ms epoch): files older than it are marked not fresh. */
export function loadResults(benchDir: string, files: readonly ResultFile[], since: number): ReportInput {
  const rows: Row[] = [];
  const missing: string[] = [];
  let machine: ReportInput["machine"] = null;
  let runs: number | null = null;
  let helloWorld: ReportInput["helloWorld"] = null;
  for (const f of files) {
    const p = path.join(benchDir, f.file);
    if (!existsSync(p)) {
      missing.push(f.file);
      continue;
    }
    const fresh = statSync(p).mtimeMs >= since;
    const data = JSON.parse(readFileSync(p, "utf8")) as Json;
    if (f.kind === "async") rows.push(...asyncRows(data, fresh));
    else {
      rows.push(...computeRows(data, fresh));
      const d = obj(data);
      const m = obj(d.machine);
      machine = Object.fromEntries(Object.entries(m).filter((e): e is [string, string | number] => typeof e[1] === "string" || typeof e[1] === "number"));
      runs = num(d.runs);
      const h = obj(d.helloWorld);
      const a = num(h.atlasRunMs);
      const n = num(h.nodeEmptyMs);
      if (a !== null && n !== null) helloWorld = { atlasRunMs: a, nodeEmptyMs: n, budgetMet: h.budgetMet === true };
    }
  }
  rows.sort((a, b) => (a.group === b.group ? order(a) - order(b) : a.group === "async" ? -1 : 1));
  return { rows, machine, runs, helloWorld, missing };
}

// ---- markdown -----------------------------------------------------------------------------------

function fmt(x: number | null, digits = 1): string {
  return x === null || !Number.isFinite(x) ? "n/a" : x.toFixed(digits);
}

export function ratio(a: number | null, b: number | null): number | null {
  return a === null || b === null || b === 0 ? null : a / b;
}

function verdict(r: Row): string {
  if (!r.outputsAgree) return "**outputs differ**";
  if (r.budgetMet === null || r.budget === "reported only") return "—";
  return r.budgetMet ? "met" : "**missed**";
}

function shortName(r: Row): string {
  const m = /^b(\d+s?)_/.exec(r.name);
  return m === null ? r.name : `B${m[1]}`;
}

function asyncTable(rows: Row[]): string[] {
  const out = [
    "| # | workload | compiled | interpreter | Node.js | asyncio | compiled ÷ Node | asyncio ÷ compiled | budget (compiled) | verdict |",
    "|---|---|---:|---:|---:|---:|---:|---:|---|---|",
  ];
  for (const r of rows) {
    const m = r.medians;
    const label = r.label.replace(/^B\d+s? /, "") + (r.fresh ? "" : ` (from ${r.date.slice(0, 10)})`);
    const cells = (x: number | null): string => `${fmt(x)} ms`;
    out.push(
      `| ${shortName(r)} | ${label} | ${cells(m.compiled)} | ${cells(m.interp)} | ${cells(m.js)} | ${cells(m.python)} | ` +
        `${fmt(ratio(m.compiled, m.js), 2)} | ${fmt(ratio(m.python, m.compiled), 2)} | ${r.budget} | ${verdict(r)} |`,
    );
  }
  return out;
}

function extrasList(rows: Row[]): string[] {
  const out: string[] = [];
  for (const r of rows) {
    if (r.rssMb !== null && /^b10_/.test(r.name)) {
      const s = r.rssMb;
      out.push(`- ${shortName(r)} peak RSS: compiled ${fmt(s.compiled, 0)} MB, interpreter ${fmt(s.interp, 0)} MB, Node ${fmt(s.js, 0)} MB, asyncio ${fmt(s.python, 0)} MB.`);
    }
    if (r.sequentialMs !== null) {
      out.push(`- ${shortName(r)} sent one after another: ${fmt(r.sequentialMs)} ms, ${fmt(ratio(r.sequentialMs, r.medians.compiled), 1)}× the concurrent compiled time.`);
    }
  }
  return out;
}

function computeTable(rows: Row[]): string[] {
  const out = [
    "| program | compiled | interpreter | JS | CPython | compiled ÷ JS | interp ÷ JS | CPython ÷ compiled | budget | verdict |",
    "|---|---:|---:|---:|---:|---:|---:|---:|---|---|",
  ];
  for (const r of rows) {
    const m = r.medians;
    const label = r.label + (r.fresh ? "" : ` (from ${r.date.slice(0, 10)})`);
    out.push(
      `| ${label} | ${fmt(m.compiled)} ms | ${fmt(m.interp)} ms | ${fmt(m.js)} ms | ${fmt(m.python)} ms | ${fmt(ratio(m.compiled, m.js), 2)} | ` +
        `${fmt(ratio(m.interp, m.js), 2)} | ${fmt(ratio(m.python, m.compiled), 2)} | ${r.budget} | ${verdict(r)} |`,
    );
  }
  return out;
}

/** Marks where the hand-written notes start; everything after it survives regeneration. */
export const NOTES_MARKER = "<!-- Hand-written notes below: bench/report.ts keeps everything after this line. -->";

/** docs/performance.md. `notes` is the kept hand-written part (after NOTES_MARKER). */
export function renderMarkdown(input: ReportInput, notes: string, generatedAt: Date): string {
  const asyncRowsList = input.rows.filter((r) => r.group === "async");
  const compute = input.rows.filter((r) => r.group === "compute");
  const m = input.machine;
  const machine =
    m === null
      ? "machine details not recorded"
      : `${String(m.cpu)} × ${String(m.cpus)}, ${String(m.memoryGiB)} GiB, ${String(m.platform)}; Node ${String(m.node)}, ${String(m.python)}`;
  const met = input.rows.filter((r) => r.budget !== "reported only" && r.budgetMet === true).length;
  const judged = input.rows.filter((r) => r.budget !== "reported only" && r.budgetMet !== null).length;
  const lines = [
    "# Performance",
    "",
    "<!-- Generated by `npm run bench` (bench/all.ts → bench/report.ts): edit the generator or the notes at the end, not the tables. -->",
    "",
    `Measured ${generatedAt.toISOString().slice(0, 10)} on ${machine}. Every benchmark runs side by side in one`,
    "invocation on the compiled engine, the interpreter, an equivalent hand-written Node.js program",
    "and an equivalent Python program (asyncio for the async ones), runners interleaved so machine",
    `load hits them alike; each number is the median of ${input.runs ?? "several"} runs, measured by the program itself`,
    "(process start-up and compilation excluded). Budgets are those of async.md §A11 (async) and",
    `of the compute benchmarks; ${met} of ${judged} budgets met in this run.`,
    "",
    "![Time relative to hand-written Node.js, log scale](performance-ratios.svg)",
    "",
    "## Async runtime (async.md §A11)",
    "",
    ...asyncTable(asyncRowsList),
    "",
    ...extrasList(asyncRowsList),
  ];
  if (input.missing.length > 0) {
    lines.push("", `Not measured: ${input.missing.join(", ")} (the runner is missing or failed).`);
  }
  lines.push("", "## Compute (compiled engine)", "", ...computeTable(compute));
  if (input.helloWorld !== null) {
    const h = input.helloWorld;
    lines.push(
      "",
      `Start-up: \`atlas run\` of a hello-world takes ${fmt(h.atlasRunMs)} ms against ${fmt(h.nodeEmptyMs)} ms for a bare ` +
        `\`node -e ''\` (+${fmt(h.atlasRunMs - h.nodeEmptyMs)} ms; budget +80 ms: ${h.budgetMet ? "met" : "**missed**"}).`,
    );
  }
  lines.push(
    "",
    "## Reproducing",
    "",
    "`npm run bench` builds, runs every runner — bench/run.ts (compute), bench/async-run.ts (B1, B2,",
    "B5, B6, B10), bench/async-channels-run.ts (B3, B4), bench/async-io-run.ts (B7–B9) — and",
    "regenerates this file and the chart from their result files (bench/*results.json).",
    "`BENCH_RUNS=N` sets the runs per benchmark; `node dist/bench/all.js --report-only` regenerates",
    "the report from the last results without measuring. Rows marked *(from date)* were not",
    "measured by the last invocation. Timings on a shared 2-core machine vary by tens of percent",
    "between runs: compare ratios, not milliseconds.",
    "",
    NOTES_MARKER,
    notes.replace(/^\n+/, "\n"),
  );
  return lines.join("\n").replace(/\n*$/, "\n");
}

// ---- the SVG chart ------------------------------------------------------------------------------

const COLOURS: Record<Exclude<Runner, "js">, string> = { compiled: "#2563eb", interp: "#9ca3af", python: "#ea580c" };
const SERIES: readonly Exclude<Runner, "js">[] = ["compiled", "interp", "python"];
const SERIES_LABEL: Record<Exclude<Runner, "js">, string> = { compiled: "Atlas compiled", interp: "Atlas interpreter", python: "Python (asyncio)" };

function esc(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** The ratio shown for a runner: time ÷ Node's time (peak RSS ÷ Node's for B10). */
export function chartRatio(r: Row, runner: Exclude<Runner, "js">): number | null {
  if (/^b10_/.test(r.name) && r.rssMb !== null) return ratio(r.rssMb[runner], r.rssMb.js);
  return ratio(r.medians[runner], r.medians.js);
}

/** The budget's bound on compiled ÷ Node, when the budget has one. */
function budgetBound(r: Row): number | null {
  const m = /≤ ([\d.]+)× (Node|JS)/.exec(r.budget);
  return m === null ? null : Number(m[1]);
}

/**
 * A horizontal bar chart on a log₂ axis from 1/8× to 64× Node: per benchmark, one bar per
 * runner from 1× to its ratio (left of 1: faster than Node), and a red tick at the budget.
 */
export function renderSvg(rows: readonly Row[]): string {
  const MIN = 1 / 8;
  const MAX = 64;
  const left = 250;
  const width = 560;
  const rowH = 30;
  const top = 64;
  const height = top + rows.length * rowH + 40;
  const x = (v: number): number => left + ((Math.log2(Math.min(MAX, Math.max(MIN, v))) - Math.log2(MIN)) / (Math.log2(MAX) - Math.log2(MIN))) * width;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${left + width + 30}" height="${height}" viewBox="0 0 ${left + width + 30} ${height}" font-family="Helvetica, Arial, sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="${left}" y="18" font-size="14" font-weight="bold">Time relative to hand-written Node.js (log scale; B10: peak memory)</text>`,
  ];
  SERIES.forEach((s, i) => {
    const lx = left + i * 170;
    out.push(`<rect x="${lx}" y="30" width="12" height="12" fill="${COLOURS[s]}"/>`, `<text x="${lx + 18}" y="40">${SERIES_LABEL[s]}</text>`);
  });
  for (let v = MIN; v <= MAX; v *= 2) {
    const gx = x(v).toFixed(1);
    const label = v < 1 ? `1/${1 / v}×` : `${v}×`;
    out.push(`<line x1="${gx}" y1="${top - 6}" x2="${gx}" y2="${height - 34}" stroke="${v === 1 ? "#111827" : "#e5e7eb"}" stroke-width="${v === 1 ? 1.5 : 1}"/>`);
    out.push(`<text x="${gx}" y="${height - 20}" text-anchor="middle" fill="#374151">${label}</text>`);
  }
  out.push(`<text x="${x(1 / 4).toFixed(1)}" y="${height - 6}" text-anchor="middle" fill="#374151">← faster than Node</text>`);
  out.push(`<text x="${x(8).toFixed(1)}" y="${height - 6}" text-anchor="middle" fill="#374151">slower than Node →</text>`);
  rows.forEach((r, i) => {
    const y = top + i * rowH;
    const name = `${shortName(r)}${shortName(r) === r.name ? "" : " "}${shortName(r) === r.name ? "" : r.label.replace(/^B\d+s? /, "")}`;
    const shown = name.length > 38 ? name.slice(0, 37) + "…" : name;
    out.push(`<text x="${left - 8}" y="${y + 17}" text-anchor="end"><title>${esc(r.label)}</title>${esc(shown)}</text>`);
    SERIES.forEach((s, k) => {
      const v = chartRatio(r, s);
      if (v === null) return;
      const x0 = x(1);
      const x1 = x(v);
      const bx = Math.min(x0, x1);
      const bw = Math.max(1, Math.abs(x1 - x0));
      out.push(
        `<rect x="${bx.toFixed(1)}" y="${y + 4 + k * 7}" width="${bw.toFixed(1)}" height="6" fill="${COLOURS[s]}"><title>${esc(`${r.label}: ${SERIES_LABEL[s]} ${v.toFixed(2)}× Node`)}</title></rect>`,
      );
    });
    const b = budgetBound(r);
    if (b !== null) {
      const bx = x(b).toFixed(1);
      out.push(`<line x1="${bx}" y1="${y + 1}" x2="${bx}" y2="${y + 27}" stroke="#dc2626" stroke-width="2"><title>budget: ${esc(r.budget)}</title></line>`);
    }
  });
  out.push(`<text x="${left + width + 20}" y="${top - 10}" text-anchor="end" fill="#dc2626">| budget</text>`);
  out.push("</svg>");
  return out.join("\n") + "\n";
}

// ---- writing ------------------------------------------------------------------------------------

/** Every result file the report knows how to read (runner → file: see bench/all.ts). */
export const RESULT_FILES: readonly ResultFile[] = [
  { file: "async-results.json", kind: "async" },
  { file: "async-channels-results.json", kind: "async" },
  { file: "async-io-results.json", kind: "async" },
  { file: "results.json", kind: "compute" },
];

/** The hand-written notes of an existing performance.md (everything after the marker). */
export function keptNotes(existing: string | null): string {
  if (existing === null) return "";
  const i = existing.indexOf(NOTES_MARKER);
  if (i >= 0) return existing.slice(i + NOTES_MARKER.length);
  // First generation: keep the prose sections of the hand-written file.
  const m = /\n## What the generated code does for speed\n[\s\S]*$/.exec(existing);
  return m === null ? "" : m[0];
}

/** Regenerates docs/performance.md and docs/performance-ratios.svg; returns the input used. */
export function writeReport(root: string, since: number, extraMissing: readonly string[] = [], now = new Date()): ReportInput {
  const input = loadResults(path.join(root, "bench"), RESULT_FILES, since);
  input.missing.push(...extraMissing);
  const doc = path.join(root, "docs", "performance.md");
  const existing = existsSync(doc) ? readFileSync(doc, "utf8") : null;
  writeFileSync(doc, renderMarkdown(input, keptNotes(existing), now));
  writeFileSync(path.join(root, "docs", "performance-ratios.svg"), renderSvg(input.rows));
  return input;
}
