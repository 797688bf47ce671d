// Testing builtins (stdlib.md §17.1–§17.2): deep equality and the assert functions, whose
// failures are AT0001 `Type error: <message>` at the assertion's call site. `atlas test`
// (§17.3) is not here.
import { defineCtxFn, defineFn } from "./define.js";
import { RuntimeError, typeError } from "../runtime/errors.js";
import { display, formatNumber } from "../runtime/display.js";
import { valuesEqual } from "../runtime/equality.js";
import { isHostStackOverflow, stackOverflowError } from "../runtime/report.js";
import { ErrorValue, OptionValue, ResultValue, type Value } from "../runtime/values.js";
import type { Span } from "../diagnostics/span.js";
import { arr, expected, func, num, option, present, result, str } from "./validate.js";

// ---- Deep equality (§17.1) -------------------------------------------------------------------

/**
 * Deep equality of assertions: arrays element by element, Option/Result by variant and
 * contents, Error values by code and message, everything else by `==`. Iterative; an array
 * pair met again (a cycle, or shared structure already compared) counts as equal.
 */
export function deepEqual(x: Value, y: Value): boolean {
  const seen = new Map<Value[], Set<Value[]>>();
  const work: [Value, Value][] = [[x, y]];
  for (let w = work.pop(); w !== undefined; w = work.pop()) {
    const [a, b] = w;
    if (Array.isArray(a)) {
      if (!Array.isArray(b) || a.length !== b.length) return false;
      let partners = seen.get(a);
      if (partners === undefined) seen.set(a, (partners = new Set()));
      if (partners.has(b)) continue;
      partners.add(b);
      for (let i = a.length - 1; i >= 0; i--) work.push([a[i], b[i]]);
    } else if (a instanceof OptionValue) {
      if (!(b instanceof OptionValue) || a.isSome !== b.isSome) return false;
      work.push([a.value, b.value]);
    } else if (a instanceof ResultValue) {
      if (!(b instanceof ResultValue) || a.isOk !== b.isOk) return false;
      work.push([a.value, b.value]);
    } else if (a instanceof ErrorValue) {
      if (!(b instanceof ErrorValue) || a.code !== b.code || a.message !== b.message) return false;
    } else if (!valuesEqual(a, b)) {
      return false;
    }
  }
  return true;
}

// ---- Assertions (§17.2) ----------------------------------------------------------------------

function fail(message: string): RuntimeError {
  return typeError(message);
}

function bool(fn: string, v: Value | undefined): boolean {
  if (typeof v !== "boolean") throw expected(fn, "bool", v);
  return v;
}

function assertTrue(cv: Value, mv: Value): Value {
  const c = bool("assert", cv);
  const message = str("assert", mv);
  if (!c) throw fail(`Assertion failed: ${message}`);
  return null;
}

function assertFalse(cv: Value, mv: Value): Value {
  const c = bool("assertFalse", cv);
  const message = str("assertFalse", mv);
  if (c) throw fail(`Assertion failed (expected false): ${message}`);
  return null;
}

function assertEqual(a: Value, e: Value): Value {
  present("assertEqual", a);
  present("assertEqual", e);
  if (!deepEqual(a, e)) {
    const actual = display(a, "assertEqual");
    const want = display(e, "assertEqual");
    throw fail(`Assertion failed: values not equal\n  Actual:   ${actual}\n  Expected: ${want}`);
  }
  return null;
}

function assertNotEqual(a: Value, e: Value): Value {
  present("assertNotEqual", a);
  present("assertNotEqual", e);
  if (deepEqual(a, e)) {
    throw fail(`Assertion failed: values are equal (expected them to differ)\n  Value: ${display(a, "assertNotEqual")}`);
  }
  return null;
}

function assertOk(rv: Value): Value {
  const r = result("assertOk", rv);
  if (!r.isOk) throw fail(`assertOk: expected Ok, got Err(${display(r.value, "assertOk")})`);
  return r.value;
}

