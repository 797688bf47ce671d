// B10 baseline: 100,000 pending async tasks blocked receiving from one channel in raw Node (the
// simplest fair channel: a FIFO of pending receivers' resolvers and one of buffered values),
// then sent 100,000 values and joined.
const t0 = performance.now();
const waiters = [];
let waitHead = 0;
const values = [];
let valueHead = 0;
function receive() {
  if (valueHead < values.length) return Promise.resolve(values[valueHead++]);
  return new Promise((r) => waiters.push(r));
}
function send(v) {
  if (waitHead < waiters.length) {
    const r = waiters[waitHead];
    waiters[waitHead++] = undefined;
    r(v);
  } else values.push(v);
  return Promise.resolve();
}
const n = 100000;
const ts = [];
for (let i = 0; i < n; i++) {
  const k = i;
  ts.push(Promise.resolve().then(async () => k + (await receive())));
}
await new Promise((r) => setTimeout(r, 1));
console.log(waiters.length - waitHead);
for (let j = 0; j < n; j++) await send(j);
let sum = 0;
for (const t of ts) sum += await t;
console.log(sum);
console.log(`time_ms=${performance.now() - t0}`);
console.log(`rss_mb=${(process.resourceUsage().maxRSS / 1024).toFixed(1)}`);
