// The builtin registry: imports every stdlib module (each registers its builtins with
// define.ts on import) and instantiates them for one runtime. Adding a module is one import.
import "./core.js";
import "./string.js";
import "./array.js";
import "./math.js";
import "./json.js";
import "./types.js";
import "./option.js";
import "./errors.js";
import "./file.js";
import "./fs.js";
import "./path.js";
import "./process.js";
import "./http.js";
import "./hashmap.js";
import "./hashset.js";
import "./queue-stack.js";
import "./regex.js";
import "./testing.js";
import "./async-futures.js";
import "./async-tasks.js";
import "./async-timers.js";
import "./async-channel.js";
import "./async-sync.js";
import "./async-file.js";
import "./async-stream.js";
import "./async-http.js";
import { BUILTINS, type BuiltinContext, type BuiltinDef } from "./define.js";
import { InternalBug } from "../runtime/errors.js";
import { tagFunction, type Value } from "../runtime/values.js";

export { BUILTINS };
export type { BuiltinContext, BuiltinDef };

/** The 65 protected builtins of language.md §5.2 (AT1012). */
export const PROTECTED_BUILTINS: readonly string[] = [
  ..."print len str split join trim trimStart trimEnd indexOf lastIndexOf includes toUpperCase".split(" "),
  ..."toLowerCase substring charAt repeat replace padStart padEnd startsWith endsWith pop shift".split(" "),
  ..."unshift reverse concat flatten arrayIndexOf arrayLastIndexOf arrayIncludes slice map filter".split(" "),
  ..."reduce forEach find findIndex flatMap some every sort sortBy abs floor ceil round min max sqrt".split(" "),
  ..."pow log sin cos tan asin acos atan clamp sign random parseJSON toJSON isValidJSON".split(" "),
  ..."prettifyJSON minifyJSON".split(" "),
];

/**
 * Creates the global builtin values for one runtime: each function tagged as a builtin
 * (typeof "builtin", Display `<builtin name>`), each constant as its value.
 */
export function instantiateBuiltins(ctx: BuiltinContext): Map<string, Value> {
  const out = new Map<string, Value>();
  for (const def of BUILTINS) {
    if (out.has(def.name)) throw new InternalBug(`builtin '${def.name}' is registered twice`);
    if (def.constant !== undefined) out.set(def.name, def.constant);
    else if (def.make !== undefined) out.set(def.name, tagFunction(def.make(ctx), "builtin", def.name));
    else throw new InternalBug(`builtin '${def.name}' has neither a value nor an implementation`);
  }
  return out;
}
