// Closures and higher-order functions: hand-written JavaScript equivalent of closures.atl.
const t0 = performance.now();
const xs = [];
for (let i = 0; i < 1000; i++) xs.push(i);
function adder(k) { return (x) => x + k; }
let total = 0;
for (let round = 0; round < 300; round++) {
  const add = adder(round);
  const ys = xs.map(add);
  const evens = ys.filter((y) => y % 2 === 0);
  total = total + evens.reduce((acc, y) => acc + y, 0);
}
console.log(total);
console.log(`time_ms=${performance.now() - t0}`);
