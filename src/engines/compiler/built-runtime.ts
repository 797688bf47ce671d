// The runtime side of a module written by `atlas build` (build.ts): rebuilds the span table,
// instantiates the embedded JS with the shared runtime and stdlib, and runs it with the
// compiled engine's run protocol. Runs on the main thread: `node --stack-size` governs how
// deep Atlas recursion can go there (a host stack overflow is still reported as AT0008).
import { SourceFile, type Span } from "../../diagnostics/span.js";
import { RuntimeContext } from "../../runtime/runtime-context.js";
import { instantiateBuiltins } from "../../stdlib/registry.js";
import { runCompiled } from "./engine.js";

interface SpanTable {
  files: { path: string; text: string }[];
  spans: [number, number, number][];
}

export async function runBuilt(js: string, table: SpanTable, moduleCount: number): Promise<number> {
  const files = table.files.map((f) => new SourceFile(f.path, f.text));
  const spans: Span[] = table.spans.map(([f, start, end]) => ({ file: files[f], start, end }));
  const ctx = new RuntimeContext({ builtins: (c) => instantiateBuiltins(c) });
  const r = await runCompiled({ js, spans, moduleCount }, ctx);
  return r.exitCode;
}
