// The programs of examples/ (issue 8): each one runs with the real CLI on both engines, against
// a loopback HTTP server started here (127.0.0.1, port 0, stopped at the end) and temp
// directories, and its output and the files it wrote are checked. Also: every example starts
// with a header comment saying how to run it.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import { startExampleServer, type ExampleServer } from "./support/example-server.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const EXAMPLES = path.join(ROOT, "examples");
const ENGINES = ["interp", "compiled"] as const;

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `atlas run --engine=E FILE ARGS…` in `cwd` with extra environment (asynchronously: the server lives here). */
function atlas(engine: string, file: string, args: string[], cwd: string, env: Record<string, string> = {}): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, "bin", "atlas.js"), "run", `--engine=${engine}`, path.join(EXAMPLES, file), ...args], {
      cwd,
      env: { ...process.env, NO_COLOR: "1", ...env },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

function tempDir(): string {
  return mkdtempSync(path.join(tmpdir(), "atlas-example-"));
}

let server: ExampleServer;
const temps: string[] = [];

function temp(): string {
  const d = tempDir();
  temps.push(d);
  return d;
}

before(async () => {
  server = await startExampleServer();
});

after(async () => {
  await server.stop();
  for (const d of temps) rmSync(d, { recursive: true, force: true });
});

test("every example has a header comment saying how to run it", () => {
  const files = readdirSync(EXAMPLES).filter((f) => f.endsWith(".atl"));
  for (const f of ["crawler.atl", "parallel-api.atl", "pipeline.atl", "rate-limited.atl", "mixed.atl", "word-count.atl"]) {
    assert.ok(files.includes(f), `examples/${f} is missing`);
  }
  for (const f of files) {
    const text = readFileSync(path.join(EXAMPLES, f), "utf8");
    assert.ok(text.startsWith(`// ${f}: `), `${f} starts with '// ${f}: <what it is>'`);
    assert.match(text.split("\n\n")[0], /npx atlas run examples\/\S+\.atl/, `${f} says how to run it in its header`);
  }
});

test("pipeline: producer/consumer with backpressure (no server, no files)", async () => {
  const expected = [
    "produced 200 numbers, received 200 squares",
    "sum of squares 1..200 = 2686700",
    "handled by the workers: 200",
    "every worker took part: true",
    "never more than 4 numbers buffered: true",
    "",
  ].join("\n");
  await Promise.all(
    ENGINES.map(async (engine) => {
      const r = await atlas(engine, "pipeline.atl", [], ROOT);
      assert.equal(r.stderr, "", engine);
      assert.equal(r.stdout, expected, engine);
      assert.equal(r.code, 0);
    }),
  );
});

test("the README's concurrent-program line works as written", async () => {
  const readme = readFileSync(path.join(ROOT, "README.md"), "utf8");
  const line = readme.split("\n").find((l) => l.includes("npx atlas run examples/pipeline.atl"));
  assert.ok(line !== undefined, "README shows how to run examples/pipeline.atl");
  const args = line.trim().replace(/^npx atlas run examples\/pipeline\.atl ?/, "").split(" ").filter((a) => a !== "");
  assert.deepEqual(args, ["--trace=pipeline-trace.json", "--async-report"]);
  const dir = temp();
  symlinkSync(EXAMPLES, path.join(dir, "examples"));
  const r = await atlas("compiled", "pipeline.atl", args, dir);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^produced 200 numbers/);
  assert.match(r.stderr, /^\natlas: async report\n {2}tasks {3}6 \(main included\): 6 completed/);
  const trace = JSON.parse(readFileSync(path.join(dir, "pipeline-trace.json"), "utf8")) as { traceEvents: { name: string }[] };
  assert.ok(trace.traceEvents.some((e) => e.name === "task #2 'producer'"));
});

test("crawler: bounded concurrency, timeout, retry, visited set, results through a channel to a file", async () => {
  await Promise.all(
    ENGINES.map(async (engine) => {
      const dir = temp();
      const out = path.join(dir, "crawl.txt");
      const r = await atlas(engine, "crawler.atl", ["--allow-env=CRAWL_URL,CRAWL_OUT", "--allow-net=127.0.0.1", `--allow-write=${out}`], dir, {
        CRAWL_URL: `${server.url}/site/index.html`,
        CRAWL_OUT: out,
      });
      assert.equal(r.stderr, "", engine);
      assert.equal(r.code, 0);
      const lines = r.stdout.split("\n");
      assert.equal(lines[0], "visited 8 URLs: 6 pages, 1 failures");
      assert.match(lines[1], /^wrote \d+ characters to .*crawl\.txt$/);
      assert.deepEqual(lines.slice(2), [
        "  /site/a.html",
        "  /site/b.html",
        "  /site/c.html",
        "  /site/d.html",
        "  /site/flaky.html",
        "  /site/index.html",
        "  /site/missing.html",
        "  /site/slow.html",
        "",
      ]);
      const written = readFileSync(out, "utf8");
      assert.equal(lines[1], `wrote ${written.length} characters to ${out}`);
      const u = server.url;
      assert.deepEqual(written.trimEnd().split("\n").sort(), [
        `fail  ${u}/site/slow.html (AT0170: Operation timed out after 300 ms)`,
        `ok    ${u}/site/a.html (2 links)`,
        `ok    ${u}/site/b.html (2 links)`,
        `ok    ${u}/site/c.html (0 links)`,
        `ok    ${u}/site/d.html (1 links)`,
        `ok    ${u}/site/flaky.html (1 links)`,
        `ok    ${u}/site/index.html (6 links)`,
        `skip  ${u}/site/missing.html (HTTP 404)`,
      ]);
    }),
  );
  // Each page fetched once per engine, except the retried ones: flaky (2 failures, then OK on
  // the 3rd attempt, once per engine run: the server counts across runs) and slow (3 timeouts).
  assert.equal(server.hits.get("/site/index.html"), 2);
  assert.equal(server.hits.get("/site/c.html"), 2);
  assert.equal(server.hits.get("/site/missing.html"), 2);
  assert.equal(server.hits.get("/site/slow.html"), 6);
  assert.ok((server.hits.get("/site/flaky.html") ?? 0) >= 4);
});

