// Diagnostics of the type checker (language.md §4.2, §5.4–§5.12, §8.6–§8.7) with the spec's
// texts verbatim. Only message construction lives here, no logic. Types are passed already
// rendered with displayType.
import { errorDiag, type Diagnostic, type Related } from "../diagnostics/diagnostic.js";
import type { Span } from "../diagnostics/span.js";

const MISMATCH = "type mismatch";

function expectedFound(code: string, message: string, t: string, s: string, span: Span): Diagnostic {
  return errorDiag(code, message, span, { label: `expected ${t}, found ${s}` });
}

function mismatch(message: string, span: Span, code = "AT3001"): Diagnostic {
  return errorDiag(code, message, span, { label: MISMATCH });
}

// ───────────────────────────── AT3001: mismatches ─────────────────────────────

export const typeMismatch = (t: string, s: string, span: Span): Diagnostic =>
  expectedFound("AT3001", `Type mismatch: expected ${t}, found ${s}`, t, s, span);
export const argMismatch = (i: number, t: string, s: string, span: Span): Diagnostic =>
  expectedFound("AT3001", `Argument ${i} type mismatch: expected ${t}, found ${s}`, t, s, span);
export const returnMismatch = (t: string, s: string, span: Span): Diagnostic =>
  expectedFound("AT3001", `Return type mismatch: expected ${t}, found ${s}`, t, s, span);
export const assignMismatch = (t: string, s: string, span: Span): Diagnostic =>
  expectedFound("AT3001", `Type mismatch in assignment: expected ${t}, found ${s}`, t, s, span);
export const arrayElement = (i: number, t: string, s: string, span: Span): Diagnostic =>
  expectedFound("AT3001", `Array element ${i} has wrong type: expected ${t}, found ${s}`, t, s, span);

export const emptyArrayLet = (span: Span): Diagnostic =>
  mismatch("Cannot infer the element type of '[]'; add a type annotation", span);
export const jsonIndex = (t: string, span: Span): Diagnostic =>
  mismatch(`JSON index must be string or number, found ${t}`, span);
export const arrayIndex = (t: string, span: Span): Diagnostic => mismatch(`Array index must be number, found ${t}`, span);
export const cannotIndex = (t: string, span: Span): Diagnostic => mismatch(`Cannot index into type ${t}`, span);
export const cannotIndexNonArray = (t: string, span: Span): Diagnostic =>
  mismatch(`Cannot index into non-array type ${t}`, span);
export const compoundTarget = (t: string, span: Span): Diagnostic =>
  mismatch(`Compound assignment requires number type, found ${t}`, span);
export const compoundValue = (t: string, span: Span): Diagnostic =>
  mismatch(`Compound assignment requires number value, found ${t}`, span);
export const incDecTarget = (inc: boolean, t: string, span: Span): Diagnostic =>
  mismatch(`${inc ? "Increment" : "Decrement"} requires number type, found ${t}`, span);
export const condition = (t: string, span: Span): Diagnostic => mismatch(`Condition must be bool, found ${t}`, span);
export const forIn = (t: string, span: Span): Diagnostic => mismatch(`for-in requires an array, found ${t}`, span);
export const cannotDetermine = (x: string, span: Span): Diagnostic =>
  mismatch(`Cannot determine the type of '${x}' here; add a type annotation to its declaration`, span);
export const orPatternBindings = (span: Span): Diagnostic =>
  mismatch("All alternatives of an OR pattern must bind the same names", span);
export const constraint = (x: string, c: string, span: Span): Diagnostic =>
  mismatch(`Type argument '${x}' must satisfy constraint ${c}, found ${x}`, span);

// ───────────────────────────── AT3001: type forms (§4.2, §5.7) ─────────────────────────────

export const unknownType = (n: string, span: Span): Diagnostic =>
  errorDiag("AT3001", `Unknown type '${n}'`, span, { label: "unknown type" });
export const genericArity = (n: string, k: number, m: number, span: Span): Diagnostic =>
  mismatch(`Generic type '${n}' expects ${k} type argument(s), found ${m}`, span);
export const notGeneric = (n: string, span: Span): Diagnostic => mismatch(`Type '${n}' is not generic`, span);
export const aliasArity = (n: string, k: number, m: number, span: Span): Diagnostic =>
  mismatch(`Type alias '${n}' expects ${k} type argument(s), found ${m}`, span);
