// Instantiates generated JS in V8 (design.md §2): `new Function("$rt", body)` with the body in
// strict mode and host globals shadowed (security/sandbox.ts), called with a fresh `$rt` made
// of the shared helpers plus this program's span table, builtins and REPL globals. Returns the
// module generator functions. What this does and does not guarantee: security/sandbox.ts.
import type { Span } from "../../diagnostics/span.js";
import { InternalBug } from "../../runtime/errors.js";
import type { RuntimeContext } from "../../runtime/runtime-context.js";
import type { Value } from "../../runtime/values.js";
import { shadowingPreamble } from "../../security/sandbox.js";
import type { CompiledProgram } from "./compile.js";
import type { CompiledGen } from "./coroutine.js";
import { makePrelude, type Prelude } from "./prelude.js";

/** Top-level capture of a module's final expression statement. */
export interface Capture {
  value: Value;
  isExpression: boolean;
}

export type ModuleFn = (cap: Capture) => CompiledGen;

/** Per-runtime state shared by every program instantiated on it (REPL inputs). */
export class LoadedRuntime {
  readonly prelude: Prelude;
  /** REPL module bindings by slot (undefined = uninitialised). */
  readonly globals: (Value | undefined)[] = [];

  constructor(readonly ctx: RuntimeContext) {
    this.prelude = makePrelude(ctx);
  }
}

const USE_STRICT = '"use strict";\n';

export function instantiate(rt: LoadedRuntime, compiled: CompiledProgram): ModuleFn[] {
  const js = compiled.js.startsWith(USE_STRICT) ? compiled.js.slice(USE_STRICT.length) : compiled.js;
  const source = USE_STRICT + shadowingPreamble() + js;
  let factory: (rtObject: object) => unknown;
  try {
    factory = new Function("$rt", source) as (rtObject: object) => unknown;
  } catch (e) {
    throw new InternalBug(`generated code does not parse: ${e instanceof Error ? e.message : String(e)}`);
  }
  const builtins = rt.ctx.builtins;
  const object = {
    ...rt.prelude,
    spans: compiled.spans as readonly Span[],
    globals: rt.globals,
    // An unknown builtin stays undefined; using it fails as an internal error (AT9995).
    builtin: (name: string): Value | undefined => builtins.get(name),
  };
  const fns = factory.call(undefined, object);
  if (!Array.isArray(fns) || fns.length !== compiled.moduleCount) throw new InternalBug("generated code returned no modules");
  return fns as ModuleFn[];
}
