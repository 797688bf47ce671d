// THE operator semantics shared by both engines (design.md R6): checked arithmetic (AT0005,
// AT0007), string `+` with its capacity limit, comparisons, equality, unary operators,
// conditions, indexing of arrays/strings/json (AT0103, AT0006), index assignment, json methods,
// for-in snapshots and the AT0001 run-time kind checks of language.md §6.15. Every function
// takes values and throws RuntimeError located at the given span (null = caller fills it in).
import type { Span } from "../diagnostics/span.js";
import { RuntimeError, typeError } from "./errors.js";
import { typeOf } from "./display.js";
import { valuesEqual } from "./equality.js";
import { cpToOffset, hasSurrogates } from "./codepoints.js";
import { jsonAsBool, jsonAsNumber, jsonAsString, jsonIndex, jsonIsNull } from "./json.js";
import { STRING_LIMIT } from "./limits.js";
import { JsonValue, type AtlasFunction, type Value } from "./values.js";

export type ArithOp = "+" | "-" | "*" | "/" | "%";
export type CompareOp = "<" | "<=" | ">" | ">=";

// ---- errors ---------------------------------------------------------------------------------

/** AT0001 `Type error: <op> cannot be applied to <kind> and <kind>` (§6.15). */
export function kindError2(op: string, a: Value, b: Value, span: Span | null): RuntimeError {
  return typeError(`${op} cannot be applied to ${typeOf(a)} and ${typeOf(b)}`, span);
}

/** AT0001 `Type error: <op> cannot be applied to <kind>` (unary operators, conditions, …). */
export function kindError1(op: string, a: Value, span: Span | null): RuntimeError {
  return typeError(`${op} cannot be applied to ${typeOf(a)}`, span);
}

export function divideByZero(span: Span | null): RuntimeError {
  return new RuntimeError("AT0005", "Divide by zero", span, "division by zero is undefined");
}

export function invalidNumeric(span: Span | null): RuntimeError {
  return new RuntimeError("AT0007", "Invalid numeric result (NaN or Infinity)", span, "ensure the number is finite and not NaN");
}

export function invalidIndex(span: Span | null): RuntimeError {
  return new RuntimeError("AT0103", "Invalid index: array indices must be whole numbers", span);
}

export function indexOutOfBounds(span: Span | null): RuntimeError {
  return new RuntimeError("AT0006", "Array index out of bounds", span, "check array bounds before accessing");
}

/** AT0007 `'+': result too large (limit <n>)` (§13.3.9). */
export function concatTooLarge(span: Span | null): RuntimeError {
  return new RuntimeError("AT0007", `'+': result too large (limit ${STRING_LIMIT})`, span);
}

// ---- arithmetic -----------------------------------------------------------------------------

/** A numeric result must be finite (§6.2): NaN and ±Infinity raise AT0007. */
function finite(r: number, span: Span | null): number {
  if (r - r !== 0) throw invalidNumeric(span);
  return r;
}

/** `a + b`: numbers (checked) or strings (capacity-checked); anything else is AT0001. */
export function add(a: Value, b: Value, span: Span | null): number | string {
  if (typeof a === "number") {
    if (typeof b === "number") return finite(a + b, span);
  } else if (typeof a === "string" && typeof b === "string") {
    if (a.length + b.length > STRING_LIMIT) throw concatTooLarge(span);
    return a + b;
  }
  throw kindError2("'+'", a, b, span);
}

export function sub(a: Value, b: Value, span: Span | null): number {
  if (typeof a === "number" && typeof b === "number") return finite(a - b, span);
  throw kindError2("'-'", a, b, span);
}

export function mul(a: Value, b: Value, span: Span | null): number {
  if (typeof a === "number" && typeof b === "number") return finite(a * b, span);
  throw kindError2("'*'", a, b, span);
}

/** `a / b`: a zero divisor (0 or -0) is AT0005 before anything else, so `0 / 0` is AT0005. */
export function div(a: Value, b: Value, span: Span | null): number {
  if (typeof a === "number" && typeof b === "number") {
    if (b === 0) throw divideByZero(span);
    return finite(a / b, span);
  }
  throw kindError2("'/'", a, b, span);
}

