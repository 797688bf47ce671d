// The public API of the atlas-lang package (re-exports only, no logic): the embedding Runtime
// of language.md §10.3, its value mapping types, and diagnostic records/rendering.
export { Runtime, AtlasHandle } from "./api/runtime.js";
export type { RuntimeOptions, EvalResult, RunFileResult, NativeImpl, Permissions } from "./api/runtime.js";
export type { PlainJson } from "./api/value-mapping.js";
export type { Grant } from "./cli/args.js";
export type { Diagnostic } from "./diagnostics/diagnostic.js";
export { toRecord, renderHuman, renderJson, sortDiagnostics } from "./diagnostics/render.js";
export type { DiagnosticRecord } from "./diagnostics/render.js";
export { main } from "./cli/main.js";