function assertErr(rv: Value): Value {
  const r = result("assertErr", rv);
  if (r.isOk) throw fail(`assertErr: expected Err, got Ok(${display(r.value, "assertErr")})`);
  return r.value;
}

function assertSome(ov: Value): Value {
  const o = option("assertSome", ov);
  if (!o.isSome) throw fail("assertSome: expected Some, got None");
  return o.value;
}

function assertNone(ov: Value): Value {
  const o = option("assertNone", ov);
  if (o.isSome) throw fail(`assertNone: expected None, got Some(${display(o.value, "assertNone")})`);
  return null;
}

function assertContains(av: Value, v: Value): Value {
  const a = arr("assertContains", av);
  present("assertContains", v);
  for (const x of a) if (deepEqual(x, v)) return null;
  throw fail(`assertContains: array does not contain ${display(v, "assertContains")}`);
}

function assertEmpty(av: Value): Value {
  const a = arr("assertEmpty", av);
  if (a.length !== 0) throw fail(`assertEmpty: expected empty array, got length ${a.length}`);
  return null;
}

function assertLength(av: Value, lv: Value): Value {
  const a = arr("assertLength", av);
  const n = num("assertLength", lv);
  if (!Number.isInteger(n) || n < 0) {
    throw fail(`assertLength: expected a non-negative integer length, got ${formatNumber(n)}`);
  }
  if (a.length !== n) throw fail(`assertLength: expected length ${formatNumber(n)}, got ${a.length}`);
  return null;
}

/**
 * Runs `f()`; a runtime error it raises (also AT0008, also as a host stack overflow) is
 * returned instead of propagating. Anything else (internal bugs, engine signals) propagates.
 */
function attempt(f: () => Value, callSpan: Span | null): { ok: true; value: Value } | { ok: false; error: ErrorValue } {
  try {
    return { ok: true, value: f() };
  } catch (e) {
    let re: RuntimeError;
    if (e instanceof RuntimeError) re = e;
    else if (isHostStackOverflow(e)) re = stackOverflowError(callSpan);
    else throw e;
    return { ok: false, error: new ErrorValue(re.code, re.message, re.span ?? callSpan, re.help, [...re.notes]) };
  }
}

defineFn("assert", "(condition: bool, message: string) -> null", assertTrue);
defineFn("assertFalse", "(condition: bool, message: string) -> null", assertFalse);
defineFn("assertEqual", "<T>(actual: T, expected: T) -> null", assertEqual);
defineFn("assertNotEqual", "<T>(actual: T, expected: T) -> null", assertNotEqual);
defineFn("assertOk", "<T, E>(r: Result<T, E>) -> T", assertOk);
defineFn("assertErr", "<T, E>(r: Result<T, E>) -> E", assertErr);
defineFn("assertSome", "<T>(o: Option<T>) -> T", assertSome);
defineFn("assertNone", "<T>(o: Option<T>) -> null", assertNone);
defineFn("assertContains", "<T>(arr: T[], value: T) -> null", assertContains);
defineFn("assertEmpty", "<T>(arr: T[]) -> null", assertEmpty);
defineFn("assertLength", "<T>(arr: T[], length: number) -> null", assertLength);
defineCtxFn("assertThrows", "<T>(f: () -> T) -> Error", (ctx) => (fv: Value) => {
  const span = ctx.callSpan; // read on entry: calls made by f overwrite it
  const f = func("assertThrows", fv);
  const r = attempt(() => f(), span);
  if (r.ok) throw fail("assertThrows: expected function to throw, but it returned successfully");
  return r.error;
});
defineCtxFn("assertNoThrow", "<T>(f: () -> T) -> T", (ctx) => (fv: Value) => {
  const span = ctx.callSpan;
  const f = func("assertNoThrow", fv);
  const r = attempt(() => f(), span);
  if (!r.ok) throw fail(`assertNoThrow: expected function to succeed, but it threw: ${display(r.error, "assertNoThrow")}`);
  return r.value;
});
