// Option and Result builtins (stdlib.md §8). `None` is the constant NONE; the call form
// `None()` is accepted by the checker and evaluated by the engines as that same value.
import { defineConst, defineFn } from "./define.js";
import { typeError } from "../runtime/errors.js";
import { display } from "../runtime/display.js";
import { NONE, OptionValue, ResultValue, err, ok, some, type Value } from "../runtime/values.js";
import { expected, func, option, optionOrResult, present, result, str } from "./validate.js";

defineFn("Some", "<T>(value: T) -> Option<T>", (v: Value) => some(present("Some", v)));
defineConst("None", "Option<never>", NONE);
defineFn("Ok", "<T, E>(value: T) -> Result<T, E>", (v: Value) => ok(present("Ok", v)));
defineFn("Err", "<T, E>(error: E) -> Result<T, E>", (v: Value) => err(present("Err", v)));

defineFn("is_some", "<T>(o: Option<T>) -> bool", (o: Value) => option("is_some", o).isSome);
defineFn("is_none", "<T>(o: Option<T>) -> bool", (o: Value) => !option("is_none", o).isSome);
defineFn("is_ok", "<T, E>(r: Result<T, E>) -> bool", (r: Value) => result("is_ok", r).isOk);
defineFn("is_err", "<T, E>(r: Result<T, E>) -> bool", (r: Value) => !result("is_err", r).isOk);

function isPresent(x: OptionValue | ResultValue): boolean {
  return x instanceof OptionValue ? x.isSome : x.isOk;
}

defineFn("unwrap", "<T>(o: Option<T>) -> T ; <T, E>(r: Result<T, E>) -> T", (v: Value) => {
  const x = optionOrResult("unwrap", v);
  if (isPresent(x)) return x.value;
  if (x instanceof OptionValue) throw typeError("unwrap() called on None");
  throw typeError(`unwrap() called on Err(${display(x.value, "unwrap")})`);
});

defineFn(
  "unwrap_or",
  "<T>(o: Option<T>, default: T) -> T ; <T, E>(r: Result<T, E>, default: T) -> T",
  (v: Value, d: Value) => {
    const x = optionOrResult("unwrap_or", v);
    present("unwrap_or", d);
    return isPresent(x) ? x.value : d;
  },
);

defineFn(
  "expect",
  "<T>(o: Option<T>, message: string) -> T ; <T, E>(r: Result<T, E>, message: string) -> T",
  (v: Value, m: Value) => {
    const x = optionOrResult("expect", v);
    const message = str("expect", m);
    if (isPresent(x)) return x.value;
    if (x instanceof OptionValue) throw typeError(message);
    throw typeError(`${message}: ${display(x.value, "expect")}`);
  },
);

defineFn("result_ok", "<T, E>(r: Result<T, E>) -> Option<T>", (r: Value) => {
  const x = result("result_ok", r);
  return x.isOk ? some(x.value) : NONE;
});

defineFn("result_err", "<T, E>(r: Result<T, E>) -> Option<E>", (r: Value) => {
  const x = result("result_err", r);
  return x.isOk ? NONE : some(x.value);
});

defineFn("result_map", "<T, E, U>(r: Result<T, E>, f: (T) -> U) -> Result<U, E>", (r: Value, f: Value) => {
  const x = result("result_map", r);
  const g = func("result_map", f);
  return x.isOk ? ok(g(x.value)) : x;
});

defineFn("result_map_err", "<T, E, F>(r: Result<T, E>, f: (E) -> F) -> Result<T, F>", (r: Value, f: Value) => {
  const x = result("result_map_err", r);
  const g = func("result_map_err", f);
  return x.isOk ? x : err(g(x.value));
});

function chain(fn: string, r: Value, f: Value, onOk: boolean): Value {
  const x = result(fn, r);
  const g = func(fn, f);
  if (x.isOk !== onOk) return x;
  const y = g(x.value);
  if (!(y instanceof ResultValue)) throw expected(fn, "Result", y);
  return y;
}

defineFn(
  "result_and_then",
  "<T, E, U>(r: Result<T, E>, f: (T) -> Result<U, E>) -> Result<U, E>",
  (r: Value, f: Value) => chain("result_and_then", r, f, true),
);

defineFn(
  "result_or_else",
  "<T, E, F>(r: Result<T, E>, f: (E) -> Result<T, F>) -> Result<T, F>",
  (r: Value, f: Value) => chain("result_or_else", r, f, false),
);
