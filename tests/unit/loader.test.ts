// Module loading on real temp directories (language.md §9.2–§9.4, §8.5): specifiers,
// canonicalisation, cycles, order; import/export resolution; compileProgram's phase gating.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { Span } from "../../src/diagnostics/span.js";
import { loadProgram, type FrontendHost } from "../../src/check/loader.js";
import { resolveModules } from "../../src/check/resolver.js";
import { compileProgram } from "../../src/check/frontend.js";
import { buildBuiltinTable } from "../../src/check/builtin-types.js";
import { BUILTINS } from "../../src/stdlib/registry.js";
import type { Diagnostic } from "../../src/diagnostics/diagnostic.js";
import type { BuiltinNames, ResolveResult } from "../../src/check/resolver.js";
import type { Ref } from "../../src/check/program.js";

const STUB_BUILTINS: BuiltinNames = { has: (n) => n === "print", isProtected: (n) => n === "print" };

function lineCol(s: Span): string {
  const p = s.file.position(s.start);
  return `${p.line}:${p.column}`;
}

function diagLines(ds: readonly Diagnostic[]): string[] {
  return ds.map((d) => `${d.code} ${d.span ? lineCol(d.span) : "-"} ${d.message}`);
}

function describeRef(r: Ref): string {
  if (r.kind === "builtin") return "builtin";
  if (r.kind === "global") return `global ${r.binding.name}@${lineCol(r.binding.span)} m${r.moduleIndex}`;
  return `local ${r.binding.name}@${lineCol(r.binding.span)} hops=${r.hops}`;
}

/** Refs of one file, in source order. */
function refLines(res: ResolveResult, file: string): string[] {
  return [...res.refs.entries()]
    .filter(([id]) => id.span.file.path === file)
    .sort(([a], [b]) => a.span.start - b.span.start)
    .map(([id, r]) => `${id.name}@${lineCol(id.span)} -> ${describeRef(r)}`);
}

const tmpRoots: string[] = [];
after(() => {
  for (const d of tmpRoots) fs.rmSync(d, { recursive: true, force: true });
});

/** Creates a temp project; returns its canonical directory. */
function project(files: Record<string, string>, links: Record<string, string> = {}): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "atlas-loader-")));
  tmpRoots.push(dir);
  for (const [rel, text] of Object.entries(files)) {
    const p = path.join(dir, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, text);
  }
  for (const [rel, target] of Object.entries(links)) {
    const p = path.join(dir, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.symlinkSync(target, p);
  }
  return dir;
}

/** A node:fs host displaying paths relative to `cwd` (§8.2). */
function host(cwd: string, reads: string[] = []): FrontendHost {
  return {
    readFile(p) {
      reads.push(p);
      try {
        return fs.readFileSync(p);
      } catch {
        return null;
      }
    },
    realpath(p) {
      try {
        return fs.realpathSync(p);
      } catch {
        return null;
      }
    },
    displayPath(p) {
      const rel = path.relative(cwd, p);
      return rel !== "" && !rel.startsWith("..") && !path.isAbsolute(rel) ? rel.split(path.sep).join("/") : p;
    },
  };
}

function pos(s: Span | null): string {
  if (s === null) return "-";
  const p = s.file.position(s.start);
  return `${s.file.path}:${p.line}:${p.column}`;
}

function load(dir: string, entry = "main.atl", reads?: string[]) {
  return loadProgram(path.join(dir, entry), host(dir, reads));
}

function errors(res: ReturnType<typeof load>): string[] {
  return res.diagnostics.map((d) => `${d.code} ${pos(d.span)} ${d.message}${d.label ? ` [${d.label}]` : ""}`);
}

