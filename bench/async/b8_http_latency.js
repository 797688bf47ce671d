/* global console, performance, process */
// B8 baseline: 1,000 GETs with undici `request` on a keep-alive Agent of 50 connections, 50
// workers pulling from one list; each body read as text.
import { Agent, request } from "undici";

const url = `${process.env.ATLAS_BENCH_URL}/delay`;
const agent = new Agent({ connections: 50 });
// One request before timing, as in the other versions (one connection open).
await (await request(url, { dispatcher: agent })).body.text();
const t0 = performance.now();
let next = 0;
let ok = 0;
async function worker() {
  while (next < 1000) {
    next++;
    const r = await request(url, { dispatcher: agent });
    await r.body.text();
    if (r.statusCode === 200) ok++;
  }
}
await Promise.all(Array.from({ length: 50 }, worker));
const ms = performance.now() - t0;
console.log(ok);
console.log(`time_ms=${ms}`);
await agent.close();
