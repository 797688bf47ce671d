// Closures: hand-written JavaScript equivalent of bench/programs/closures.atl.
const t0 = performance.now();
function makeCounter(step) {
  let n = 0;
  return () => { n = n + step; return n; };
}
function compose(f, g) { return (x) => g(f(x)); }
const xs = [];
for (let i = 0; i < 1000; i++) xs.push(i);
let total = 0;
for (let round = 0; round < 1000; round++) {
  const counter = makeCounter((round % 7) + 1);
  const h = compose((x) => x * 3 + round, (x) => x % 1009);
  for (let k = 0; k < 1000; k++) total = total + h(counter());
  const ys = xs.map((x) => x + round);
  const odd = ys.filter((y) => y % 2 === 1);
  total = total + odd.reduce((acc, y) => acc + (y % 13), 0);
}
console.log(total);
console.log(`time_ms=${performance.now() - t0}`);
