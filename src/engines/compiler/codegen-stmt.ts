// Lowering of statements and functions (language.md §6.6–§6.11). Blocks become JS blocks
// (strict-mode block functions give hoisting and per-execution function values), `for` uses
// JS `for (let …)` (per-iteration copies, §6.9), `for x in` a `for…of` over the runtime
// snapshot. Functions count call depth explicitly (AT0008 on entry, §6.7) and fill in the
// location of errors raised without one from `$s`, the call site they are executing. No
// tail-call elimination: every call counts.
import * as ast from "../../syntax/ast.js";
import type { Binding } from "../../check/program.js";
import { FnState, type FnNode, type Gen } from "./codegen-context.js";
import { genCondition, genExpr, genIdent, genMatchExpr, indexOk, uninitCall } from "./codegen-expr.js";
import { genPatternTest, patternBindings } from "./codegen-pattern.js";
import {
  and,
  assign,
  bin,
  call,
  cond,
  dot,
  exprStmt,
  id,
  index,
  isTrivial,
  lit,
  num,
  ret,
  seq,
  str,
  typeIs,
  type JSExpr,
  type JSFunction,
  type JSStmt,
  un,
  usedNames,
} from "./js-ast.js";

// ---- statement lists and blocks -----------------------------------------------------------------

/** Generates statements into `out`, each preceded by the declarations its expressions need. */
export function genStmts(g: Gen, list: readonly ast.Stmt[], out: JSStmt[]): void {
  for (const s of list) {
    const saved = g.pending;
    g.pending = [];
    const stmts: JSStmt[] = [];
    genStmt(g, s, stmts);
    out.push(...g.pending, ...stmts);
    g.pending = saved;
  }
}

/**
 * The body of a scope: hoisted function declarations first (§6.6), then the statements, with
 * the declarations of checked (possibly uninitialised) variables in front.
 */
export function genScopeBody(g: Gen, node: ast.Block | FnNode | ast.MatchArm, body: readonly ast.Stmt[], prefix: JSStmt[] = []): JSStmt[] {
  const info = g.scopeInfo(node);
  const out: JSStmt[] = [];
  if (info !== undefined) for (const fn of info.hoisted) genHoisted(g, fn, out);
  genStmts(g, body, out);
  const checked = info === undefined ? [] : info.bindings.filter((b) => g.checked.has(b) && !g.isReplGlobal(b));
  const decls: JSStmt[] = checked.length > 0 ? [{ k: "decl", kind: "let", decls: checked.map((b) => ({ name: g.bindingName(b), init: null })) }] : [];
  return [...prefix, ...decls, ...out];
}

/** A hoisted `fn` declaration: a JS function declaration (or REPL global) plus its name tag. */
export function genHoisted(g: Gen, fn: ast.FnDecl, out: JSStmt[]): void {
  const b = g.decl(fn);
  const f = genFunction(g, fn, g.isReplGlobal(b) ? null : g.bindingName(b), out);
  if (g.isReplGlobal(b)) out.push(exprStmt(assign(g.bindingRef(b), { k: "fn", fn: f })));
  else out.push({ k: "fndecl", fn: f });
  out.push(exprStmt(call(id("$tag"), [g.bindingRef(b), str(fn.name.name)])));
}

function genBlock(g: Gen, b: ast.Block): JSStmt[] {
  g.pushScope(b);
  const body = genScopeBody(g, b, b.body);
  g.popScope();
  return body;
}

// ---- statements -------------------------------------------------------------------------------

export function genStmt(g: Gen, s: ast.Stmt, out: JSStmt[]): void {
  switch (s.kind) {
    case "ExprStmt":
      if (s.expr.kind === "Match") genMatchStmt(g, s.expr, out);
      else out.push(exprStmt(genExpr(g, s.expr)));
      return;
    case "VarDecl":
      out.push(genVarDecl(g, s));
      return;
    case "Assign":
    case "CompoundAssign":
    case "IncDec":
      out.push(exprStmt(genSimple(g, s)));
      return;
    case "If":
      out.push(genIf(g, s));
      return;
    case "While":
      out.push(genWhile(g, s));
      return;
    case "For":
      out.push(genFor(g, s));
      return;
    case "ForIn":
      out.push(genForIn(g, s));
      return;
    case "Return":
      out.push(genReturn(g, s));
      return;
    case "Break":
    case "Continue":
      out.push(genJump(g, s.kind === "Break"));
      return;
    case "Block": {
      const body = genBlock(g, s);
      if (body.length > 0) out.push({ k: "block", body });
      return;
    }
    case "Export":
      if (s.decl.kind === "VarDecl") out.push(genVarDecl(g, s.decl));
      return;
    case "FnDecl": // hoisted at scope entry
    case "Empty":
    case "Import":
    case "TypeAlias":
      return;
    default:
      return ast.assertNever(s);
  }
}

