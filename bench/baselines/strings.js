// String building: hand-written JavaScript equivalent of bench/programs/strings.atl.
const t0 = performance.now();
let s = "";
for (let i = 0; i < 300000; i++) {
  s = s + String(i % 10);
}
const parts = s.split("0");
console.log(s.length);
console.log(parts.length);
console.log(parts.join("-").length);
console.log(`time_ms=${performance.now() - t0}`);