/** `a % b`: truncated remainder (sign of the dividend, JS `%`); zero divisor is AT0005. */
export function mod(a: Value, b: Value, span: Span | null): number {
  if (typeof a === "number" && typeof b === "number") {
    if (b === 0) throw divideByZero(span);
    return finite(a % b, span);
  }
  throw kindError2("'%'", a, b, span);
}

/** Any arithmetic operator by name. */
export function arith(op: ArithOp, a: Value, b: Value, span: Span | null): number | string {
  switch (op) {
    case "+":
      return add(a, b, span);
    case "-":
      return sub(a, b, span);
    case "*":
      return mul(a, b, span);
    case "/":
      return div(a, b, span);
    case "%":
      return mod(a, b, span);
  }
}

/**
 * `t op= v` (§5.9: numbers only, no string `+=`): the same checks as the binary operator,
 * reported under the compound operator's name (`'+='`). `span` is the whole statement.
 */
export function compound(op: "+=" | "-=" | "*=" | "/=" | "%=", a: Value, b: Value, span: Span | null): number {
  if (typeof a !== "number" || typeof b !== "number") throw kindError2(`'${op}'`, a, b, span);
  switch (op) {
    case "+=":
      return finite(a + b, span);
    case "-=":
      return finite(a - b, span);
    case "*=":
      return finite(a * b, span);
    case "/=":
      if (b === 0) throw divideByZero(span);
      return finite(a / b, span);
    case "%=":
      if (b === 0) throw divideByZero(span);
      return finite(a % b, span);
  }
}

/** `t++` / `t--` (span: the whole statement). */
export function incDec(op: "++" | "--", a: Value, span: Span | null): number {
  if (typeof a !== "number") throw kindError1(`'${op}'`, a, span);
  return finite(op === "++" ? a + 1 : a - 1, span);
}

// ---- comparison, equality, logic ------------------------------------------------------------

export function compare(op: CompareOp, a: Value, b: Value, span: Span | null): boolean {
  if (typeof a === "number" && typeof b === "number") {
    switch (op) {
      case "<":
        return a < b;
      case "<=":
        return a <= b;
      case ">":
        return a > b;
      case ">=":
        return a >= b;
    }
  }
  throw kindError2(`'${op}'`, a, b, span);
}

export function lt(a: Value, b: Value, span: Span | null): boolean {
  if (typeof a === "number" && typeof b === "number") return a < b;
  throw kindError2("'<'", a, b, span);
}

export function le(a: Value, b: Value, span: Span | null): boolean {
  if (typeof a === "number" && typeof b === "number") return a <= b;
  throw kindError2("'<='", a, b, span);
}

export function gt(a: Value, b: Value, span: Span | null): boolean {
  if (typeof a === "number" && typeof b === "number") return a > b;
  throw kindError2("'>'", a, b, span);
}

export function ge(a: Value, b: Value, span: Span | null): boolean {
  if (typeof a === "number" && typeof b === "number") return a >= b;
  throw kindError2("'>='", a, b, span);
}

/** `a == b` (§6.5); never raises: different kinds are simply unequal. */
export function eq(a: Value, b: Value): boolean {
  return valuesEqual(a, b);
}

export function ne(a: Value, b: Value): boolean {
  return !valuesEqual(a, b);
}

/** `-a`: numbers only; never raises a numeric error (§6.2). */
export function neg(a: Value, span: Span | null): number {
  if (typeof a === "number") return -a;
  throw kindError1("'-'", a, span);
}

/** `!a`: bools only. */
export function not(a: Value, span: Span | null): boolean {
  if (typeof a === "boolean") return !a;
  throw kindError1("'!'", a, span);
}

/**
 * Kind check of `&&` / `||` once both operands are known: the right operand is evaluated only
 * when the left is a bool that does not decide the result, or when the left is not a bool at
 * all (then there is no short circuit and the error names both kinds). Returns the right
 * operand as the result.
 */
export function logicRight(op: "&&" | "||", a: Value, b: Value, span: Span | null): boolean {
  if (typeof a === "boolean" && typeof b === "boolean") return b;
  throw kindError2(`'${op}'`, a, b, span);
}