/** `let x = e;`: a module or REPL binding (declared elsewhere) or a checked one is assigned. */
function genVarDecl(g: Gen, s: ast.VarDecl): JSStmt {
  const b = g.decl(s);
  const v = genExpr(g, s.init);
  if (g.isReplGlobal(b) || b.scope.moduleIndex >= 0 || g.checked.has(b)) return exprStmt(assign(g.bindingRef(b), v));
  return { k: "decl", kind: "let", decls: [{ name: g.bindingName(b), init: v }] };
}

function genReturn(g: Gen, s: ast.Return): JSStmt {
  const v = s.value === null ? lit(null) : genExpr(g, s.value);
  if (g.fn.iife > 0) {
    g.fn.usesRet = true;
    return { k: "throw", e: call(g.helper("returnSignal"), [v]) };
  }
  return ret(v);
}

/** break/continue; inside an arm block used as an expression they travel as signals. */
function genJump(g: Gen, isBreak: boolean): JSStmt {
  const f = g.fn;
  const loop = f.loops[f.loops.length - 1];
  if (loop !== undefined && f.iife > loop.iife) {
    loop.signals = true;
    return { k: "throw", e: g.helper(isBreak ? "BREAK_SIGNAL" : "CONTINUE_SIGNAL") };
  }
  return isBreak ? { k: "break" } : { k: "continue" };
}

function genIf(g: Gen, s: ast.If): JSStmt {
  const chain: ast.If[] = [];
  let n: ast.If | ast.Block | null = s;
  while (n !== null && n.kind === "If") {
    chain.push(n);
    n = n.else;
  }
  const tests = chain.map((c) => ({ test: genCondition(g, c.cond), then: genBlock(g, c.then) }));
  let tail: JSStmt[] | null = n === null ? null : genBlock(g, n);
  let result: JSStmt | null = null;
  for (let i = tests.length - 1; i >= 0; i--) {
    result = { k: "if", test: tests[i].test, then: tests[i].then, else: tail };
    tail = [result];
  }
  return result as JSStmt;
}

// ---- loops ------------------------------------------------------------------------------------

/** A loop body; signals thrown out of arm blocks become break/continue. */
function loopBody(g: Gen, body: ast.Block): JSStmt[] {
  const f = g.fn;
  const loop = { signals: false, iife: f.iife };
  f.loops.push(loop);
  const stmts = genBlock(g, body);
  f.loops.pop();
  if (!loop.signals) return stmts;
  const handler: JSStmt[] = [
    { k: "if", test: bin("===", id("$e"), g.helper("BREAK_SIGNAL")), then: [{ k: "break" }], else: null },
    { k: "if", test: bin("===", id("$e"), g.helper("CONTINUE_SIGNAL")), then: [{ k: "continue" }], else: null },
    { k: "throw", e: id("$e") },
  ];
  return [{ k: "try", body: stmts, param: "$e", handler, finalizer: null }];
}

function genWhile(g: Gen, s: ast.While): JSStmt {
  const test = perEvaluation(g, () => genCondition(g, s.cond));
  const body = loopBody(g, s.body);
  if (test.decls.length === 0) return { k: "while", test: test.e, body };
  return { k: "while", test: lit(true), body: checkFirst(test.decls, test.e, body) };
}

/**
 * An expression evaluated once per iteration (loop condition, for step) whose `match` bindings
 * must be fresh on every evaluation, like the interpreter's arm scopes: its pending
 * declarations are returned instead of going in front of the loop statement.
 *   while (match i { n if n < 3 => keep(fn() -> number { return n; }), _ => false }) { … }
 *   → while (true) { let $m1, n; if (!(…)) break; … }   (one `n` per iteration)
 */
