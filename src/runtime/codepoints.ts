// Code-point (Unicode scalar) helpers: lengths, index ↔ UTF-16 offset conversion, the
// Unicode White_Space set and code-point string order (stdlib.md §1.4, §3). Atlas strings
// never contain lone surrogates, so a surrogate pair always encodes one code point.

const SURROGATE = /[\uD800-\uDFFF]/;

// One-entry cache: loops such as `charAt(s, i)` over the same string ask repeatedly. For a
// string with surrogate pairs it also keeps its code-point length and, built on demand, the
// UTF-16 offset of every 64th code point, so index conversion is O(64) instead of O(n).
let cachedString = "";
let cachedHasSurrogates = false;
let cachedLength = 0;
let cachedCheckpoints: Int32Array | null = null;

/** True when `s` contains a surrogate pair (so code-point and UTF-16 indices differ). */
export function hasSurrogates(s: string): boolean {
  if (s === cachedString) return cachedHasSurrogates;
  const r = SURROGATE.test(s);
  cachedString = s;
  cachedHasSurrogates = r;
  cachedLength = r ? -1 : s.length;
  cachedCheckpoints = null;
  return r;
}

function isHigh(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}

/** Number of code points in `s` (`len("🌟")` = 1). */
export function cpLength(s: string): number {
  if (!hasSurrogates(s)) return s.length;
  if (cachedLength < 0) cachedLength = cpCount(s, 0, s.length);
  return cachedLength;
}

const STEP = 64;

function checkpoints(s: string): Int32Array {
  if (cachedCheckpoints !== null) return cachedCheckpoints;
  const table = new Int32Array(Math.floor(cpLength(s) / STEP) + 1);
  for (let i = 0, n = 0; i < s.length; n++) {
    if (n % STEP === 0) table[n / STEP] = i;
    i += isHigh(s.charCodeAt(i)) ? 2 : 1;
  }
  cachedCheckpoints = table;
  return table;
}

/** UTF-16 offset of code-point index `cp` (0 ≤ cp ≤ cpLength(s)). */
export function cpToOffset(s: string, cp: number): number {
  if (!hasSurrogates(s)) return cp;
  if (cp >= cpLength(s)) return s.length;
  const base = Math.floor(cp / STEP);
  let i = checkpoints(s)[base];
  for (let n = base * STEP; n < cp; n++) i += isHigh(s.charCodeAt(i)) ? 2 : 1;
  return i;
}

/** Code points in s[from, to) (UTF-16 offsets). */
export function cpCount(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    if (!isHigh(s.charCodeAt(i))) n++;
  }
  return n;
}

/** Code-point index of UTF-16 offset `offset` (which is never inside a pair). */
export function offsetToCp(s: string, offset: number): number {
  if (offset <= 0 || !hasSurrogates(s)) return offset;
  return cpCount(s, 0, offset);
}

/** The code points of `s`, each as a string. */
export function codePoints(s: string): string[] {
  return Array.from(s);
}

/** Unicode White_Space (stdlib.md §3 `trim`); all members are in the BMP. U+FEFF is not. */
export function isWhiteSpace(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  if (c < 0x85) return false;
  return (
    c === 0x85 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000
  );
}

export function trimStartWS(s: string): string {
  let i = 0;
  while (i < s.length && isWhiteSpace(s.charCodeAt(i))) i++;
  return i === 0 ? s : s.slice(i);
}

export function trimEndWS(s: string): string {
  let j = s.length;
  while (j > 0 && isWhiteSpace(s.charCodeAt(j - 1))) j--;
  return j === s.length ? s : s.slice(0, j);
}

export function trimWS(s: string): string {
  return trimEndWS(trimStartWS(s));
}

/** True when `s` contains a White_Space code point. */
export function containsWhiteSpace(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    if (isWhiteSpace(s.charCodeAt(i))) return true;
  }
  return false;
}

/**
 * Compares two strings by code point (= UTF-8 byte order), not by UTF-16 unit: at the
 * first differing unit, surrogates (D800–DFFF) rank above E000–FFFF.
 */
export function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x !== y) {
      if (x >= 0xd800 && y >= 0xd800) {
        x += x >= 0xe000 ? -0x800 : 0x2000;
        y += y >= 0xe000 ? -0x800 : 0x2000;
      }
      return x < y ? -1 : 1;
    }
  }
  return a.length - b.length < 0 ? -1 : a.length === b.length ? 0 : 1;
}
