// JSON builtins (stdlib.md §6.2): parseJSON, toJSON, isValidJSON, prettifyJSON, minifyJSON and
// the jsonAs*/jsonIsNull functions. The json methods (`j.as_string()` …) are dispatched by the
// engines to the same helpers in runtime/json.ts.
import { defineFn } from "./define.js";
import { typeError } from "../runtime/errors.js";
import {
  jsonAsBool,
  jsonAsNumber,
  jsonAsString,
  jsonIsNull,
  parseJsonOrThrow,
  parseJsonText,
  prettifyJsonData,
  stringifyJson,
  valueToJsonText,
  wrapJson,
} from "../runtime/json.js";
import { json, num, present, str } from "./validate.js";
import type { Value } from "../runtime/values.js";

defineFn("parseJSON", "(text: string) -> json", (t: Value) => wrapJson(parseJsonOrThrow(str("parseJSON", t))), true);

defineFn("toJSON", "<T>(value: T) -> string", (v: Value) => valueToJsonText(present("toJSON", v), "toJSON"), true);

defineFn("isValidJSON", "(text: string) -> bool", (t: Value) => parseJsonText(str("isValidJSON", t)).ok, true);

defineFn(
  "prettifyJSON",
  "(text: string, indent: number) -> string",
  (t: Value, i: Value) => {
    const text = str("prettifyJSON", t);
    const indent = num("prettifyJSON", i);
    if (!Number.isInteger(indent) || indent < 0) throw typeError("prettifyJSON() indent must be non-negative integer");
    return prettifyJsonData(parseJsonOrThrow(text), indent === 0 ? 0 : indent, "prettifyJSON");
  },
  true,
);

defineFn("minifyJSON", "(text: string) -> string", (t: Value) => stringifyJson(parseJsonOrThrow(str("minifyJSON", t)), "minifyJSON"), true);

defineFn("jsonAsString", "(j: json) -> string", (j: Value) => jsonAsString(json("jsonAsString", j)));
defineFn("jsonAsNumber", "(j: json) -> number", (j: Value) => jsonAsNumber(json("jsonAsNumber", j)));
defineFn("jsonAsBool", "(j: json) -> bool", (j: Value) => jsonAsBool(json("jsonAsBool", j)));
defineFn("jsonIsNull", "(j: json) -> bool", (j: Value) => jsonIsNull(json("jsonIsNull", j)));