function perEvaluation(g: Gen, make: () => JSExpr): { e: JSExpr; decls: JSStmt[] } {
  const saved = g.pending;
  g.pending = [];
  try {
    const e = make();
    return { e, decls: g.pending };
  } finally {
    g.pending = saved;
  }
}

/** Loop body with the condition tested at its top, after the condition's declarations. */
function checkFirst(decls: JSStmt[], test: JSExpr, body: JSStmt[]): JSStmt[] {
  const exit: JSStmt = { k: "if", test: un("!", test), then: [{ k: "break" }], else: null };
  return [...decls, exit, ...(body.length > 0 ? [{ k: "block", body } as JSStmt] : [])];
}

/** `for (init; cond; step)` as JS `for (let …)`: the same per-iteration copies (§6.9). */
function genFor(g: Gen, s: ast.For): JSStmt {
  g.pushScope(s);
  let init: JSStmt | null = null;
  if (s.init !== null) {
    if (s.init.kind === "VarDecl") {
      const b = g.decl(s.init);
      const v = genExpr(g, s.init.init);
      const name = g.bindingName(b);
      init = g.checked.has(b)
        ? { k: "decl", kind: "let", decls: [{ name, init: lit(undefined) }, { name: g.fresh("z"), init: assign(id(name), v) }] }
        : { k: "decl", kind: "let", decls: [{ name, init: v }] };
    } else init = exprStmt(genSimpleOrExpr(g, s.init));
  }
  const cond = s.cond;
  const test = cond === null ? null : perEvaluation(g, () => genCondition(g, cond));
  const step = s.step;
  const update = step === null ? null : perEvaluation(g, () => genSimpleOrExpr(g, step));
  let body = loopBody(g, s.body);
  g.popScope();
  const updateExpr = update === null ? null : update.decls.length === 0 ? update.e : scopedCall(g, update.decls, update.e, step !== null && containsAwait(step));
  if (test === null || test.decls.length === 0) return { k: "for", init, test: test === null ? null : test.e, update: updateExpr, body };
  body = checkFirst(test.decls, test.e, body);
  return { k: "for", init, test: null, update: updateExpr, body };
}

/**
 * `(() => { <decls>; return e; })()` — an expression with its own declarations, run in place
 * (a generator delegated to with `yield*` when it awaits). Used for a `for` step containing a
 * `match`, which JS gives no statement position to declare its bindings in.
 */
function scopedCall(g: Gen, decls: JSStmt[], e: JSExpr, awaits: boolean): JSExpr {
  const gen = g.fn.generator && awaits;
  const fn: JSFunction = { name: null, params: [], body: [...decls, ret(e)], generator: gen, arrow: !gen, inline: true };
  const invoked = call({ k: "fn", fn }, []);
  return gen ? { k: "yield", e: invoked, delegate: true } : invoked;
}

function genSimpleOrExpr(g: Gen, s: ast.SimpleStmt): JSExpr {
  if (s.kind === "ExprStmt") return s.expr.kind === "Match" ? genMatchExpr(g, s.expr) : genExpr(g, s.expr);
  return genSimple(g, s);
}

/** `for x in e`: a snapshot of the array, a fresh immutable `x` per iteration (§6.9). */
function genForIn(g: Gen, s: ast.ForIn): JSStmt {
  const items = call(g.helper("forIn"), [genExpr(g, s.iterable), g.span(s.iterable.span)]);
  g.pushScope(s);
  const name = g.bindingName(g.decl(s));
  const body = loopBody(g, s.body);
  g.popScope();
  return { k: "forof", name, iterable: items, body };
}

// ---- assignments ------------------------------------------------------------------------------

/** Assign / CompoundAssign / IncDec as one JS expression (also usable as a for step). */
export function genSimple(g: Gen, s: ast.Assign | ast.CompoundAssign | ast.IncDec): JSExpr {
  const t = s.target;
  if (s.kind === "Assign") return t.kind === "Ident" ? assignIdent(g, t, genExpr(g, s.value)) : assignIndex(g, t, s.value);
  if (t.kind === "Ident") return updateIdent(g, s, t);
  return updateIndex(g, s, t);
}

function identBinding(g: Gen, t: ast.Ident): Binding {
  const r = g.ref(t);
  if (r.kind === "builtin") throw new Error(`BUG: assignment to builtin '${r.name}'`);
  return r.binding;
}

