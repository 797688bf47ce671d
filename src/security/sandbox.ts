// What compiled Atlas code can reach (design.md §2 security/sandbox.ts). Read this before
// relying on it: Node's `vm` is NOT a security boundary, and neither is this file.
//
// GUARANTEED (by construction of the compiler, tested in tests/unit/hygiene.test.ts):
// - Generated code only names identifiers the compiler chose: Atlas bindings are mangled
//   (src/engines/compiler/names.ts) so they can never be a JS keyword, `eval`, `arguments`,
//   a host global (`globalThis`, `process`, `require`, `Function`, …) or a runtime name (every
//   compiler-invented name contains `$`, which Atlas identifiers cannot).
// - Atlas strings are emitted as escaped literals (quotes, backslashes, U+2028/U+2029, `<`),
//   so no source text of the program is ever spliced into code.
// - Generated code contains no property access chosen by the program: there is no `.x`
//   syntax in Atlas besides the four json methods, which go through a runtime helper. So no
//   `constructor`, `__proto__` or `prototype` walk can be written in Atlas.
// - The code is strict mode (no `this` leaking the global object, no `with`, no sloppy eval),
//   is instantiated with `new Function("$rt", …)` so its only free variable of substance is
//   the `$rt` helper object, and SHADOWED_GLOBALS below are re-declared as `undefined` inside
//   it (defence in depth: even a compiler bug emitting a raw `process` finds nothing).
// - Modules written by `atlas build` (engines/compiler/build.ts) carry the generated code as
//   a string and instantiate it through the same loader (built-runtime.ts → engine.ts →
//   load.ts), with this preamble, the same `$rt` and the run-time permission flags.
// NOT GUARANTEED:
// - Isolation from the runtime's own objects: generated code holds `$rt` (runtime context,
//   scheduler, builtins), by design; builtins decide permissions (security/ policy).
// - Resource limits beyond the call-depth and capacity limits (an infinite loop runs forever;
//   the CLI can interrupt the worker thread).
// - Protection against a malicious *compiler input* that is not a CheckedProgram produced by
//   the front end, or against JavaScript injected by embedders through natives.
// - Integrity of a built module: it is plain JavaScript that node runs with the user's
//   rights; whoever can edit the file can make it do anything (as with any script).

/** Globals re-declared as `undefined` at the top of every instantiated program. */
export const SHADOWED_GLOBALS: readonly string[] = [
  "globalThis",
  "global",
  "window",
  "self",
  "process",
  "require",
  "module",
  "exports",
  "Function",
  "Reflect",
  "Proxy",
  "Buffer",
  "setTimeout",
  "setInterval",
  "setImmediate",
  "queueMicrotask",
  "WebAssembly",
  "fetch",
  "importScripts",
];

/** The declaration line placed after `"use strict";` in every generated program. */
export function shadowingPreamble(): string {
  return `const ${SHADOWED_GLOBALS.map((n) => `${n} = void 0`).join(", ")};\n`;
}
