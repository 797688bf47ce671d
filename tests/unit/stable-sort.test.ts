// Table tests of the stable sort behind `sort` / `sortBy` (src/stdlib/stable-sort.ts) against a
// reference stable insertion sort: random and structured inputs around the run length, many
// equal keys, NaN results, odd comparators (still a permutation), non-number results.
import { test } from "node:test";
import assert from "node:assert/strict";
import { stableSortInPlace, type Comparator } from "../../src/stdlib/stable-sort.js";
import { RuntimeError } from "../../src/runtime/errors.js";

interface Item {
  readonly key: number;
  readonly pos: number;
}

/** Reference: insertion sort; an element moves before an earlier one only when cmp(it, that) < 0. */
function reference(input: readonly Item[], cmp: Comparator<Item>): Item[] {
  const out: Item[] = [];
  for (const x of input) {
    let i = out.length;
    while (i > 0 && (cmp(x, out[i - 1]) as number) < 0) i--;
    out.splice(i, 0, x);
  }
  return out;
}

/** Park–Miller, so failures reproduce. */
function rng(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 16807) % 2147483647;
    return s / 2147483647;
  };
}

const SIZES = [0, 1, 2, 3, 7, 15, 16, 17, 31, 32, 33, 63, 64, 65, 100, 257, 1000, 4099];

const SHAPES: Record<string, (n: number, r: () => number) => number[]> = {
  random: (n, r) => Array.from({ length: n }, () => Math.floor(r() * 1e6)),
  fewKeys: (n, r) => Array.from({ length: n }, () => Math.floor(r() * 3)),
  allEqual: (n) => Array.from({ length: n }, () => 7),
  sorted: (n) => Array.from({ length: n }, (_, i) => i),
  reversed: (n) => Array.from({ length: n }, (_, i) => n - i),
  reversedPairs: (n) => Array.from({ length: n }, (_, i) => (n - i) >> 1), // descending with equal neighbours
  sawtooth: (n) => Array.from({ length: n }, (_, i) => i % 40),
  organPipe: (n) => Array.from({ length: n }, (_, i) => Math.min(i, n - i)),
  sortedThenRandom: (n, r) => Array.from({ length: n }, (_, i) => (i < n / 2 ? i : Math.floor(r() * n))),
};

const ascending: Comparator<Item> = (a, b) => a.key - b.key;
const descending: Comparator<Item> = (a, b) => b.key - a.key;
/** NaN instead of 0 on equal keys: NaN keeps input order, like 0. */
const nanOnEqual: Comparator<Item> = (a, b) => (a.key === b.key ? NaN : a.key - b.key);
/** Only the sign matters: large positive results, -0.5 for "before". */
const signOnly: Comparator<Item> = (a, b) => (a.key < b.key ? -0.5 : 1e300);

test("stableSortInPlace agrees with a stable insertion sort", () => {
  const r = rng(12345);
  const comparators = { ascending, descending, nanOnEqual, signOnly };
  for (const [shapeName, shape] of Object.entries(SHAPES)) {
    for (const n of SIZES) {
      const input = shape(n, r).map((key, pos) => ({ key, pos }));
      for (const [cmpName, cmp] of Object.entries(comparators)) {
        const got = stableSortInPlace(input.slice(), cmp);
        const want = reference(input, cmp);
        assert.deepEqual(got, want, `${shapeName}, n=${n}, ${cmpName}`);
      }
    }
  }
});

test("stableSortInPlace: comparator arguments are (later, earlier) in input order", () => {
  const r = rng(99);
  for (const n of SIZES) {
    const input = SHAPES.random(n, r).map((key, pos) => ({ key, pos }));
    stableSortInPlace(input.slice(), (later, earlier) => {
      assert.ok(later.pos > earlier.pos, `n=${n}: compared ${later.pos} with ${earlier.pos}`);
      return later.key - earlier.key;
    });
  }
});

test("stableSortInPlace: an inconsistent comparator still gives a permutation", () => {
  const r = rng(7);
  for (const n of SIZES) {
    const input = SHAPES.random(n, r).map((key, pos) => ({ key, pos }));
    const got = stableSortInPlace(input.slice(), () => (r() < 0.5 ? -1 : 1));
    assert.deepEqual(
      got.map((x) => x.pos).sort((a, b) => a - b),
      input.map((x) => x.pos),
      `n=${n}`,
    );
  }
});

test("stableSortInPlace: a non-number result is AT0102, a thrown error passes through", () => {
  for (const n of [2, 40, 1000]) {
    const input = Array.from({ length: n }, (_, i) => n - i);
    let calls = 0;
    assert.throws(
      () => stableSortInPlace(input.slice(), (a, b) => (++calls === n - 1 ? "x" : a - b)),
      (e: unknown) => e instanceof RuntimeError && e.code === "AT0102" && e.message === "sort(): expected number, got string",
    );
    const boom = new Error("boom");
    calls = 0;
    assert.throws(() => stableSortInPlace(input.slice(), (a, b) => {
      if (++calls === n - 1) throw boom;
      return a - b;
    }), (e: unknown) => e === boom);
  }
});
