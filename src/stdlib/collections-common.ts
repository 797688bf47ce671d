// Shared pieces of the collection builtins (stdlib.md §9.1): the HashMap/HashSet/Queue/Stack
// handle classes, their run-time argument validators (AT0102), SameValueZero keys (AT0140),
// the entry limit (AT0007) and two-argument callback helpers. The builtins live in
// hashmap.ts, hashset.ts and queue-stack.ts.
import { Handle, type AtlasFunction, type Value } from "../runtime/values.js";
import { COLLECTION_LIMIT, tooLarge } from "../runtime/capacity.js";
import { isHashable, sameValueZeroKey, type HashKey } from "../runtime/equality.js";
import { expected } from "./validate.js";
import type { HashMapLookup } from "./types.js";

export type { HashKey };

/** A HashMap (typeof "hashmap"): a JS Map keeps insertion order and SameValueZero keys. */
export class HashMapValue extends Handle implements HashMapLookup {
  readonly typeName = "hashmap";
  readonly entries = new Map<HashKey, Value>();

  display(): string {
    return `<HashMap size=${this.entries.size}>`;
  }

  /** The stored value of `key`, or undefined (never throws; used by hasField/hasTag). */
  get(key: Value): Value | undefined {
    if (!isHashable(key)) return undefined;
    return this.entries.get(key === 0 ? 0 : key);
  }
}

/** A HashSet (typeof "hashset"), insertion-ordered. */
export class HashSetValue extends Handle {
  readonly typeName = "hashset";
  readonly elements = new Set<HashKey>();

  display(): string {
    return `<HashSet size=${this.elements.size}>`;
  }
}

/**
 * A FIFO queue (typeof "queue"): `items[head..]` are the elements, front first. Dequeue
 * advances `head` and compacts once the dead prefix is at least half of the array, so
 * every operation is amortised O(1).
 */
export class QueueValue extends Handle {
  readonly typeName = "queue";
  items: Value[] = [];
  head = 0;

  get size(): number {
    return this.items.length - this.head;
  }

  display(): string {
    return `<Queue size=${this.size}>`;
  }

  /** The elements, front first (a new array). */
  toArray(): Value[] {
    return this.items.slice(this.head);
  }
}

/** A LIFO stack (typeof "stack"): the top is the last element. */
export class StackValue extends Handle {
  readonly typeName = "stack";
  readonly items: Value[] = [];

  display(): string {
    return `<Stack size=${this.items.length}>`;
  }
}

// ---- Validators (stdlib.md §1.3.3) -----------------------------------------------------------

export function hashMapArg(fn: string, v: Value | undefined): HashMapValue {
  if (!(v instanceof HashMapValue)) throw expected(fn, "HashMap", v);
  return v;
}

export function hashSetArg(fn: string, v: Value | undefined): HashSetValue {
  if (!(v instanceof HashSetValue)) throw expected(fn, "HashSet", v);
  return v;
}

export function queueArg(fn: string, v: Value | undefined): QueueValue {
  if (!(v instanceof QueueValue)) throw expected(fn, "Queue", v);
  return v;
}

export function stackArg(fn: string, v: Value | undefined): StackValue {
  if (!(v instanceof StackValue)) throw expected(fn, "Stack", v);
  return v;
}

/**
 * The SameValueZero key of a key/element argument: AT0102 for a missing argument, AT0140
 * `Cannot hash type <kind> - …` for a non-hashable value (only reachable from ill-typed calls).
 */
export function keyArg(fn: string, v: Value | undefined): HashKey {
  if (v === undefined) throw expected(fn, "a value", v);
  return sameValueZeroKey(v);
}

/** AT0007 when a HashMap/HashSet would grow to more than 2^24 entries (stdlib.md §1.9). */
export function checkEntries(fn: string, size: number): void {
  if (size > COLLECTION_LIMIT) throw tooLarge(fn, COLLECTION_LIMIT);
}

/** Calls a `(V, K) -> bool` or `(T) -> bool` predicate; its result must be a bool. */
export function callPredicate(fn: string, f: AtlasFunction, ...args: Value[]): boolean {
  const r = f(...args);
  if (typeof r !== "boolean") throw expected(fn, "bool", r);
  return r;
}
