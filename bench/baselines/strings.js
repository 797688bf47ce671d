// String building, character by character: hand-written JavaScript equivalent of
// bench/programs/strings.atl.
const t0 = performance.now();
const letters = "abcdefghijklmnopqrstuvwxyz";
let s = "";
let seed = 7;
for (let i = 0; i < 200000; i++) {
  seed = (seed * 31 + i) % 1000003;
  const c = letters[seed % 26];
  if (c === "e" || c === "t") s = s + String(i % 10);
  else s = s + c;
}
let vowels = 0;
let rare = 0;
let runs = 0;
let prev = "";
const n = s.length;
for (let j = 0; j < n; j++) {
  const c = s[j];
  if (c === "a" || c === "i" || c === "o" || c === "u") vowels++;
  else if (c === "x" || c === "y" || c === "z") rare++;
  if (c === prev) runs++;
  prev = c;
}
console.log(n);
console.log(vowels);
console.log(rare);
console.log(runs);
console.log(`time_ms=${performance.now() - t0}`);
