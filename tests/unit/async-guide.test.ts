// docs/async-io.md never rots: every ```atlas snippet is extracted and run as `p.atl` on both
// engines (virtual clock unless the snippet asks for the real one), in a fresh temp directory
// holding the guide's fixture files, with read/write permission on that directory, net
// permission for 127.0.0.1 (a loopback server answers for http://127.0.0.1:8080) and env
// permission; what it prints (stdout and stderr as a terminal shows them) must equal the
// ```output block that follows it. Directives go in an HTML comment right before the snippet:
// <!-- guide: real-clock exit=1 -->.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import { runFile } from "../../src/api/pipeline.js";
import type { EngineName } from "../../src/cli/args.js";
import { MemorySinks } from "../../src/cli/sinks.js";
import { VirtualClock } from "../../src/runtime/clock.js";
import { startExampleServer, type ExampleServer } from "./support/example-server.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const GUIDE = path.join(ROOT, "docs", "async-io.md");
/** The address snippets use; replaced by the test server's. */
const GUIDE_SERVER = "http://127.0.0.1:8080";

/** Files every snippet finds in its working directory (the guide describes them). */
const FIXTURES: Record<string, string> = {
  "data.txt": "alpha\nbeta\ngamma\n",
  "logs/app.log": "INFO start\nERROR disk full\nINFO retry\nERROR disk still full\nINFO done\n",
  "notes/a.txt": "one two three\n",
  "notes/b.txt": "four five\n",
};

export interface Snippet {
  /** 1-based line of the ```atlas fence. */
  line: number;
  code: string;
  expected: string | null;
  directives: Set<string>;
}

/** The ```atlas blocks of a Markdown text, each with the ```output block after it. */
export function extractSnippets(md: string): Snippet[] {
  const lines = md.split("\n");
  const out: Snippet[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].trim() !== "```atlas") continue;
    const start = i;
    const code: string[] = [];
    for (i++; i < lines.length && lines[i].trim() !== "```"; i++) code.push(lines[i]);
    let j = i + 1;
    while (j < lines.length && lines[j].trim() === "") j++;
    let expected: string | null = null;
    if (j < lines.length && lines[j].trim() === "```output") {
      const body: string[] = [];
      for (j++; j < lines.length && lines[j].trim() !== "```"; j++) body.push(lines[j]);
      expected = body.join("\n");
      i = j;
    }
    const prev = start > 0 ? lines[start - 1] : "";
    const m = /^<!--\s*guide:\s*(.*?)\s*-->$/.exec(prev.trim());
    out.push({ line: start + 1, code: code.join("\n") + "\n", expected, directives: new Set(m === null ? [] : m[1].split(/\s+/)) });
  }
  return out;
}

function exitOf(s: Snippet): number {
  for (const d of s.directives) {
    const m = /^exit=(\d+)$/.exec(d);
    if (m !== null) return Number(m[1]);
  }
  return s.expected !== null && /^error\[AT\d+\]/m.test(s.expected) ? 1 : 0;
}

function writeFixtures(dir: string): void {
  for (const [rel, text] of Object.entries(FIXTURES)) {
    const file = path.join(dir, rel);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
}

let server: ExampleServer;

async function runSnippet(s: Snippet, engine: EngineName): Promise<{ output: string; exit: number }> {
  const dir = mkdtempSync(path.join(tmpdir(), "atlas-guide-"));
  try {
    writeFixtures(dir);
    writeFileSync(path.join(dir, "p.atl"), s.code.split(GUIDE_SERVER).join(server.url));
    const sinks = new MemorySinks();
    const options = {
      engine,
      grants: { read: [dir], write: [dir], net: ["127.0.0.1"], env: true as const },
      ...(s.directives.has("real-clock") ? {} : { clock: new VirtualClock({ autoJump: true }) }),
    };
    const r = await runFile("p.atl", options, { sinks, baseDir: dir, json: false, colour: false });
    return { output: sinks.both.split(server.url).join(GUIDE_SERVER), exit: r.exitCode };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const snippets = extractSnippets(readFileSync(GUIDE, "utf8"));

before(async () => {
  server = await startExampleServer();
});

after(async () => {
  await server.stop();
});

test("the guide has snippets, and each one shows its output", () => {
  assert.ok(snippets.length >= 20, `only ${snippets.length} snippets`);
  const missing = snippets.filter((s) => s.expected === null).map((s) => `docs/async-io.md:${s.line}`);
  assert.deepEqual(missing, [], "every ```atlas block is followed by an ```output block");
});

test("the snippet extractor", () => {
  const md = "text\n<!-- guide: real-clock exit=1 -->\n```atlas\nprint(1);\n```\n\n```output\n1\n```\n```atlas\nlet x = 1;\n```\n";
  const got = extractSnippets(md);
  assert.equal(got.length, 2);
  assert.deepEqual([got[0].line, got[0].code, got[0].expected, [...got[0].directives]], [3, "print(1);\n", "1", ["real-clock", "exit=1"]]);
  assert.deepEqual([got[1].line, got[1].expected, got[1].directives.size], [10, null, 0]);
});

for (const s of snippets) {
  if (s.expected === null) continue;
  const first = s.code.split("\n").find((l) => l.trim() !== "" && !l.trim().startsWith("//")) ?? "";
  test(`docs/async-io.md:${s.line} ${first.trim().slice(0, 50)}`, async () => {
    for (const engine of ["interp", "compiled"] as const) {
      const r = await runSnippet(s, engine);
      assert.equal(r.output.replace(/\n+$/, ""), (s.expected ?? "").replace(/\n+$/, ""), `output on ${engine}`);
      assert.equal(r.exit, exitOf(s), `exit status on ${engine}`);
    }
  });
}
