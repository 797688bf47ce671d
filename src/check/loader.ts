// Module loading (language.md §9.2–§9.3, §8.5 stage 1): reads, decodes and parses every module
// reachable from the entry file through an injected host, resolves import specifiers, detects
// cycles (AT5003) and orders modules for execution. Knows nothing about names or types.
import * as path from "node:path";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { SourceFile } from "../diagnostics/span.js";
import type * as ast from "../syntax/ast.js";
import { parseProgram } from "../syntax/parser.js";
import { decodeSource } from "../syntax/source.js";
import { InternalBug } from "../runtime/errors.js";
import * as msg from "./messages-resolve.js";

/** File access of the front end; the CLI implements it with node:fs, tests with memory maps. */
export interface FrontendHost {
  /** Bytes of the file at a canonical absolute path, or null if it cannot be read. */
  readFile(absPath: string): Uint8Array | null;
  /** Canonical absolute path (symlinks and `..` resolved), or null if it does not exist. */
  realpath(absPath: string): string | null;
  /** The name shown in diagnostics (§8.2: cwd-relative when inside it, else absolute). */
  displayPath(absPath: string): string;
}

export interface LoadedModule {
  readonly file: SourceFile;
  readonly ast: ast.Program;
  /** Canonical absolute path. */
  readonly absPath: string;
  /** Index (in the loaded module list) of each import declaration's target. */
  readonly importTargets: Map<ast.Import, number>;
}

export interface LoadResult {
  /** Execution order: dependencies first (depth-first, in import order), entry last. */
  readonly modules: LoadedModule[];
  /** Decode, lexical, syntax and module-path errors (AT1xxx, AT5001–AT5003). */
  readonly diagnostics: Diagnostic[];
}

interface Node {
  readonly absPath: string;
  readonly file: SourceFile | null;
  readonly ast: ast.Program | null;
  /** Resolved imports of a module that parsed without errors, in source order. */
  readonly deps: { imp: ast.Import; target: string }[];
  state: "new" | "active" | "done";
}

/**
 * Loads the program whose entry file is `entry` (an absolute path). The project root for
 * `/…` specifiers is the directory of the canonical entry path; relative specifiers resolve
 * against the canonical path of the importing file (as Node.js does without preserveSymlinks).
 */
export function loadProgram(entry: string, host: FrontendHost): LoadResult {
  const diagnostics: Diagnostic[] = [];
  const canonical = host.realpath(entry);
  const loader = new Loader(host, path.dirname(canonical ?? entry), diagnostics);
  if (canonical === null || !loader.exists(canonical)) {
    diagnostics.push(msg.moduleNotFound(host.displayPath(entry), null));
    return { modules: [], diagnostics };
  }
  const order = loader.traverse(canonical);
  if (diagnostics.some((d) => d.severity === "error")) return { modules: [], diagnostics };
  const index = new Map(order.map((n, i) => [n.absPath, i]));
  const modules = order.map((n): LoadedModule => {
    const importTargets = new Map<ast.Import, number>();
    for (const d of n.deps) {
      const i = index.get(d.target);
      if (i !== undefined) importTargets.set(d.imp, i);
    }
    if (n.file === null || n.ast === null) throw new InternalBug(`module ${n.absPath} has no AST`);
    return { file: n.file, ast: n.ast, absPath: n.absPath, importTargets };
  });
  return { modules, diagnostics };
}

class Loader {
  private readonly nodes = new Map<string, Node>();
  /** Bytes read while checking that a resolved path exists (each file is read once). */
  private readonly bytes = new Map<string, Uint8Array>();

  constructor(
    private readonly host: FrontendHost,
    private readonly root: string,
    private readonly diagnostics: Diagnostic[],
  ) {}

  /** Iterative depth-first traversal; returns modules in post-order (dependencies first). */
  traverse(entry: string): Node[] {
    const order: Node[] = [];
    const first = this.load(entry);
    const stack: { node: Node; next: number }[] = [{ node: first, next: 0 }];
    first.state = "active";
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      if (top.next >= top.node.deps.length) {
        top.node.state = "done";
        order.push(top.node);
        stack.pop();
        continue;
      }
      const dep = top.node.deps[top.next++];
      const target = this.nodes.get(dep.target) ?? this.load(dep.target);
      if (target.state === "done") continue;
      if (target.state === "active") {
        const from = stack.findIndex((f) => f.node === target);
        const chain = stack.slice(from).map((f) => this.display(f.node));
        this.diagnostics.push(msg.circularDependency([...chain, this.display(target)], dep.imp.source.span));
        continue;
      }
      target.state = "active";
      stack.push({ node: target, next: 0 });
    }
    return order;
  }

  private display(n: Node): string {
    return n.file?.path ?? this.host.displayPath(n.absPath);
  }

  /** Reads, decodes and parses one module; resolves its imports if it parsed cleanly. */
  exists(absPath: string): boolean {
    if (this.nodes.has(absPath) || this.bytes.has(absPath)) return true;
    const b = this.host.readFile(absPath);
    if (b !== null) this.bytes.set(absPath, b);
    return b !== null;
  }

  private load(absPath: string): Node {
    const bytes = this.bytes.get(absPath) ?? this.host.readFile(absPath);
    this.bytes.delete(absPath);
    let file: SourceFile | null = null;
    let program: ast.Program | null = null;
    const deps: Node["deps"] = [];
    if (bytes !== null) {
      const decoded = decodeSource(bytes, this.host.displayPath(absPath), absPath);
      file = decoded.file;
      // Invalid UTF-8 is a lexical error: the file is not lexed further (§8.5.1, §13.1.9).
      // Loops, not push(...): a file can have more errors than a spread has stack for.
      if (decoded.diagnostics.length > 0) {
        for (const d of decoded.diagnostics) this.diagnostics.push(d);
      } else {
        const parsed: { program: ast.Program; diagnostics: Diagnostic[] } = parseProgram(file);
        program = parsed.program;
        for (const d of parsed.diagnostics) this.diagnostics.push(d);
        if (!parsed.diagnostics.some((d) => d.severity === "error")) {
          for (const s of parsed.program.body) {
            if (s.kind !== "Import") continue;
            const target = this.resolveSpecifier(s.source, absPath);
            if (target !== null) deps.push({ imp: s, target });
          }
        }
      }
    }
    const node: Node = { absPath, file, ast: program, deps, state: "new" };
    this.nodes.set(absPath, node);
    return node;
  }

  /** §9.2: validates, completes and canonicalises a specifier (AT5001, AT5002). */
  private resolveSpecifier(source: ast.StringLit, importer: string): string | null {
    const spec = source.value;
    if (!(spec.startsWith("./") || spec.startsWith("../") || spec.startsWith("/"))) {
      this.diagnostics.push(msg.invalidModulePath(spec, source.span));
      return null;
    }
    const withExt = spec.endsWith(".atl") ? spec : spec + ".atl";
    const joined = spec.startsWith("/") ? path.join(this.root, withExt) : path.resolve(path.dirname(importer), withExt);
    const real = this.host.realpath(joined);
    if (real === null || !this.exists(real)) {
      this.diagnostics.push(msg.moduleNotFound(spec, source.span));
      return null;
    }
    return real;
  }
}