test("parallel API calls: aggregation and partial failures", async () => {
  const expected = [
    "fetched 4 of 7 users: Ada, Grace, Linus, Barbara",
    "total orders: 14",
    "3 failed:",
    "  user 4: HTTP 500 [AT0160]",
    "  user 5: httpParseJson: failed to parse JSON: EOF while parsing a value at line 1, column 19 [AT0160]",
    "  user 6: Operation timed out after 500 ms [AT0170]",
    "the slow user cost one timeout, not one per call: true",
    "user 4 still fails: HTTP 500",
    "",
  ].join("\n");
  await Promise.all(
    ENGINES.map(async (engine) => {
      const r = await atlas(engine, "parallel-api.atl", ["--allow-env=API_URL", "--allow-net=127.0.0.1"], ROOT, { API_URL: `${server.url}/api` });
      assert.equal(r.stderr, "", engine);
      assert.equal(r.stdout, expected, engine);
      assert.equal(r.code, 0);
    }),
  );
});

test("rate-limited client: a burst of 3, then one request per 40 ms (checked by the server)", async () => {
  for (const engine of ENGINES) {
    server.pings.length = 0;
    const r = await atlas(engine, "rate-limited.atl", ["--allow-env=API_URL", "--allow-net=127.0.0.1"], ROOT, { API_URL: server.url });
    assert.equal(r.stderr, "", engine);
    assert.equal(r.stdout, `${Array.from({ length: 12 }, (_, i) => `pong ${i + 1}`).join(", ")}\n12 requests took at least 360 ms: true\n`);
    assert.equal(r.code, 0);
    // Token k (1-based, k > 3) exists 40·(k−3) ms after the bucket was made: the k-th request
    // cannot arrive earlier (wall clocks of one machine; 2 ms for rounding).
    const arrivals = server.pings.map((p) => p.at - p.start).sort((a, b) => a - b);
    assert.equal(arrivals.length, 12);
    for (let k = 4; k <= 12; k++) {
      assert.ok(arrivals[k - 1] >= 40 * (k - 3) - 2, `request ${k} arrived ${arrivals[k - 1]} ms after the start`);
    }
  }
});

test("word count: a worker pool over a directory tree, report written to a file", async () => {
  await Promise.all(
    ENGINES.map(async (engine) => {
      const dir = temp();
      const out = path.join(dir, "wc.txt");
      const texts = path.join(EXAMPLES, "data", "texts");
      const r = await atlas(engine, "word-count.atl", ["--allow-env=WC_DIR,WC_OUT", `--allow-read=${texts}`, `--allow-write=${out}`], dir, { WC_DIR: texts, WC_OUT: out });
      assert.equal(r.stderr, "", engine);
      assert.equal(r.code, 0);
      const top = ["   8 the", "   5 a", "   4 river", "   3 channel", "   3 runs", "   3 task", "   3 tasks", "   2 and", "   2 awaits", "   2 is"];
      assert.equal(r.stdout, ["5 files, 81 words, 52 distinct", "files per worker add up: true", `top words written to ${out}:`, ...top, ""].join("\n"));
      assert.equal(readFileSync(out, "utf8"), top.join("\n") + "\n");
    }),
  );
});

test("word count with its documented defaults, from the repository root", async () => {
  const dir = temp();
  const out = path.join(dir, "wordcount.txt");
  const r = await atlas("compiled", "word-count.atl", ["--allow-env=WC_DIR,WC_OUT", "--allow-read=examples/data", `--allow-write=${out}`], ROOT, { WC_OUT: out });
  assert.equal(r.stderr, "");
  assert.match(r.stdout, /^5 files, 81 words, 52 distinct\n/);
});

test("mixed sync/async script", async () => {
  const expected = [
    "wrote 5 input files",
    "ticks during a synchronous loop: 0",
    "the ticker ran during a 30 ms sleep: true",
    "lines per file: [10, 20, 30, 40, 50]",
    "gave up on the slow step: AT0170 Operation timed out after 20 ms",
    "files: 5",
    "lines: 150",
    "busy: 899997",
    "",
  ].join("\n");
  await Promise.all(
    ENGINES.map(async (engine) => {
      const dir = temp();
      const work = path.join(dir, "work");
      const r = await atlas(engine, "mixed.atl", ["--allow-env=MIX_DIR", `--allow-read=${work}`, `--allow-write=${work}`], dir, { MIX_DIR: work });
      assert.equal(r.stderr, "", engine);
      assert.equal(r.stdout, expected, engine);
      assert.equal(r.code, 0);
      assert.equal(readFileSync(path.join(work, "summary.txt"), "utf8"), "files: 5\nlines: 150\nbusy: 899997\n");
      assert.deepEqual(readdirSync(path.join(work, "in")), ["part1.txt", "part2.txt", "part3.txt", "part4.txt", "part5.txt"]);
    }),
  );
});