test("nested imports: dependencies first, depth-first in import order, each once, entry last", () => {
  const dir = project({
    "main.atl": 'import { a } from "./a";\nimport { b } from "./sub/b";\nprint(a + b);\n',
    "a.atl": 'import { b } from "./sub/b.atl";\nexport let a = b;\n',
    "sub/b.atl": 'import { c } from "../c";\nexport let b = c;\n',
    "c.atl": "export let c = 1;\n",
  });
  const reads: string[] = [];
  const res = load(dir, "main.atl", reads);
  assert.deepEqual(errors(res), []);
  assert.deepEqual(res.modules.map((m) => m.file.path), ["c.atl", "sub/b.atl", "a.atl", "main.atl"]);
  assert.deepEqual(res.modules.map((m) => m.absPath), ["c.atl", "sub/b.atl", "a.atl", "main.atl"].map((f) => path.join(dir, f)));
  assert.equal(new Set(reads).size, reads.length, "each file is read once");
  const main = res.modules[3];
  assert.deepEqual([...main.importTargets.values()], [2, 1]);
  assert.equal(main.file.absPath, path.join(dir, "main.atl"));
});

test("`/…` specifiers resolve against the entry's directory", () => {
  const dir = project({
    "app/main.atl": 'import { b } from "./lib/b";\nprint(b);\n',
    "app/lib/b.atl": 'import { c } from "/util/c";\nexport let b = c;\n',
    "app/util/c.atl": "export let c = 1;\n",
  });
  const res = load(dir, "app/main.atl");
  assert.deepEqual(errors(res), []);
  assert.deepEqual(res.modules.map((m) => m.file.path), ["app/util/c.atl", "app/lib/b.atl", "app/main.atl"]);
});

test("symlinks and `..` are canonicalised: one module per real file", () => {
  const dir = project(
    {
      "main.atl": 'import { x } from "./link";\nimport { y } from "./sub/../real";\nprint(x + y);\n',
      "real.atl": "export let x = 1;\nexport let y = 2;\n",
      "sub/keep.atl": "",
    },
    { "link.atl": "real.atl" },
  );
  const res = load(dir);
  assert.deepEqual(errors(res), []);
  assert.deepEqual(res.modules.map((m) => m.file.path), ["real.atl", "main.atl"]);
  assert.deepEqual([...res.modules[1].importTargets.values()], [0, 0]);
});

test("a symlinked entry resolves relative imports from its real location", () => {
  const dir = project(
    { "real/main.atl": 'import { x } from "./m";\nprint(x);\n', "real/m.atl": "export let x = 1;\n" },
    { "entry.atl": "real/main.atl" },
  );
  const res = load(dir, "entry.atl");
  assert.deepEqual(errors(res), []);
  assert.deepEqual(res.modules.map((m) => m.file.path), ["real/m.atl", "real/main.atl"]);
});

test("AT5003: cycle label with display paths, span on the closing specifier", () => {
  const dir = project({
    "main.atl": 'import { a } from "./a";\nprint(a);\n',
    "a.atl": 'import { b } from "./b";\nexport let a = 1;\n',
    "b.atl": 'import { a } from "./a";\nexport let b = 2;\n',
  });
  const res = load(dir);
  assert.deepEqual(errors(res), ["AT5003 b.atl:1:19 Circular dependency detected [cycle: a.atl -> b.atl -> a.atl]"]);
  assert.deepEqual(res.modules, []);
});

test("AT5003: self-import and cycles through the entry", () => {
  const self = project({ "main.atl": 'import { m } from "./main";\nexport let m = 1;\n' });
  assert.deepEqual(errors(load(self)), ["AT5003 main.atl:1:19 Circular dependency detected [cycle: main.atl -> main.atl]"]);
  const viaEntry = project({
    "main.atl": 'import { a } from "./a";\nexport let m = 1;\n',
    "a.atl": 'import { m } from "./main.atl";\nexport let a = m;\n',
  });
  assert.deepEqual(errors(load(viaEntry)), ["AT5003 a.atl:1:19 Circular dependency detected [cycle: main.atl -> a.atl -> main.atl]"]);
});

