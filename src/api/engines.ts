// The engine table: `--engine=` / `engine:` name → loader. Engines are imported lazily so that
// start-up only pays for the one in use. Adding the compiled engine is one line here (and
// marking it available in cli/args.ts ENGINES).
import type { Engine } from "../engines/engine.js";
import type { EngineName } from "../cli/args.js";

const LOADERS: Record<EngineName, (() => Promise<Engine>) | null> = {
  interp: async () => (await import("../engines/interpreter/interpreter.js")).interpreterEngine,
  compiled: async () => (await import("../engines/compiler/engine.js")).compiledEngine,
};

/** Thrown for an engine that is not available (yet). */
export class EngineUnavailable extends Error {
  constructor(readonly engine: string) {
    super(`the ${engine} engine is not available yet; use --engine=interp`);
  }
}

export async function loadEngine(name: EngineName): Promise<Engine> {
  const load = Object.prototype.hasOwnProperty.call(LOADERS, name) ? LOADERS[name] : null;
  if (load === null) throw new EngineUnavailable(name);
  return load();
}
