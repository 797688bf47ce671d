// B10 baseline: 100,000 pending async tasks blocked on one promise in raw Node, then released.
const t0 = performance.now();
let open;
const gate = new Promise((r) => (open = r));
const n = 100000;
const ts = [];
for (let i = 0; i < n; i++) {
  const k = i;
  ts.push(Promise.resolve().then(async () => k + (await gate)));
}
await new Promise((r) => setTimeout(r, 1));
console.log(n);
open(0);
let sum = 0;
for (const t of ts) sum += await t;
console.log(sum);
console.log(`time_ms=${performance.now() - t0}`);
console.log(`rss_mb=${(process.resourceUsage().maxRSS / 1024).toFixed(1)}`);
