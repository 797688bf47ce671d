// HashMap builtins (stdlib.md §9.2): insertion-ordered maps with SameValueZero keys. Only
// hashMapPut/Remove/Clear mutate; callback builtins iterate over a snapshot of the entries.
import { defineFn } from "./define.js";
import { typeError } from "../runtime/errors.js";
import { NONE, some, type AtlasFunction, type Value } from "../runtime/values.js";
import { arr, func, present } from "./validate.js";
import { HashMapValue, callPredicate, checkEntries, hashMapArg, keyArg, type HashKey } from "./collections-common.js";

/** Stores key → value; a new key counts against the entry limit first. */
function put(fn: string, m: HashMapValue, key: HashKey, value: Value): void {
  if (!m.entries.has(key)) checkEntries(fn, m.entries.size + 1);
  m.entries.set(key, value);
}

function fromEntries(ev: Value): Value {
  const entries = arr("hashMapFromEntries", ev);
  const m = new HashMapValue();
  for (const e of entries) {
    if (!Array.isArray(e) || e.length !== 2) throw typeError("Entry must be [key, value] array with exactly 2 elements");
    put("hashMapFromEntries", m, keyArg("hashMapFromEntries", e[0]), e[1]);
  }
  return m;
}

function hashMapPut(mv: Value, kv: Value, vv: Value): Value {
  const m = hashMapArg("hashMapPut", mv);
  const key = keyArg("hashMapPut", kv);
  put("hashMapPut", m, key, present("hashMapPut", vv));
  return null;
}

function hashMapGet(mv: Value, kv: Value): Value {
  const m = hashMapArg("hashMapGet", mv);
  const key = keyArg("hashMapGet", kv);
  const v = m.entries.get(key);
  return v === undefined ? NONE : some(v);
}

function hashMapRemove(mv: Value, kv: Value): Value {
  const m = hashMapArg("hashMapRemove", mv);
  const key = keyArg("hashMapRemove", kv);
  const v = m.entries.get(key);
  if (v === undefined) return NONE;
  m.entries.delete(key);
  return some(v);
}

function hashMapHas(mv: Value, kv: Value): Value {
  const m = hashMapArg("hashMapHas", mv);
  return m.entries.has(keyArg("hashMapHas", kv));
}

/** The map's entries at the call (§1.6.2) and the callback, both validated. */
function snapshot(fn: string, mv: Value, fv: Value): { entries: [HashKey, Value][]; f: AtlasFunction } {
  const m = hashMapArg(fn, mv);
  const f = func(fn, fv);
  return { entries: [...m.entries], f };
}

function hashMapForEach(mv: Value, fv: Value): Value {
  const { entries, f } = snapshot("hashMapForEach", mv, fv);
  for (const [k, v] of entries) f(v, k);
  return null;
}

function hashMapMap(mv: Value, fv: Value): Value {
  const { entries, f } = snapshot("hashMapMap", mv, fv);
  const out = new HashMapValue();
  for (const [k, v] of entries) out.entries.set(k, f(v, k));
  return out;
}

function hashMapFilter(mv: Value, fv: Value): Value {
  const { entries, f } = snapshot("hashMapFilter", mv, fv);
  const out = new HashMapValue();
  for (const [k, v] of entries) if (callPredicate("hashMapFilter", f, v, k)) out.entries.set(k, v);
  return out;
}

// ---- Registration ------------------------------------------------------------------------

defineFn("hashMapNew", "<K, V>() -> HashMap<K, V>", () => new HashMapValue());
defineFn("hashMapFromEntries", "<T>(entries: T[][]) -> HashMap<T, T>", fromEntries);
defineFn("hashMapPut", "<K, V>(map: HashMap<K, V>, key: K, value: V) -> null", hashMapPut);
defineFn("hashMapGet", "<K, V>(map: HashMap<K, V>, key: K) -> Option<V>", hashMapGet);
defineFn("hashMapRemove", "<K, V>(map: HashMap<K, V>, key: K) -> Option<V>", hashMapRemove);
defineFn("hashMapHas", "<K, V>(map: HashMap<K, V>, key: K) -> bool", hashMapHas);
defineFn("hashMapSize", "<K, V>(map: HashMap<K, V>) -> number", (m: Value) => hashMapArg("hashMapSize", m).entries.size);
defineFn(
  "hashMapIsEmpty",
  "<K, V>(map: HashMap<K, V>) -> bool",
  (m: Value) => hashMapArg("hashMapIsEmpty", m).entries.size === 0,
);
defineFn("hashMapClear", "<K, V>(map: HashMap<K, V>) -> null", (m: Value) => {
  hashMapArg("hashMapClear", m).entries.clear();
  return null;
});
defineFn("hashMapKeys", "<K, V>(map: HashMap<K, V>) -> K[]", (m: Value) => [...hashMapArg("hashMapKeys", m).entries.keys()]);
defineFn("hashMapValues", "<K, V>(map: HashMap<K, V>) -> V[]", (m: Value) => [
  ...hashMapArg("hashMapValues", m).entries.values(),
]);
defineFn("hashMapEntries", "<K, V>(map: HashMap<K, V>) -> (K | V)[][]", (m: Value) =>
  Array.from(hashMapArg("hashMapEntries", m).entries, ([k, v]): Value[] => [k, v]),
);
defineFn("hashMapForEach", "<K, V, R>(map: HashMap<K, V>, f: (V, K) -> R) -> null", hashMapForEach);
defineFn("hashMapMap", "<K, V, U>(map: HashMap<K, V>, f: (V, K) -> U) -> HashMap<K, U>", hashMapMap);
defineFn("hashMapFilter", "<K, V>(map: HashMap<K, V>, pred: (V, K) -> bool) -> HashMap<K, V>", hashMapFilter);
