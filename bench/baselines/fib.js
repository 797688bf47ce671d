// fib(30): hand-written JavaScript equivalent of bench/programs/fib.atl.
function fib(n) {
  if (n < 2) return n;
  return fib(n - 1) + fib(n - 2);
}
const t0 = performance.now();
console.log(fib(30));
console.log(`time_ms=${performance.now() - t0}`);