/** `x = v;`: `v` first, then the AT0002 check (§13.3.3). */
function assignIdent(g: Gen, t: ast.Ident, v: JSExpr): JSExpr {
  const b = identBinding(g, t);
  const target = g.bindingRef(b);
  if (!g.needsCheck(b)) return assign(target, v);
  return g.withTemp("v", (tv) =>
    seq([assign(id(tv), v), cond(bin("===", target, lit(undefined)), uninitCall(g, b.name, t.span), assign(target, id(tv)))]),
  );
}

/** `a[i] = v;`: `v`, then `a`, then `i`, then the index check and store (§6.8). */
function assignIndex(g: Gen, t: ast.Index, value: ast.Expr): JSExpr {
  return g.withTemp("v", (tv) =>
    g.withTemp("a", (ta) =>
      g.withTemp("i", (ti) => {
        const pre = [assign(id(tv), genExpr(g, value)), assign(id(ta), genExpr(g, t.target)), assign(id(ti), genExpr(g, t.index))];
        const a = id(ta);
        const i = id(ti);
        const store = cond(indexOk(g, a, i), assign(index(a, i), id(tv)), call(g.helper("setIndex"), [a, i, id(tv), g.span(t.span)]));
        return seq([...pre, store]);
      }),
    ),
  );
}

const COMPOUND_OP = { "+=": "+", "-=": "-", "*=": "*", "/=": "/", "%=": "%" } as const;

/**
 * `old op v` with the operator's checks (§6.2), errors spanning the whole statement: inline
 * when both are numbers at run time, else `compound`/`incDec` of runtime/ops.
 */
function updateValue(g: Gen, s: ast.CompoundAssign | ast.IncDec, old: JSExpr, v: JSExpr | null): JSExpr {
  const si = g.spanIdx(s.span);
  if (s.kind === "IncDec") {
    const r = bin(s.op === "++" ? "+" : "-", old, num(1));
    return cond(typeIs(old, "number"), call(id("$fin"), [r, num(si)]), call(g.helper("incDec"), [str(s.op), old, g.span(s.span)]));
  }
  const value = v as JSExpr;
  const op = COMPOUND_OP[s.op];
  let guard = and(typeIs(old, "number"), typeIs(value, "number"));
  if (op === "/" || op === "%") guard = and(guard, value.k === "num" && value.value !== 0 ? lit(true) : bin("!==", value, num(0)));
  const slow = call(g.helper("compound"), [str(s.op), old, value, g.span(s.span)]);
  return cond(guard, call(id("$fin"), [bin(op, old, value), num(si)]), slow);
}

/** `x op= v;` / `x++;`: read `x` (AT0002), then `v`, compute, store. */
function updateIdent(g: Gen, s: ast.CompoundAssign | ast.IncDec, t: ast.Ident): JSExpr {
  const b = identBinding(g, t);
  const target = g.bindingRef(b);
  const read = genIdent(g, t);
  return g.withTemp("o", (to) =>
    g.withTemp("v", (tv) => {
      const pre: JSExpr[] = [];
      let old = read;
      const valueNode = s.kind === "CompoundAssign" ? s.value : null;
      const valuePure = valueNode === null || isPureLiteral(valueNode);
      if (!isTrivial(old) || !valuePure) {
        pre.push(assign(id(to), old));
        old = id(to);
      }
      let v: JSExpr | null = null;
      if (valueNode !== null) {
        v = genExpr(g, valueNode);
        if (!isTrivial(v)) {
          pre.push(assign(id(tv), v));
          v = id(tv);
        }
      }
      return seq([...pre, assign(target, updateValue(g, s, old, v))]);
    }),
  );
}

function isPureLiteral(e: ast.Expr): boolean {
  return e.kind === "NumberLit" || e.kind === "StringLit" || e.kind === "BoolLit" || e.kind === "NullLit";
}

