// B5 baseline: the same 10,000 timers (10 ms) in raw Node.
const t0 = performance.now();
const fs = [];
for (let i = 0; i < 10000; i++) fs.push(new Promise((r) => setTimeout(r, 10)));
await Promise.all(fs);
console.log(fs.length);
console.log(`time_ms=${performance.now() - t0}`);
console.log(`rss_mb=${(process.resourceUsage().maxRSS / 1024).toFixed(1)}`);
