// Entry of the compiler: CheckedProgram → { js, spans }. The JS text is the body of a function
// of `$rt` (load.ts) that returns one generator function per module (top-level code, run by
// the engine in module order). Module-level bindings are program-level `let`s (imports read
// the exporter's binding directly: live views); in REPL mode they live in `$rt.globals`.
import type { Span } from "../../diagnostics/span.js";
import type { CheckedModule, CheckedProgram } from "../../check/program.js";
import type * as ast from "../../syntax/ast.js";
import { FnState, Gen } from "./codegen-context.js";
import { genExpr, genMatchExpr } from "./codegen-expr.js";
import { activation, genHoisted, genStmts } from "./codegen-stmt.js";
import { assign, dot, exprStmt, id, lit, type JSStmt } from "./js-ast.js";
import { printProgram } from "./js-printer.js";

export interface CompiledProgram {
  /** The function body (strict mode) to instantiate with `$rt` (see load.ts). */
  readonly js: string;
  /** Span table: generated code refers to spans as `$S[i]`. */
  readonly spans: Span[];
  /** Number of modules (= number of generator functions returned). */
  readonly moduleCount: number;
}

export interface CompileOptions {
  /** REPL / eval input: module bindings live in `$rt.globals` (persist across inputs). */
  repl?: boolean;
}

/** Small functions every program defines (they close over `$S`, `$c`). */
const PROLOGUE = `
function $fin(r, i) { if (r - r !== 0) $rt.invalidNumeric($S[i]); return r; }
function $so() { return $rt.stackOverflow(); }
function $fill(e, i) { return $rt.fill(e, i < 0 ? null : $S[i]); }
function $tag(f, n) { f.atlasKind = "function"; f.atlasName = n; }
`;

export function compileProgram(program: CheckedProgram, opts: CompileOptions = {}): CompiledProgram {
  const repl = opts.repl === true;
  const g = new Gen(program, repl);
  const top: JSStmt[] = [];
  const modules: JSStmt[] = [];
  program.modules.forEach((m, i) => {
    if (!repl) declareModule(g, m, top);
    modules.push(genModule(g, m, `$module${i}`));
  });
  const body: JSStmt[] = [...top, ...g.lifted, ...modules, { k: "return", e: { k: "array", items: program.modules.map((_, i) => id(`$module${i}`)) } }];
  const js = ['"use strict";\n', header(g), PROLOGUE, printProgram(body)].join("");
  return { js, spans: g.spans, moduleCount: program.modules.length };
}

/** `const $c = $rt.ctx, …; const $add = $rt.add; const $b_print = $rt.builtin("print");` */
function header(g: Gen): string {
  const lines = ["const $c = $rt.ctx, $L = $rt.maxDepth, $S = $rt.spans, $G = $rt.globals;\n"];
  for (const h of g.usage.usedHelpers()) lines.push(`const $${h} = $rt.${h};\n`);
  for (const [name, js] of g.usage.usedBuiltins()) lines.push(`const ${js} = $rt.builtin(${JSON.stringify(name)});\n`);
  return lines.join("");
}

/** Program-level declarations of a module's bindings and its hoisted functions. */
function declareModule(g: Gen, m: CheckedModule, out: JSStmt[]): void {
  g.pushScope(m.ast);
  const vars = m.scope.bindings.filter((b) => b.kind !== "fn");
  if (vars.length > 0) out.push({ k: "decl", kind: "let", decls: vars.map((b) => ({ name: g.bindingName(b), init: null })) });
  for (const fn of m.scope.hoisted) genHoisted(g, fn, out);
  g.popScope();
}

/** `function* $moduleN($cap) { …top-level code… }` (the final expression statement captured). */
function genModule(g: Gen, m: CheckedModule, name: string): JSStmt {
  g.pushScope(m.ast);
  const state = new FnState(true);
  const body = g.inFunction(state, () => {
    const out: JSStmt[] = [];
    if (g.repl) for (const fn of m.scope.hoisted) genHoisted(g, fn, out);
    const stmts = m.ast.body;
    const last = stmts.length - 1;
    genStmts(g, stmts.slice(0, last >= 0 && stmts[last].kind === "ExprStmt" ? last : stmts.length), out);
    if (last >= 0 && stmts[last].kind === "ExprStmt") out.push(...captureLast(g, stmts[last] as ast.ExprStmt));
    return activation(g, state, out);
  });
  g.popScope();
  return { k: "fndecl", fn: { name, params: ["$cap"], body, generator: true, arrow: false } };
}

function captureLast(g: Gen, s: ast.ExprStmt): JSStmt[] {
  const saved = g.pending;
  g.pending = [];
  const v = s.expr.kind === "Match" ? genMatchExpr(g, s.expr) : genExpr(g, s.expr);
  const out = [...g.pending, exprStmt(assign(dot(id("$cap"), "isExpression"), lit(true))), exprStmt(assign(dot(id("$cap"), "value"), v))];
  g.pending = saved;
  return out;
}