/** `a[i] op= v;` / `a[i]++;`: `a` and `i` once, read, `v`, compute, store (§6.8). */
function updateIndex(g: Gen, s: ast.CompoundAssign | ast.IncDec, t: ast.Index): JSExpr {
  return g.withTemp("a", (ta) =>
    g.withTemp("i", (ti) =>
      g.withTemp("o", (to) =>
        g.withTemp("v", (tv) => {
          const a = id(ta);
          const i = id(ti);
          const pre: JSExpr[] = [assign(a, genExpr(g, t.target)), assign(i, genExpr(g, t.index))];
          pre.push(assign(id(to), cond(indexOk(g, a, i), index(a, i), call(g.helper("index"), [a, i, g.span(t.span)]))));
          let v: JSExpr | null = null;
          if (s.kind === "CompoundAssign") {
            pre.push(assign(id(tv), genExpr(g, s.value)));
            v = id(tv);
          }
          pre.push(assign(id(to), updateValue(g, s, id(to), v)));
          const r = id(to);
          const store = cond(indexOk(g, a, i), assign(index(a, i), r), call(g.helper("setIndex"), [a, i, r, g.span(t.span)]));
          return seq([...pre, store]);
        }),
      ),
    ),
  );
}

// ---- match as a statement ---------------------------------------------------------------------

/**
 * A statement `match`: `{ let $m = e, <bindings>; if (test1 && guard1) { body1 } else if … else
 * noArm(); }` — arm blocks are plain JS blocks, so break/continue/return work directly.
 */
function genMatchStmt(g: Gen, e: ast.Match, out: JSStmt[]): void {
  const m = g.fresh("m");
  const scrut = genExpr(g, e.scrutinee);
  const names: string[] = [];
  for (const arm of e.arms) for (const b of patternBindings(g, arm.pattern)) names.push(g.bindingName(b));
  const arms: { test: JSExpr; body: JSStmt[] }[] = [];
  for (const arm of e.arms) {
    g.pushScope(arm);
    let test = genPatternTest(g, arm.pattern, id(m));
    if (arm.guard !== null) test = bin("&&", test, genCondition(g, arm.guard));
    let body: JSStmt[];
    if (arm.body.kind === "Block") body = genScopeBody(g, arm, arm.body.body);
    else {
      const saved = g.pending;
      g.pending = [];
      const st = exprStmt(genExpr(g, arm.body));
      body = [...g.pending, st];
      g.pending = saved;
    }
    g.popScope();
    arms.push({ test, body });
  }
  let chain: JSStmt[] = [exprStmt(call(g.helper("noArm"), [g.span(e.span)]))];
  for (let i = arms.length - 1; i >= 0; i--) chain = [{ k: "if", test: arms[i].test, then: arms[i].body, else: chain }];
  const decls = [{ name: m, init: scrut }, ...names.map((n) => ({ name: n, init: null }))];
  out.push({ k: "block", body: [{ k: "decl", kind: "let", decls }, ...chain] });
}

/**
 * An arm block in expression position: a nested JS function run in place whose value is null
 * (a generator delegated to with `yield*` when the block awaits). Control leaving it travels as
 * a signal (return → the return signal, break/continue → loop signals).
 */
export function genArmBlockExpr(g: Gen, arm: ast.MatchArm, b: ast.Block): JSExpr {
  const f = g.fn;
  f.iife++;
  const stmts = genScopeBody(g, arm, b.body);
  f.iife--;
  const gen = f.generator && containsAwait(b);
  const fn: JSFunction = { name: null, params: [], body: [...stmts, ret(lit(null))], generator: gen, arrow: !gen, inline: true };
  const invoked = call({ k: "fn", fn }, []);
  return gen ? { k: "yield", e: invoked, delegate: true } : invoked;
}

/** Whether an await of this activation occurs inside `n` (nested functions excluded). */
function containsAwait(n: ast.Node): boolean {
  return JSON.stringify(n, (k, v: unknown) => {
    if (k === "span") return undefined;
    if (typeof v === "object" && v !== null && ((v as { kind?: string }).kind === "FnExpr" || (v as { kind?: string }).kind === "FnDecl")) return undefined;
    return v;
  }).includes('"kind":"Await"');
}

// ---- functions --------------------------------------------------------------------------------

/** A function literal in expression position (an async body that cannot be lifted is passed in by an IIFE). */
export function genFunctionExpr(g: Gen, node: ast.FnExpr): JSExpr {
  const siblings: JSStmt[] = [];
  const fn = genFunction(g, node, null, siblings);
  if (siblings.length === 0) return { k: "fn", fn };
  const gen = (siblings[0] as { k: "fndecl"; fn: JSFunction }).fn;
  // ((\$bodyN) => function (…) { … \$bodyN(…) … })(\$asyncBody(function* \$bodyN(…) { … }))
  const outer: JSFunction = { name: null, params: [gen.name ?? ""], body: [ret({ k: "fn", fn })], generator: false, arrow: true };
  return call({ k: "fn", fn: outer }, [call(g.helper("asyncBody"), [{ k: "fn", fn: { ...gen, name: null } }])]);
}

