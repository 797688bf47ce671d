/* global console, performance, process */
// B7 baseline: 1,000 × 64 KiB file reads with fs/promises readFile (UTF-8), 64 workers pulling
// from one list (the idiomatic bounded-concurrency pattern in raw Node).
import { readFile } from "node:fs/promises";

const dir = process.env.ATLAS_BENCH_DIR;
const paths = [];
for (let i = 0; i < 1000; i++) paths.push(`${dir}/f${i}.txt`);
const t0 = performance.now();
const texts = new Array(paths.length);
let next = 0;
async function worker() {
  while (next < paths.length) {
    const i = next++;
    texts[i] = await readFile(paths[i], "utf8");
  }
}
await Promise.all(Array.from({ length: 64 }, worker));
const ms = performance.now() - t0;
console.log(texts.length);
console.log(texts[999].length);
console.log(`time_ms=${ms}`);