test("AT5001 invalid paths, AT5002 missing modules (span: the specifier)", () => {
  const dir = project({
    "main.atl": 'import { a } from "a";\nimport { b } from "./nope";\nimport { c } from "/missing/c.atl";\nimport { d } from "./dir";\n',
    "dir/x.atl": "",
  });
  fs.mkdirSync(path.join(dir, "dir.atl"));
  assert.deepEqual(errors(load(dir)), [
    "AT5001 main.atl:1:19 Invalid module path: 'a'. Paths must start with './', '../', or '/'",
    "AT5002 main.atl:2:19 Module not found: './nope'",
    "AT5002 main.atl:3:19 Module not found: '/missing/c.atl'",
    "AT5002 main.atl:4:19 Module not found: './dir'",
  ]);
  const s = load(dir).diagnostics[1].span;
  assert.ok(s !== null && s.end - s.start === "\"./nope\"".length);
});

test("stage 1 reports every module's errors together; imports of broken modules are not followed", () => {
  const dir = project({
    "main.atl": 'import { a } from "./a";\nimport { b } from "./b";\nimport { z } from "./zzz";\n',
    "a.atl": 'import { q } from "./not-there";\nexport let a = ;\n',
    "b.atl": "export let b = 1 @;\n",
  });
  assert.deepEqual(errors(load(dir)), [
    "AT5002 main.atl:3:19 Module not found: './zzz'",
    "AT1000 a.atl:2:16 Expected expression [syntax error]",
    "AT1001 b.atl:1:18 Unexpected character '@' [lexer error]",
  ]);
});

test("invalid UTF-8 is reported as a lexical error of that module", () => {
  const dir = project({ "main.atl": 'import { a } from "./a";\n' });
  fs.writeFileSync(path.join(dir, "a.atl"), Buffer.from([0x6c, 0x65, 0x74, 0xff, 0x0a]));
  const out = errors(load(dir));
  assert.deepEqual(out.map((l) => l.split(" ").slice(0, 2).join(" ")), ["AT1001 a.atl:1:4"]);
});

test("a module with 200,000 lexical errors reports them all (no spread of the list)", () => {
  const dir = project({ "main.atl": 'import { a } from "./a";\n', "a.atl": "@\n".repeat(200_000) });
  const res = load(dir);
  assert.equal(res.diagnostics.length, 200_000);
  assert.ok(res.diagnostics.every((d) => d.code === "AT1001"));
});

test("missing entry file", () => {
  const dir = project({});
  const res = load(dir, "nope.atl");
  assert.deepEqual(res.diagnostics.map((d) => `${d.code} ${d.message}`), ["AT5002 Module not found: 'nope.atl'"]);
});

// ── imports and exports across modules (resolver) ──

function resolveDir(files: Record<string, string>) {
  const dir = project(files);
  const loaded = load(dir);
  assert.deepEqual(errors(loaded), []);
  return resolveModules(loaded.modules, STUB_BUILTINS);
}

test("imported names resolve to the exporter's binding as global refs", () => {
  const res = resolveDir({
    "main.atl": 'import { f, count, T } from "./m";\nlet t: T = f(count);\nprint(t);\n',
    "m.atl": "export type T = number;\nexport var count = 1;\nexport fn f(n: number) -> number { return n + priv; }\nlet priv = 2;\n",
  });
  assert.deepEqual(diagLines(res.errors), []);
  assert.deepEqual(refLines(res, "main.atl"), [
    "f@2:12 -> global f@3:11 m0",
    "count@2:14 -> global count@2:12 m0",
    "print@3:1 -> builtin",
    "t@3:7 -> global t@2:5 m1",
  ]);
  assert.deepEqual(refLines(res, "m.atl"), ["n@3:43 -> local n@3:13 hops=0", "priv@3:47 -> global priv@4:5 m0"]);
  const [m, main] = res.modules;
  assert.deepEqual([...m.exports.keys()], ["count", "f"]);
  assert.deepEqual([...m.typeExports.keys()], ["T"]);
  assert.equal(main.imports.get("count")?.binding, m.exports.get("count"));
  assert.equal(main.imports.get("T")?.typeAlias, m.typeExports.get("T"));
  assert.equal(main.imports.get("T")?.binding, null);
  assert.equal(main.typeAliases.get("T")?.moduleIndex, 0);
  assert.equal(main.scope.bindings.length, 1, "imports add no slots to the importer");
});

