/* global console, performance, process */
// B9 baseline: 20,000 keep-alive GETs with undici `request` on an Agent of 32 connections, 32
// workers pulling from one list; each body read as text.
import { Agent, request } from "undici";

const url = `${process.env.ATLAS_BENCH_URL}/fast`;
const agent = new Agent({ connections: 32 });
const n = 20000;
// One request before timing, as in the other versions (one connection open).
await (await request(url, { dispatcher: agent })).body.text();
const t0 = performance.now();
let next = 0;
let bytes = 0;
async function worker() {
  while (next < n) {
    next++;
    const r = await request(url, { dispatcher: agent });
    bytes += (await r.body.text()).length;
  }
}
await Promise.all(Array.from({ length: 32 }, worker));
const ms = performance.now() - t0;
console.log(bytes);
console.log(`time_ms=${ms}`);
await agent.close();
