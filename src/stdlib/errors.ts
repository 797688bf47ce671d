// Error-value builtins (stdlib.md §18): errorNew, errorCode, errorMessage.
import { defineCtxFn, defineFn } from "./define.js";
import { argError } from "../runtime/errors.js";
import { containsWhiteSpace } from "../runtime/codepoints.js";
import { ErrorValue, type Value } from "../runtime/values.js";
import { error, str } from "./validate.js";

defineCtxFn("errorNew", "(code: string, message: string) -> Error", (ctx) => (c: Value, m: Value) => {
  const origin = ctx.callSpan; // read on entry (language.md §13.3.2)
  const code = str("errorNew", c);
  const message = str("errorNew", m);
  if (code === "" || code.includes(":") || containsWhiteSpace(code)) throw argError("errorNew", "invalid error code");
  return new ErrorValue(code, message, origin);
});

defineFn("errorCode", "(e: Error) -> string", (e: Value) => error("errorCode", e).code);
defineFn("errorMessage", "(e: Error) -> string", (e: Value) => error("errorMessage", e).message);
