// String building, character by character: hand-written JavaScript equivalent of
// bench/programs/strings.atl. The pseudo-random sequence is the ZX81 LCG seed = (seed * 75 + 74) %
// 65537, whose products stay small integers: a string benchmark should not time floating-point modulo.
const t0 = performance.now();
const letters = "abcdefghijklmnopqrstuvwxyz";
let seed = 42;
let palindromes = 0;
let vowels = 0;
let checksum = 0;
let chars = 0;
let line = "";
for (let w = 0; w < 300000; w++) {
  seed = (seed * 75 + 74) % 65537;
  const size = 2 + (seed % 7);
  let word = "";
  for (let k = 0; k < size; k++) {
    seed = (seed * 75 + 74) % 65537;
    if (seed % 4 === 0) word = word + "a";
    else word = word + letters[seed % 26];
  }
  let rev = "";
  for (let k = 0; k < size; k++) {
    const c = word[k];
    rev = c + rev;
    if (c === "a" || c === "e" || c === "i" || c === "o" || c === "u") vowels++;
  }
  if (rev === word) palindromes++;
  chars = chars + size;
  line = line + word + " ";
  if (line.length > 70) {
    checksum = (checksum * 31 + line.length) % 1000003;
    line = "";
  }
}
console.log(palindromes);
console.log(vowels);
console.log(checksum);
console.log(chars);
console.log(`time_ms=${performance.now() - t0}`);
