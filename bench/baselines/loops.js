// Nested loops: hand-written JavaScript equivalent of bench/programs/loops.atl.
const t0 = performance.now();
let sum = 0;
for (let i = 0; i < 2000; i++) {
  for (let j = 0; j < 2000; j++) {
    sum = (sum + i * j + (i % 7)) % 1000003;
  }
}
console.log(sum);
console.log(`time_ms=${performance.now() - t0}`);