test("AT5006, import clashes, private names", () => {
  const res = resolveDir({
    "main.atl": 'import { f, priv, nope } from "./m";\nimport { f } from "./m";\nlet f = 1;\nprint(priv);\n',
    "m.atl": "export fn f() {}\nlet priv = 2;\n",
  });
  assert.deepEqual(diagLines(res.errors), [
    "AT5006 1:13 Module './m' does not export 'priv'",
    "AT5006 1:19 Module './m' does not export 'nope'",
    "AT2003 2:10 Symbol 'f' is already defined in this scope",
    "AT2003 3:5 Symbol 'f' is already defined in this scope",
  ]);
  assert.equal(res.errors[2].related[0].span.start, res.modules[1].file.text.indexOf("f"));
});

test("an import clashing with a later type alias", () => {
  const res = resolveDir({
    "main.atl": 'import { T } from "./m";\ntype T = string;\n',
    "m.atl": "export type T = number;\n",
  });
  assert.deepEqual(diagLines(res.errors), ["AT2003 2:6 Type alias 'T' already defined"]);
});

// ── the front end's phase gating (§8.5) ──

const TABLE = buildBuiltinTable(BUILTINS);

function compileDir(files: Record<string, string>) {
  const dir = project(files);
  const res = compileProgram(path.join(dir, "main.atl"), host(dir), TABLE);
  return { res, lines: res.diagnostics.map((d) => `${d.severity} ${d.code} ${pos(d.span)} ${d.message}`) };
}

test("compileProgram: stage-1 errors stop before resolution", () => {
  const { res, lines } = compileDir({
    "main.atl": 'import { a } from "./a";\nprint(undefinedName);\n',
    "a.atl": "export let a = (;\n",
  });
  assert.equal(res.program, null);
  assert.deepEqual(lines, ["error AT1000 a.atl:1:17 Expected expression"]);
});

test("compileProgram: resolution errors stop before type checking (no warnings either)", () => {
  const { res, lines } = compileDir({
    "main.atl": 'import { a } from "./a";\nlet n: number = "s";\nprint(zz);\nfn f(p: number) {}\n',
    "a.atl": "export let a = 1;\n",
  });
  assert.equal(res.program, null);
  assert.deepEqual(lines, ["error AT2002 main.atl:3:7 Unknown symbol 'zz'"]);
});

test("compileProgram: type errors come with all warnings, errors first", () => {
  const { res, lines } = compileDir({
    "main.atl": 'import { a } from "./a";\nfn f(p: number) {}\nlet n: number = "s";\n',
    "a.atl": "export let a = 1;\nfn g() -> number { return 1; print(2); }\n",
  });
  assert.equal(res.program, null);
  assert.deepEqual(lines, [
    "error AT3001 main.atl:3:1 Type mismatch: expected number, found string",
    "warning AT2002 a.atl:2:30 Unreachable code",
    "warning AT2001 main.atl:2:6 Unused parameter 'p'",
  ]);
});

test("compileProgram: a clean program carries its warnings and modules in execution order", () => {
  const { res, lines } = compileDir({
    "main.atl": 'import { a } from "./a";\nfn f(p: number) {}\nprint(a);\n',
    "a.atl": "export let a = 1;\n",
  });
  assert.ok(res.program !== null);
  assert.deepEqual(lines, ["warning AT2001 main.atl:2:6 Unused parameter 'p'"]);
  assert.deepEqual(res.program.warnings, res.diagnostics);
  assert.deepEqual(res.program.modules.map((m) => `${m.index} ${m.file.path}`), ["0 a.atl", "1 main.atl"]);
  const printArg = [...res.program.refs.entries()].find(([id]) => id.name === "a");
  assert.equal(printArg?.[1].kind, "global");
  assert.ok(res.program.types.size > 0);
});