/** Condition of `if`/`while`/`for`/guards: bools only (no truthiness). */
export function condition(v: Value, span: Span | null): boolean {
  if (v === true) return true;
  if (v === false) return false;
  throw kindError1("condition", v, span);
}

// ---- indexing -------------------------------------------------------------------------------

/**
 * Validates an array/string index (§6.4, §13.3.4): a number, whole (NaN, fractions and
 * ±Infinity are AT0103), not negative (`-0` is 0), below `length` (else AT0006).
 */
export function checkIndex(i: Value, length: number, span: Span | null): number {
  if (typeof i !== "number") throw kindError1("index", i, span);
  if (!Number.isInteger(i) || i < 0) throw invalidIndex(span);
  if (i >= length) throw indexOutOfBounds(span);
  return i + 0; // -0 → 0
}

/** `s[i]` on a string: the i-th code point, as a one-code-point string. */
export function stringAt(s: string, i: Value, span: Span | null): string {
  if (typeof i !== "number") throw kindError1("index", i, span);
  if (!Number.isInteger(i) || i < 0) throw invalidIndex(span);
  if (!hasSurrogates(s)) {
    if (i >= s.length) throw indexOutOfBounds(span);
    return s[i];
  }
  const off = cpToOffset(s, i);
  if (off >= s.length) throw indexOutOfBounds(span);
  const c = s.charCodeAt(off);
  return c >= 0xd800 && c <= 0xdbff ? s.slice(off, off + 2) : s[off];
}

/** `a[i]` on an array, string or json (json indexing never raises, §6.12). */
export function index(target: Value, i: Value, span: Span | null): Value {
  if (Array.isArray(target)) return target[checkIndex(i, target.length, span)];
  if (typeof target === "string") return stringAt(target, i, span);
  if (target instanceof JsonValue) return jsonIndex(target, i);
  throw kindError1("index", target, span);
}

/** `a[i] = v`: arrays only; never grows the array. */
export function setIndex(target: Value, i: Value, v: Value, span: Span | null): void {
  if (Array.isArray(target)) {
    target[checkIndex(i, target.length, span)] = v;
    return;
  }
  throw kindError1("index", target, span);
}

// ---- json methods ---------------------------------------------------------------------------

export type JsonMethod = "as_string" | "as_number" | "as_bool" | "is_null";

export function isJsonMethod(name: string): name is JsonMethod {
  return name === "as_string" || name === "as_number" || name === "as_bool" || name === "is_null";
}

/** `j.m()` (§5.5, §6.12): AT0001 `Cannot extract <kind> from JSON value of type '<k>'`. */
export function jsonMethod(target: Value, name: string, span: Span | null): Value {
  if (!(target instanceof JsonValue)) throw kindError1(`'.${name}()'`, target, span);
  try {
    switch (name) {
      case "as_string":
        return jsonAsString(target);
      case "as_number":
        return jsonAsNumber(target);
      case "as_bool":
        return jsonAsBool(target);
      case "is_null":
        return jsonIsNull(target);
      default:
        throw typeError(`json has no method named '${name}'`, span);
    }
  } catch (e) {
    if (e instanceof RuntimeError && e.span === null) e.span = span;
    throw e;
  }
}

// ---- iteration and calls --------------------------------------------------------------------

/** `for x in e`: a snapshot of the array (§6.9). */
export function forInSnapshot(v: Value, span: Span | null): Value[] {
  if (Array.isArray(v)) return v.slice();
  throw kindError1("for-in", v, span);
}

/** The callee of a call must be a function value. */
export function checkCallable(v: Value, span: Span | null): AtlasFunction {
  if (typeof v === "function") return v;
  throw kindError1("call", v, span);
}

/** `await e` needs a Future or Task (engines check with `instanceof Future` first). */
export function notAwaitable(v: Value, span: Span | null): RuntimeError {
  return kindError1("await", v, span);
}

/** `e?` needs a Result. */
export function notPropagatable(v: Value, span: Span | null): RuntimeError {
  return kindError1("'?'", v, span);
}