export const circularAlias = (path: string[], span: Span): Diagnostic =>
  mismatch(`Circular type alias detected: ${path.join(" -> ")}`, span);
export const predicateReturn = (t: string, span: Span): Diagnostic =>
  mismatch(`Type predicate requires bool return type, found ${t}`, span);
export const predicateParam = (y: string, span: Span): Diagnostic =>
  mismatch(`Type predicate refers to unknown parameter '${y}'`, span);
export const predicateType = (x: string, y: string, span: Span): Diagnostic =>
  mismatch(`Predicate type ${x} is not assignable to parameter type ${y}`, span);
export const selfConstraint = (t: string, span: Span): Diagnostic =>
  mismatch(`Type parameter '${t}' cannot be constrained by itself`, span);
export const unknownConstraint = (x: string, span: Span): Diagnostic => mismatch(`Unknown constraint type ${x}`, span);
export const unsatisfiableConstraint = (t: string, span: Span): Diagnostic =>
  mismatch(`Constraint for type parameter '${t}' is unsatisfiable`, span);
export const conflictingConstraints = (t: string, span: Span): Diagnostic =>
  mismatch(`Conflicting constraints for type parameter '${t}'`, span);

// ───────────────────────────── AT3002: operators ─────────────────────────────

export const plusOperands = (a: string, b: string, span: Span): Diagnostic =>
  errorDiag("AT3002", `'+' requires matching types, found ${a} and ${b}`, span, { label: `found ${a} and ${b}` });
export const arithOperands = (a: string, b: string, span: Span): Diagnostic =>
  mismatch(`Arithmetic operator requires number operands, found ${a} and ${b}`, span, "AT3002");
export const compareOperands = (a: string, b: string, span: Span): Diagnostic =>
  mismatch(`Comparison requires number operands, found ${a} and ${b}`, span, "AT3002");
export const equalityOperands = (a: string, b: string, span: Span): Diagnostic =>
  mismatch(`Equality comparison requires same types, found ${a} and ${b}`, span, "AT3002");
export const logicalOperands = (a: string, b: string, span: Span): Diagnostic =>
  mismatch(`Logical operators require bool operands, found ${a} and ${b}`, span, "AT3002");
export const unaryOperand = (op: "-" | "!", t: string, span: Span): Diagnostic =>
  mismatch(
    op === "-" ? `Unary '-' requires number operand, found ${t}` : `Unary '!' requires bool operand, found ${t}`,
    span,
    "AT3002",
  );

// ───────────────────────────── AT3003–AT3011 ─────────────────────────────

export function immutable(modify: boolean, x: string, span: Span, declared: Span | null, isLet: boolean): Diagnostic {
  const related: Related[] = declared ? [{ span: declared, message: `'${x}' declared here as immutable` }] : [];
  const message = modify ? `Cannot modify immutable variable '${x}'` : `Cannot assign to immutable variable '${x}'`;
  return errorDiag("AT3003", message, span, {
    label: "immutable variable",
    related,
    ...(isLet ? { help: `declare '${x}' as mutable: var ${x} = ...` } : {}),
  });
}

export const missingReturn = (span: Span): Diagnostic =>
  errorDiag("AT3004", "Not all code paths return a value", span, { label: "missing return" });

const ARITY = { label: "argument count mismatch" };
export const fnArity = (n: number, m: number, span: Span): Diagnostic =>
  errorDiag("AT3005", `Function expects ${n} ${n === 1 ? "argument" : "arguments"}, found ${m}`, span, ARITY);
export const fnArityRange = (n: number, k: number, m: number, span: Span): Diagnostic =>
  errorDiag("AT3005", `Function expects ${n} to ${k} arguments, found ${m}`, span, ARITY);
export const fnArityAtLeast = (n: number, m: number, span: Span): Diagnostic =>
  errorDiag("AT3005", `Function expects at least ${n} ${n === 1 ? "argument" : "arguments"}, found ${m}`, span, ARITY);
export const methodArity = (name: string, m: number, span: Span): Diagnostic =>
  errorDiag("AT3005", `Method '${name}' expects 0 arguments, found ${m}`, span, ARITY);
export const unionCall = (span: Span): Diagnostic =>
  errorDiag("AT3005", "Cannot call union of incompatible function signatures", span, ARITY);
export const notCallable = (t: string, span: Span): Diagnostic =>
  errorDiag("AT3006", `Cannot call non-function type ${t}`, span, { label: "not callable" });