/**
 * A function value (§6.6, §6.7): explicit depth count with AT0008 on entry (located by the
 * caller), `$s` tracking the current call site, and for `async fn` a generator body started
 * by the shared scheduler (§6.13). The generator function exists once per function value, never
 * per call (see asyncBody); one that cannot be lifted to program level is declared in `siblings`
 * (next to a FnDecl; genFunctionExpr passes it to an expression's closure).
 */
export function genFunction(g: Gen, node: FnNode, name: string | null, siblings: JSStmt[]): JSFunction {
  const params = node.params.map((p) => g.bindingName(g.decl(p)));
  const fnPos = node.kind === "FnDecl" ? g.currentScopeStart() : node.span.start;
  g.pushScope(node, fnPos);
  // An async body without any await needs no generator: it runs to completion in the call
  // (like the interpreter's fast path) and its outcome settles the returned future.
  const awaitFree = node.isAsync && !containsAwait(node.body);
  const state = new FnState(node.isAsync && !awaitFree);
  const body = g.inFunction(state, () => genScopeBody(g, node, node.body.body));
  g.popScope();
  const prologue: JSStmt[] = [
    { k: "if", test: bin(">=", dot(id("$c"), "depth"), id("$L")), then: [{ k: "throw", e: call(id("$so"), []) }], else: null },
    exprStmt({ k: "update", op: "++", target: dot(id("$c"), "depth") }),
  ];
  const dec: JSStmt[] = [exprStmt({ k: "update", op: "--", target: dot(id("$c"), "depth") })];
  let inner: JSStmt[];
  if (awaitFree) {
    const run: JSFunction = { name: null, params: [], body: activation(g, state, body), generator: false, arrow: true };
    inner = [ret(call(g.helper("asyncNow"), [{ k: "fn", fn: run }]))];
  } else if (node.isAsync) {
    const atlasName = node.kind === "FnDecl" ? node.name.name : null;
    const started = asyncBody(g, node, params, activation(g, state, body), siblings);
    inner = [ret(call(g.helper("startAsync"), [started, atlasName === null ? lit(null) : str(atlasName)]))];
  } else {
    // A leaf (it calls nothing, so no code can run above it) still counts as an activation —
    // AT0008 on entry at the limit — but nothing can observe the depth while it runs, so it
    // skips the increment and the decrement:  fn(x: number) -> number { return x * 3; }
    if (!state.usesCalls) return { name, params, body: [prologue[0], ...activation(g, state, body)], generator: false, arrow: false };
    // Otherwise every way out decrements: each return after its value is computed, the catch
    // of activation() for errors and return signals (no try/finally: cheaper before V8
    // optimizes, and one try instead of two).
    return { name, params, body: [...prologue, ...activation(g, state, body, true)], generator: false, arrow: false };
  }
  return { name, params, body: [...prologue, { k: "try", body: inner, param: null, handler: null, finalizer: dec }], generator: false, arrow: false };
}

/**
 * An async call's generator object: `$bodyN(captured…, params…)`, calling a generator function
 * created once per function value instead of once per call (a closure and its initial map per
 * suspended call, async.md §A11 B10). When every local the body captures is immutable and
 * initialised whenever the function can be called (no AT0002 check), its value is passed in
 * and the generator function is declared once at program level; otherwise it is declared in
 * `siblings`, in the function's own scope, with a shared generator prototype ($rt.asyncBody).
 */
function asyncBody(g: Gen, node: FnNode, params: string[], body: JSStmt[], siblings: JSStmt[]): JSExpr {
  const name = g.fresh("body");
  const captured = capturedLocals(g, node);
  if (captured !== null) {
    const caps = captured.map((b) => g.bindingName(b));
    g.lifted.push({ k: "fndecl", fn: { name, params: [...caps, ...params], body, generator: true, arrow: false } });
    return call(id(name), [...caps, ...params].map(id));
  }
  siblings.push({ k: "fndecl", fn: { name, params, body, generator: true, arrow: false } });
  if (node.kind === "FnDecl") siblings.push(exprStmt(call(g.helper("asyncBody"), [id(name)])));
  return call(id(name), params.map(id));
}

