// B1 baseline: 1,000,000 sequential awaits of resolved promises in raw Node.
async function run(n) {
  let sum = 0;
  for (let i = 0; i < n; i++) sum += await Promise.resolve(i);
  return sum;
}
const t0 = performance.now();
console.log(await run(1000000));
console.log(`time_ms=${performance.now() - t0}`);
console.log(`rss_mb=${(process.resourceUsage().maxRSS / 1024).toFixed(1)}`);