export const breakOutside = (span: Span): Diagnostic => errorDiag("AT3010", "Break statement outside loop", span);
export const continueOutside = (span: Span): Diagnostic => errorDiag("AT3010", "Continue statement outside loop", span);
export const noMethod = (t: string, m: string, span: Span): Diagnostic =>
  errorDiag("AT3010", `Type '${t}' has no method named '${m}'`, span);
export const returnOutside = (span: Span): Diagnostic =>
  errorDiag("AT3011", "Return statement outside function", span, { label: "invalid return" });

// ───────────────────────────── AT3022–AT3030: patterns, match, `?` ─────────────────────────────

export const patternMismatch = (t: string, s: string, span: Span): Diagnostic =>
  errorDiag("AT3022", `Pattern type mismatch: expected ${t}, found ${s}`, span, { label: MISMATCH });
export const patternArity = (ctor: string, n: number, m: number, span: Span): Diagnostic =>
  errorDiag("AT3023", `${ctor} expects ${n} ${n === 1 ? "argument" : "arguments"}, found ${m}`, span, {
    label: "wrong arity",
  });
export const unknownCtor = (family: "Option" | "Result", x: string, span: Span): Diagnostic =>
  errorDiag("AT3024", `Unknown ${family} constructor: ${x}`, span, { label: "unknown constructor" });
export const ctorUnsupported = (t: string, span: Span): Diagnostic =>
  errorDiag("AT3025", `Constructor patterns not supported for type ${t}`, span, { label: "unsupported pattern" });
export const arrayPatternNonArray = (t: string, span: Span): Diagnostic =>
  errorDiag("AT3026", `Array pattern used on non-array type: ${t}`, span, { label: "not an array" });

export const nonExhaustiveCtor = (family: string, missing: string[], span: Span): Diagnostic =>
  errorDiag("AT3027", `Non-exhaustive match on ${family}: missing ${missing.join(", ")}`, span, {
    label: "non-exhaustive",
    help: `Add arm: ${missing.join(", ")} => ...`,
  });
export const nonExhaustive = (t: string, span: Span): Diagnostic =>
  errorDiag("AT3027", `Non-exhaustive match on ${t}: patterns must cover all possible values`, span, {
    label: "non-exhaustive",
    help: "Add wildcard pattern: _ => ...",
  });
export const tryNotResult = (x: string, span: Span, onFuture: boolean): Diagnostic =>
  errorDiag("AT3027", `? operator requires Result<T, E> type, found ${x}`, span, {
    ...(onFuture ? { help: "write (await e)?" } : {}),
  });
export const tryOutside = (span: Span): Diagnostic =>
  errorDiag("AT3028", "? operator can only be used inside functions", span);
export const guardNotBool = (t: string, span: Span): Diagnostic =>
  errorDiag("AT3029", `Guard expression must be bool, found ${t}`, span);
export const tryErrorType = (e: string, e2: string, span: Span): Diagnostic =>
  errorDiag("AT3029", `? operator error type mismatch: expression has error type ${e}, but function returns ${e2}`, span);
export const tryFnNotResult = (r: string, span: Span): Diagnostic =>
  errorDiag("AT3030", `? operator requires function to return Result<T, E>, found ${r}`, span);

// ───────────────────────────── AT3040–AT3043, AT9999 ─────────────────────────────

export const awaitOutside = (span: Span): Diagnostic =>
  errorDiag("AT3040", "await is only allowed inside async functions and at the top level", span, {
    label: "await outside async function",
    help: "mark the enclosing function async",
  });
export const asyncReturn = (x: string, span: Span): Diagnostic =>
  errorDiag("AT3041", `Async function return type must be Future<T>, found ${x}`, span, { label: "not a Future type" });
export const notAwaitable = (x: string, span: Span): Diagnostic =>
  errorDiag("AT3042", `await requires Future<T> or Task<T>, found ${x}`, span, { label: "not awaitable" });
export const cannotInferParam = (x: string, span: Span): Diagnostic =>
  errorDiag("AT3043", `Cannot infer type of parameter '${x}'; add a type annotation`, span, {
    label: "missing type annotation",
  });
export const cannotInferTypeParams = (names: string[], span: Span): Diagnostic =>
  errorDiag("AT9999", `Cannot infer type parameter(s): ${names.join(", ")}`, span);