/**
 * The local bindings of enclosing functions and blocks that `fn`'s body refers to, in order of
 * first use, or null when one of them could change or be uninitialised after the function value
 * exists (a `var`, a binding accessed with an AT0002 check) and so must be shared, not copied.
 */
function capturedLocals(g: Gen, fn: FnNode): Binding[] | null {
  const out: Binding[] = [];
  const seen = new Set<object>();
  let ok = true;
  const inside = (n: ast.Node): boolean => n.span.start >= fn.span.start && n.span.end <= fn.span.end;
  const visit = (v: unknown): void => {
    if (!ok || typeof v !== "object" || v === null || seen.has(v)) return;
    seen.add(v);
    if (Array.isArray(v)) {
      for (const x of v) visit(x);
      return;
    }
    const r = g.program.refs.get(v as ast.Ident);
    if (r !== undefined && r.kind === "local" && !inside(r.binding.scope.node)) {
      const b = r.binding;
      if (b.mutable || g.checked.has(b) || g.isReplGlobal(b)) ok = false;
      else if (!out.includes(b)) out.push(b);
    }
    for (const [k, x] of Object.entries(v)) if (k !== "span") visit(x);
  };
  visit(fn.body);
  return ok ? out : null;
}

/**
 * The body of one activation with its temporaries, `$s`, `return null` at the end and the
 * handler that fills in error locations / turns the return signal into a return.
 */
export function activation(g: Gen, state: FnState, body: JSStmt[], counted = false): JSStmt[] {
  const out: JSStmt[] = [];
  const used = usedNames(body, state.temps);
  const vars = [...state.temps].filter((t) => used.has(t)).sort();
  const needCatch = state.usesCalls || state.usesRet;
  let full = [...body, ret(lit(null))];
  if (counted) {
    const result = { used: false };
    full = decrementOnReturn(full, result);
    if (result.used) vars.push("$r");
  }
  if (state.usesCalls) vars.unshift("$s");
  if (vars.length > 0) out.push({ k: "decl", kind: "let", decls: vars.map((v) => ({ name: v, init: v === "$s" ? num(-1) : null })) });
  if (!needCatch) return [...out, ...full];
  const handler: JSStmt[] = counted ? [DECREMENT] : [];
  if (state.usesRet) handler.push({ k: "if", test: bin("instanceof", id("$e"), g.helper("ReturnSignal")), then: [ret(dot(id("$e"), "value"))], else: null });
  handler.push({ k: "throw", e: call(id("$fill"), [id("$e"), state.usesCalls ? id("$s") : num(-1)]) });
  out.push({ k: "try", body: full, param: "$e", handler, finalizer: null });
  return out;
}

const DECREMENT_EXPR: JSExpr = { k: "update", op: "--", target: dot(id("$c"), "depth") };
const DECREMENT: JSStmt = exprStmt(DECREMENT_EXPR);

/**
 * The activation's own statements (nested functions, arm blocks included, keep theirs) with
 * the depth decremented on each return once its value is computed: `return $r = e,
 * $c.depth--, $r` (a literal: `$c.depth--; return e;`). `result.used` is set when `$r` is.
 */
function decrementOnReturn(list: readonly JSStmt[], result: { used: boolean }): JSStmt[] {
  const out: JSStmt[] = [];
  const inner = (l: readonly JSStmt[]): JSStmt[] => decrementOnReturn(l, result);
  for (const s of list) {
    switch (s.k) {
      case "return":
        if (s.e === null || s.e.k === "lit" || s.e.k === "num" || s.e.k === "str") out.push(DECREMENT, s);
        else {
          result.used = true;
          out.push(ret(seq([assign(id("$r"), s.e), DECREMENT_EXPR, id("$r")])));
        }
        break;
      case "if":
        out.push({ ...s, then: inner(s.then), else: s.else === null ? null : inner(s.else) });
        break;
      case "while":
      case "for":
      case "forof":
      case "block":
        out.push({ ...s, body: inner(s.body) });
        break;
      case "try":
        out.push({
          ...s,
          body: inner(s.body),
          handler: s.handler === null ? null : inner(s.handler),
          finalizer: s.finalizer === null ? null : inner(s.finalizer),
        });
        break;
      default:
        out.push(s);
    }
  }
  return out;
}
