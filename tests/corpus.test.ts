// `npm test` runs the golden corpus: one node:test test per corpus program and engine; any
// mismatch of stdout, stderr or exit status fails the test with a diff (run-corpus.ts).
import { test } from "node:test";
import assert from "node:assert/strict";
import { discover, runCorpus } from "./run-corpus.js";

const programs = discover(process.env.ATLAS_CORPUS_FILTER ?? null);
const results = await runCorpus(programs);

test("the corpus is not empty", () => {
  assert.ok(programs.length > 0, "no corpus programs found under tests/corpus");
});

for (const r of results) {
  test(`corpus ${r.rel} [${r.engine}]`, () => {
    if (!r.pass) assert.fail(`${r.rel} [${r.engine}] does not match its .out file:\n${r.diff}`);
  });
}
