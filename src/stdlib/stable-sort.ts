// The stable sort behind `sort` and `sortBy` (stdlib.md §4.3), run by both engines, so the pairs
// compared agree: natural runs (strictly descending ones reversed), short runs extended by binary
// insertion, adjacent runs merged in place through one scratch buffer as soon as they are made.
import { expected } from "./validate.js";
import type { Value } from "../runtime/values.js";
import type { RuntimeError } from "../runtime/errors.js";

/**
 * A comparator: `cmp(later, earlier)` where `later` comes after `earlier` in the input; `later`
 * is placed before `earlier` only when the result is a number below 0 (0, positive and NaN keep
 * input order). A non-number result raises AT0102 `sort(): expected number, got <kind>`.
 */
export type Comparator<T> = (later: T, earlier: T) => Value;

/** Runs shorter than this are extended by binary insertion (TimSort's MIN_MERGE). */
const MIN_MERGE = 32;

/** Does `later` go before `earlier`? The comparator's only use; its check is inlined here. */
function precedes<T>(cmp: Comparator<T>, later: T, earlier: T): boolean {
  const r = cmp(later, earlier);
  if (typeof r !== "number") throw notNumber(r);
  return r < 0;
}

function notNumber(r: Value): RuntimeError {
  return expected("sort", "number", r);
}

/** TimSort's minimum run length for `n` elements: n / minRun is a power of two or just below. */
function minRunLength(n: number): number {
  let r = 0;
  while (n >= MIN_MERGE) {
    r |= n & 1;
    n >>= 1;
  }
  return n + r;
}

/**
 * End of the natural run starting at `lo` (< n - 1): non-descending (each element not before the
 * previous), or strictly descending (each before the previous), which is reversed in place.
 */
function runEnd<T>(a: T[], lo: number, n: number, cmp: Comparator<T>): number {
  let hi = lo + 1;
  if (precedes(cmp, a[hi], a[lo])) {
    hi++;
    while (hi < n && precedes(cmp, a[hi], a[hi - 1])) hi++;
    for (let i = lo, j = hi - 1; i < j; i++, j--) {
      const t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  } else {
    hi++;
    while (hi < n && !precedes(cmp, a[hi], a[hi - 1])) hi++;
  }
  return hi;
}

/** Sorts a[lo, end) given that a[lo, sorted) is sorted: each next element goes after its equals. */
function binaryInsertion<T>(a: T[], lo: number, sorted: number, end: number, cmp: Comparator<T>): void {
  for (let i = sorted; i < end; i++) {
    const x = a[i];
    let l = lo;
    let r = i;
    while (l < r) {
      const m = (l + r) >>> 1;
      const c = cmp(x, a[m]); // precedes(), inlined by hand: cold code does not inline
      if (typeof c !== "number") throw notNumber(c);
      if (c < 0) r = m;
      else l = m + 1;
    }
    for (let k = i; k > l; k--) a[k] = a[k - 1];
    a[l] = x;
  }
}

/** Merges the sorted runs a[lo, mid) and a[mid, hi) in place; `tmp` holds the left run. */
function mergeRuns<T>(a: T[], lo: number, mid: number, hi: number, tmp: T[], cmp: Comparator<T>): void {
  if (!precedes(cmp, a[mid], a[mid - 1])) return; // already in order: one comparison
  const m = mid - lo;
  for (let t = 0; t < m; t++) tmp[t] = a[lo + t];
  let i = 0;
  let j = mid;
  let k = lo;
  while (i < m && j < hi) {
    const y = a[j];
    const x = tmp[i];
    const c = cmp(y, x); // precedes(), inlined by hand
    if (typeof c !== "number") throw notNumber(c);
    if (c < 0) {
      a[k++] = y;
      j++;
    } else {
      a[k++] = x;
      i++;
    }
  }
  while (i < m) a[k++] = tmp[i++];
}

/**
 * Sorts `a` in place, stably (see Comparator), and returns it. Runs are merged as soon as they
 * are made, like a binary counter: a new run merges with the run below it on the stack while
 * both have absorbed the same number of merges (so merges stay balanced, each element takes part
 * in O(log n) of them, and merging starts — and gets optimized by V8 — early, on data still in
 * cache); what is left on the stack is merged from the top at the end.
 */
export function stableSortInPlace<T>(a: T[], cmp: Comparator<T>): T[] {
  const n = a.length;
  if (n < 2) return a;
  const minRun = minRunLength(n);
  const tmp = a.slice(); // scratch for left runs, sized once
  const starts: number[] = [];
  const levels: number[] = [];
  for (let lo = 0; lo < n; ) {
    let hi = lo + 1 < n ? runEnd(a, lo, n, cmp) : n;
    if (hi - lo < minRun && hi < n) {
      const end = Math.min(lo + minRun, n);
      binaryInsertion(a, lo, hi, end, cmp);
      hi = end;
    }
    let start = lo;
    let level = 0;
    while (levels.length > 0 && levels[levels.length - 1] === level) {
      const below = starts.pop() as number;
      levels.pop();
      mergeRuns(a, below, start, hi, tmp, cmp);
      start = below;
      level++;
    }
    starts.push(start);
    levels.push(level);
    lo = hi;
  }
  for (let k = starts.length - 1; k > 0; k--) mergeRuns(a, starts[k - 1], starts[k], n, tmp, cmp);
  return a;
}
