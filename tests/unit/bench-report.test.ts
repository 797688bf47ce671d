// bench/report.ts (issue 8): the performance report is generated from the runners' result
// files — tables with medians, ratios and budget verdicts, kept hand-written notes, and an SVG
// chart of the ratios; bench/all.ts finds every runner and the results file it writes.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { discoverRunners } from "../../bench/all.js";
import { NOTES_MARKER, RESULT_FILES, renderSvg, writeReport } from "../../bench/report.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

const med = (c: number, i: number, j: number, p: number) => ({ compiled: c, interp: i, js: j, python: p });

function fixture(dir: string): void {
  mkdirSync(path.join(dir, "bench"), { recursive: true });
  mkdirSync(path.join(dir, "docs"), { recursive: true });
  const date = "2026-01-02T03:04:05.000Z";
  writeFileSync(
    path.join(dir, "bench", "async-results.json"),
    JSON.stringify({
      date,
      runs: 3,
      benchmarks: [
        { name: "b1_await_resolved", label: "B1 1,000,000 sequential awaits", medians: med(300, 2000, 200, 900), rssMb: med(60, 60, 50, 20), ratios: {}, outputsAgree: true, budgetMet: true },
        { name: "b10_blocked_tasks", label: "B10 100,000 blocked tasks, peak RSS", medians: med(900, 3000, 600, 2000), rssMb: med(140, 300, 120, 110), ratios: {}, outputsAgree: true, budgetMet: true },
      ],
    }),
  );
  writeFileSync(
    path.join(dir, "bench", "async-io-results.json"),
    JSON.stringify({
      date,
      runs: 3,
      benchmarks: [{ name: "b8_http_latency", label: "B8 1,000 GETs", medians: med(500, 600, 450, 900), sequentialMs: 21000, ratios: {}, outputsAgree: true, budgetMet: false }],
    }),
  );
  writeFileSync(
    path.join(dir, "bench", "results.json"),
    JSON.stringify({
      date,
      runs: 3,
      machine: { cpu: "Test CPU", cpus: 2, memoryGiB: 8, platform: "linux", node: "v20", python: "Python 3.11" },
      programs: [{ program: "fib", medians: med(20, 500, 15, 120), outputsAgree: true, budgetMet: true }],
      helloWorld: { atlasRunMs: 150, nodeEmptyMs: 90, budgetMet: true },
    }),
  );
  writeFileSync(path.join(dir, "docs", "performance.md"), "# Old\n\n| stale | table |\n\n## What the generated code does for speed\n\nKept prose.\n");
}

test("the report: tables, verdicts, extras, kept notes, missing runners", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "atlas-bench-report-"));
  try {
    fixture(dir);
    const input = writeReport(dir, 0, ["async-channels-run (exit status 1, no new async-channels-results.json)"], new Date("2026-01-02T10:00:00Z"));
    assert.deepEqual(input.rows.map((r) => r.name), ["b1_await_resolved", "b8_http_latency", "b10_blocked_tasks", "fib"]);
    const md = readFileSync(path.join(dir, "docs", "performance.md"), "utf8");
    assert.match(md, /^# Performance\n/);
    assert.match(md, /Measured 2026-01-02 on Test CPU × 2/);
    assert.match(md, /\| B1 \| 1,000,000 sequential awaits \| 300\.0 ms \| 2000\.0 ms \| 200\.0 ms \| 900\.0 ms \| 1\.50 \| 3\.00 \| ≤ 2× Node \| met \|/);
    assert.match(md, /\| B8 \| 1,000 GETs \|.*\| ≤ 1\.25× Node, ≥ 15× faster than sequential \| \*\*missed\*\* \|/);
    assert.match(md, /- B10 peak RSS: compiled 140 MB, interpreter 300 MB, Node 120 MB, asyncio 110 MB\./);
    assert.match(md, /- B8 sent one after another: 21000\.0 ms, 42\.0× the concurrent compiled time\./);
    assert.match(md, /\| fib\(30\) \| 20\.0 ms \| 500\.0 ms \| 15\.0 ms \| 120\.0 ms \| 1\.33 \|/);
    assert.match(md, /Start-up: `atlas run` of a hello-world takes 150\.0 ms against 90\.0 ms/);
    assert.match(md, /Not measured: async-channels-results\.json, async-channels-run \(exit status 1/);
    assert.match(md, /3 of 4 budgets met/);
    assert.ok(md.includes(`${NOTES_MARKER}\n\n## What the generated code does for speed\n\nKept prose.\n`));
    assert.ok(!md.includes("stale"));
    // Regenerating keeps the notes exactly once.
    writeReport(dir, 0, [], new Date("2026-01-02T10:00:00Z"));
    const again = readFileSync(path.join(dir, "docs", "performance.md"), "utf8");
    assert.equal(again.split("Kept prose.").length, 2);
    assert.ok(again.includes("![Time relative to hand-written Node.js, log scale](performance-ratios.svg)"));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("the chart: one bar per runner and benchmark on a log axis, budget ticks, well-formed", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "atlas-bench-report-"));
  try {
    fixture(dir);
    const input = writeReport(dir, 0);
    const svg = renderSvg(input.rows);
    assert.equal(readFileSync(path.join(dir, "docs", "performance-ratios.svg"), "utf8"), svg);
    assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    assert.ok(svg.trimEnd().endsWith("</svg>"));
    // Tags balance (a light well-formedness check).
    const opens = (svg.match(/<(rect|text|line|title)\b[^>]*>/g) ?? []).filter((t) => !t.endsWith("/>")).length;
    const closes = (svg.match(/<\/(rect|text|line|title)>/g) ?? []).length;
    assert.equal(opens, closes);
    const bars = (svg.match(/<title>[^<]*× Node<\/title><\/rect>/g) ?? []).length;
    assert.equal(bars, 4 * 3);
    assert.match(svg, /B1 1,000,000 sequential awaits: Atlas compiled 1\.50× Node/);
    assert.match(svg, /B10 100,000 blocked tasks, peak RSS: Atlas compiled 1\.17× Node/); // memory for B10
    assert.equal((svg.match(/<title>budget: /g) ?? []).length, 3); // B1, B8, fib (B10's budget is in MB)
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("bench/all.ts finds every runner and its results file", () => {
  const runners = discoverRunners(path.join(ROOT, "bench"), path.join(ROOT, "dist", "bench"));
  const byName = new Map(runners.map((r) => [r.name, r.results]));
  assert.equal(byName.get("run"), "results.json");
  assert.equal(byName.get("async-run"), "async-results.json");
  assert.equal(byName.get("async-channels-run"), "async-channels-results.json");
  assert.equal(runners[runners.length - 1].name, "run");
  for (const r of runners) assert.ok(RESULT_FILES.some((f) => f.file === r.results), `the report reads ${r.results}`);
});
