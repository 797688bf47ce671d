// Sorting: hand-written JavaScript equivalent of bench/programs/sort.atl.
const t0 = performance.now();
let seed = 42;
const xs = [];
for (let i = 0; i < 200000; i++) {
  seed = (seed * 16807) % 2147483647;
  xs.push(seed);
}
const sorted = xs.slice().sort((a, b) => a - b);
console.log(sorted[0]);
console.log(sorted[100000]);
console.log(sorted[199999]);
console.log(`time_ms=${performance.now() - t0}`);
