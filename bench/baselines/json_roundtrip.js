// JSON round trip: hand-written JavaScript equivalent of bench/programs/json_roundtrip.atl.
const t0 = performance.now();
const records = [];
for (let i = 0; i < 2000; i++) {
  records.push([i, "name" + String(i), i % 3 === 0, i * 1.5]);
}
let total = 0;
for (let k = 0; k < 20; k++) {
  const text = JSON.stringify(records);
  const back = JSON.parse(text);
  const r = back[k * 97];
  total = total + r[0] + r[3] + r[1].length;
  if (r[2]) total = total + 1;
}
console.log(total);
console.log(`time_ms=${performance.now() - t0}`);
