// B2 baseline: start 100,000 concurrent async tasks (queued, like spawn) and join them in raw Node.
async function body(k) {
  return k;
}
const t0 = performance.now();
const n = 100000;
const ts = [];
for (let i = 0; i < n; i++) {
  const k = i;
  ts.push(Promise.resolve().then(() => body(k)));
}
let sum = 0;
for (const t of ts) sum += await t;
console.log(sum);
console.log(`time_ms=${performance.now() - t0}`);
console.log(`rss_mb=${(process.resourceUsage().maxRSS / 1024).toFixed(1)}`);
