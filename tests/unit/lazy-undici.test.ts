// undici (about 19 MB) is loaded on first HTTP use only: a program that makes no request, run by
// the CLI (start-up bundle or separate modules) or through the embedding API, never loads it;
// one that makes a request does (the positive control shows the probe sees worker threads too).
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import * as path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { cleanup, tempDir } from "./support/sys-harness.js";
import { closedPort } from "./support/async-http-server.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const MARK = "UNDICI-LOADED";

/** A preload (inherited by worker threads) reporting any load of the undici package on stderr. */
const PROBE = `const M = require("node:module");
const load = M._load;
M._load = function (req) {
  if (/^undici$|[\\\\/]undici[\\\\/]/.test(String(req))) process._rawDebug(${JSON.stringify(MARK)});
  return load.apply(this, arguments);
};
`;

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(dir: string, args: string[], env: Record<string, string> = {}): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--require", path.join(dir, "probe.cjs"), ...args], { cwd: dir, env: { ...process.env, ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

const PROGRAM = `fn twice(n: number) -> number { return n * 2; }
async fn later(n: number) -> Future<number> { await sleep(1); return twice(n); }
print(await later(21));
`;

test("a program without HTTP never loads undici (CLI with and without the bundle, embedding API)", async () => {
  const dir = tempDir("atlas-lazy-undici-");
  try {
    writeFileSync(path.join(dir, "probe.cjs"), PROBE);
    writeFileSync(path.join(dir, "p.atl"), PROGRAM);
    const atlas = path.join(ROOT, "bin/atlas.js");
    for (const env of [{ ATLAS_NO_BUNDLE: "1" }, {}] as Record<string, string>[]) {
      for (const engine of [[], ["--engine=interp"]]) {
        const r = await run(dir, [atlas, "run", ...engine, "p.atl"], env);
        assert.equal(r.stdout, "42\n", r.stderr);
        assert.equal(r.code, 0);
        assert.ok(!r.stderr.includes(MARK), `undici loaded: ${JSON.stringify(env)} ${engine.join(" ")}`);
      }
    }
    const api = pathToFileURL(path.join(ROOT, "dist/src/index.js")).href;
    const script = `import { Runtime } from ${JSON.stringify(api)};
const rt = new Runtime({ stdout: (t) => process.stdout.write(t) });
const r = await rt.eval(${JSON.stringify(PROGRAM)});
if (!r.ok) process.exit(3);
`;
    const e = await run(dir, ["--input-type=module", "-e", script]);
    assert.equal(e.stdout, "42\n", e.stderr);
    assert.ok(!e.stderr.includes(MARK), "undici loaded by the embedding API");
  } finally {
    cleanup(dir);
  }
});

test("an HTTP request loads undici (the probe sees it, sync and async clients)", async () => {
  const dir = tempDir("atlas-lazy-undici-");
  try {
    writeFileSync(path.join(dir, "probe.cjs"), PROBE);
    const port = await closedPort();
    const url = `http://127.0.0.1:${port}/`;
    const progs = {
      "a.atl": `await httpGetAsync("${url}");\n`,
      "s.atl": `print(httpGet("${url}"));\n`,
    };
    for (const [file, src] of Object.entries(progs)) {
      writeFileSync(path.join(dir, file), src);
      const r = await run(dir, [path.join(ROOT, "bin/atlas.js"), "run", `--allow-net=127.0.0.1:${port}`, file], { ATLAS_NO_BUNDLE: "1" });
      assert.match(r.stdout + r.stderr, /AT0120/);
      assert.ok(r.stderr.includes(MARK), `undici not seen for ${file}`);
    }
  } finally {
    cleanup(dir);
  }
});
