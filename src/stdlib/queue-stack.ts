// Queue (FIFO) and Stack (LIFO) builtins (stdlib.md §9.4, §9.5). Enqueue/dequeue/push/pop/clear
// mutate in place; ...ToArray builds a new array (queue front first, stack bottom first).
// Both grow like arrays, so they share the array capacity limit (2^27 elements, §1.9).
import { defineFn } from "./define.js";
import { checkArraySize } from "../runtime/capacity.js";
import { NONE, some, type Value } from "../runtime/values.js";
import { present } from "./validate.js";
import { QueueValue, StackValue, queueArg, stackArg } from "./collections-common.js";

function enqueue(qv: Value, v: Value): Value {
  const q = queueArg("queueEnqueue", qv);
  const value = present("queueEnqueue", v);
  checkArraySize("queueEnqueue", q.size + 1);
  q.items.push(value);
  return null;
}

/** Removes the front element; compacts the backing array once half of it is dead. */
function dequeue(qv: Value): Value {
  const q = queueArg("queueDequeue", qv);
  if (q.size === 0) return NONE;
  const v = q.items[q.head];
  q.items[q.head] = null; // drop the reference
  q.head++;
  if (q.head === q.items.length) {
    q.items = [];
    q.head = 0;
  } else if (q.head >= 1024 && q.head * 2 >= q.items.length) {
    q.items = q.items.slice(q.head);
    q.head = 0;
  }
  return some(v);
}

function queuePeek(qv: Value): Value {
  const q = queueArg("queuePeek", qv);
  return q.size === 0 ? NONE : some(q.items[q.head]);
}

function push(sv: Value, v: Value): Value {
  const s = stackArg("stackPush", sv);
  const value = present("stackPush", v);
  checkArraySize("stackPush", s.items.length + 1);
  s.items.push(value);
  return null;
}

function pop(sv: Value): Value {
  const s = stackArg("stackPop", sv);
  if (s.items.length === 0) return NONE;
  return some(s.items.pop() as Value);
}

function stackPeek(sv: Value): Value {
  const s = stackArg("stackPeek", sv);
  return s.items.length === 0 ? NONE : some(s.items[s.items.length - 1]);
}

// ---- Registration ------------------------------------------------------------------------

defineFn("queueNew", "<T>() -> Queue<T>", () => new QueueValue());
defineFn("queueEnqueue", "<T>(q: Queue<T>, value: T) -> null", enqueue);
defineFn("queueDequeue", "<T>(q: Queue<T>) -> Option<T>", dequeue);
defineFn("queuePeek", "<T>(q: Queue<T>) -> Option<T>", queuePeek);
defineFn("queueSize", "<T>(q: Queue<T>) -> number", (q: Value) => queueArg("queueSize", q).size);
defineFn("queueIsEmpty", "<T>(q: Queue<T>) -> bool", (q: Value) => queueArg("queueIsEmpty", q).size === 0);
defineFn("queueClear", "<T>(q: Queue<T>) -> null", (qv: Value) => {
  const q = queueArg("queueClear", qv);
  q.items = [];
  q.head = 0;
  return null;
});
defineFn("queueToArray", "<T>(q: Queue<T>) -> T[]", (q: Value) => queueArg("queueToArray", q).toArray());

defineFn("stackNew", "<T>() -> Stack<T>", () => new StackValue());
defineFn("stackPush", "<T>(s: Stack<T>, value: T) -> null", push);
defineFn("stackPop", "<T>(s: Stack<T>) -> Option<T>", pop);
defineFn("stackPeek", "<T>(s: Stack<T>) -> Option<T>", stackPeek);
defineFn("stackSize", "<T>(s: Stack<T>) -> number", (s: Value) => stackArg("stackSize", s).items.length);
defineFn("stackIsEmpty", "<T>(s: Stack<T>) -> bool", (s: Value) => stackArg("stackIsEmpty", s).items.length === 0);
defineFn("stackClear", "<T>(s: Stack<T>) -> null", (s: Value) => {
  stackArg("stackClear", s).items.length = 0;
  return null;
});
defineFn("stackToArray", "<T>(s: Stack<T>) -> T[]", (s: Value) => stackArg("stackToArray", s).items.slice());
