// B6 baseline: 100,000 suspended async tasks each awaiting an abortable timer, cancelled with
// AbortController in raw Node.
import { setTimeout as sleep } from "node:timers/promises";
const t0 = performance.now();
const n = 100000;
const controllers = [];
const ts = [];
for (let i = 0; i < n; i++) {
  const c = new AbortController();
  controllers.push(c);
  ts.push(
    Promise.resolve().then(async () => {
      await sleep(100000000, null, { signal: c.signal });
    }),
  );
}
await new Promise((r) => setImmediate(r));
let cancelled = 0;
for (const c of controllers) {
  c.abort();
  cancelled++;
}
const rs = await Promise.allSettled(ts);
console.log(cancelled);
console.log(rs.length);
console.log(`time_ms=${performance.now() - t0}`);
console.log(`rss_mb=${(process.resourceUsage().maxRSS / 1024).toFixed(1)}`);
