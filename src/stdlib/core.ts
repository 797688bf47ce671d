// Core builtins (stdlib.md §2): print, len, str, typeof.
import { defineCtxFn, defineFn } from "./define.js";
import { display, typeOf } from "../runtime/display.js";
import { RuntimeError } from "../runtime/errors.js";
import { cpLength } from "../runtime/codepoints.js";
import { expected, present } from "./validate.js";
import type { Value } from "../runtime/values.js";

defineCtxFn(
  "print",
  "<T>(value: T) -> null",
  (ctx) => (value: Value) => {
    const text = display(present("print", value), "print") + "\n";
    try {
      ctx.writeOut(text);
    } catch (e) {
      if (e instanceof RuntimeError) throw e;
      const reason = e instanceof Error ? e.message : String(e);
      throw new RuntimeError("AT0400", `print: ${reason}`, null);
    }
    return null;
  },
  true,
);

defineFn(
  "len",
  "(s: string) -> number ; <T>(arr: T[]) -> number",
  (v: Value) => {
    if (typeof v === "string") return cpLength(v);
    if (Array.isArray(v)) return v.length;
    throw expected("len", "string or array", v);
  },
  true,
);

defineFn("str", "<T>(value: T) -> string", (value: Value) => display(present("str", value), "str"), true);

defineFn("typeof", "<T>(value: T) -> string", (value: Value) => typeOf(present("typeof", value)));
