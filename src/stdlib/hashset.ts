// HashSet builtins (stdlib.md §9.3): insertion-ordered sets with SameValueZero elements. Only
// hashSetAdd/Remove/Clear mutate; set algebra builds new sets in the documented order, and
// callback builtins iterate over a snapshot of the elements.
import { defineFn } from "./define.js";
import type { AtlasFunction, Value } from "../runtime/values.js";
import { arr, func } from "./validate.js";
import { HashSetValue, callPredicate, checkEntries, hashSetArg, keyArg, type HashKey } from "./collections-common.js";

const SET_SIG = "<T>(a: HashSet<T>, b: HashSet<T>) -> HashSet<T>";

function fromArray(av: Value): Value {
  const a = arr("hashSetFromArray", av);
  const s = new HashSetValue();
  for (const x of a) {
    const k = keyArg("hashSetFromArray", x);
    if (!s.elements.has(k)) {
      checkEntries("hashSetFromArray", s.elements.size + 1);
      s.elements.add(k);
    }
  }
  return s;
}

function hashSetAdd(sv: Value, v: Value): Value {
  const s = hashSetArg("hashSetAdd", sv);
  const k = keyArg("hashSetAdd", v);
  if (!s.elements.has(k)) {
    checkEntries("hashSetAdd", s.elements.size + 1);
    s.elements.add(k);
  }
  return null;
}

/** A new set of the given elements (already distinct), after checking the entry limit. */
function setOf(fn: string, count: number, parts: Iterable<HashKey>[]): HashSetValue {
  checkEntries(fn, count);
  const out = new HashSetValue();
  for (const p of parts) for (const k of p) out.elements.add(k);
  return out;
}

function only(from: Set<HashKey>, test: (k: HashKey) => boolean): HashKey[] {
  const out: HashKey[] = [];
  for (const k of from) if (test(k)) out.push(k);
  return out;
}

/** Elements of `a` in order, then those of `b` not in `a`. */
function union(av: Value, bv: Value): Value {
  const a = hashSetArg("hashSetUnion", av).elements;
  const b = hashSetArg("hashSetUnion", bv).elements;
  const extra = only(b, (k) => !a.has(k));
  return setOf("hashSetUnion", a.size + extra.length, [a, extra]);
}

function intersection(av: Value, bv: Value): Value {
  const a = hashSetArg("hashSetIntersection", av).elements;
  const b = hashSetArg("hashSetIntersection", bv).elements;
  const kept = only(a, (k) => b.has(k));
  return setOf("hashSetIntersection", kept.length, [kept]);
}

function difference(av: Value, bv: Value): Value {
  const a = hashSetArg("hashSetDifference", av).elements;
  const b = hashSetArg("hashSetDifference", bv).elements;
  const kept = only(a, (k) => !b.has(k));
  return setOf("hashSetDifference", kept.length, [kept]);
}

function symmetricDifference(av: Value, bv: Value): Value {
  const a = hashSetArg("hashSetSymmetricDifference", av).elements;
  const b = hashSetArg("hashSetSymmetricDifference", bv).elements;
  const left = only(a, (k) => !b.has(k));
  const right = only(b, (k) => !a.has(k));
  return setOf("hashSetSymmetricDifference", left.length + right.length, [left, right]);
}

/** Every element of `sub` is in `sup`. */
function isSubset(fn: string, subv: Value, supv: Value, swap: boolean): boolean {
  let sub = hashSetArg(fn, subv).elements;
  let sup = hashSetArg(fn, supv).elements;
  if (swap) [sub, sup] = [sup, sub];
  if (sub.size > sup.size) return false;
  for (const k of sub) if (!sup.has(k)) return false;
  return true;
}

/** The set's elements at the call (§1.6.2) and the callback, both validated. */
function snapshot(fn: string, sv: Value, fv: Value): { elements: HashKey[]; f: AtlasFunction } {
  const s = hashSetArg(fn, sv);
  const f = func(fn, fv);
  return { elements: [...s.elements], f };
}

function hashSetForEach(sv: Value, fv: Value): Value {
  const { elements, f } = snapshot("hashSetForEach", sv, fv);
  for (const k of elements) f(k);
  return null;
}

function hashSetMap(sv: Value, fv: Value): Value {
  const { elements, f } = snapshot("hashSetMap", sv, fv);
  const out: Value[] = [];
  for (const k of elements) out.push(f(k));
  return out;
}

function hashSetFilter(sv: Value, fv: Value): Value {
  const { elements, f } = snapshot("hashSetFilter", sv, fv);
  const out = new HashSetValue();
  for (const k of elements) if (callPredicate("hashSetFilter", f, k)) out.elements.add(k);
  return out;
}

// ---- Registration ------------------------------------------------------------------------

defineFn("hashSetNew", "<T>() -> HashSet<T>", () => new HashSetValue());
defineFn("hashSetFromArray", "<T>(arr: T[]) -> HashSet<T>", fromArray);
defineFn("hashSetAdd", "<T>(set: HashSet<T>, value: T) -> null", hashSetAdd);
defineFn("hashSetRemove", "<T>(set: HashSet<T>, value: T) -> bool", (s: Value, v: Value) =>
  hashSetArg("hashSetRemove", s).elements.delete(keyArg("hashSetRemove", v)),
);
defineFn("hashSetHas", "<T>(set: HashSet<T>, value: T) -> bool", (s: Value, v: Value) =>
  hashSetArg("hashSetHas", s).elements.has(keyArg("hashSetHas", v)),
);
defineFn("hashSetSize", "<T>(set: HashSet<T>) -> number", (s: Value) => hashSetArg("hashSetSize", s).elements.size);
defineFn("hashSetIsEmpty", "<T>(set: HashSet<T>) -> bool", (s: Value) => hashSetArg("hashSetIsEmpty", s).elements.size === 0);
defineFn("hashSetClear", "<T>(set: HashSet<T>) -> null", (s: Value) => {
  hashSetArg("hashSetClear", s).elements.clear();
  return null;
});
defineFn("hashSetUnion", SET_SIG, union);
defineFn("hashSetIntersection", SET_SIG, intersection);
defineFn("hashSetDifference", SET_SIG, difference);
defineFn("hashSetSymmetricDifference", SET_SIG, symmetricDifference);
defineFn("hashSetIsSubset", "<T>(a: HashSet<T>, b: HashSet<T>) -> bool", (a: Value, b: Value) =>
  isSubset("hashSetIsSubset", a, b, false),
);
defineFn("hashSetIsSuperset", "<T>(a: HashSet<T>, b: HashSet<T>) -> bool", (a: Value, b: Value) =>
  isSubset("hashSetIsSuperset", a, b, true),
);
defineFn("hashSetToArray", "<T>(set: HashSet<T>) -> T[]", (s: Value) => [...hashSetArg("hashSetToArray", s).elements]);
defineFn("hashSetForEach", "<T, R>(set: HashSet<T>, f: (T) -> R) -> null", hashSetForEach);
defineFn("hashSetMap", "<T, U>(set: HashSet<T>, f: (T) -> U) -> U[]", hashSetMap);
defineFn("hashSetFilter", "<T>(set: HashSet<T>, pred: (T) -> bool) -> HashSet<T>", hashSetFilter);
