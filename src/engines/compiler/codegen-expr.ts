// Lowering of Atlas expressions to JS expressions (language.md §6). Every expression becomes
// ONE JS expression (temporaries keep the evaluation order of §6.8), so loops, conditions and
// generators need no statement splitting. Fast paths are inlined only where provably
// equivalent (both operands are numbers at run time, checked with `typeof`); everything else
// calls the runtime helpers the interpreter uses. Long left-nested operator chains are lowered
// iteratively into one accumulator sequence, so 10,000-term chains are fine.
import * as ast from "../../syntax/ast.js";
import { STRING_LIMIT } from "../../runtime/limits.js";
import type { Type } from "../../check/types.js";
import type { Gen } from "./codegen-context.js";
import {
  and,
  array,
  assign,
  bin,
  call,
  cond,
  dot,
  id,
  index,
  isTrivial,
  lit,
  num,
  seq,
  str,
  typeIs,
  un,
  type JSExpr,
  type BinOp,
} from "./js-ast.js";
import { genArmBlockExpr, genFunctionExpr } from "./codegen-stmt.js";
import { genPatternTest, patternBindings } from "./codegen-pattern.js";

// ---- static facts -----------------------------------------------------------------------------

function isPrim(t: Type | undefined, name: string): boolean {
  return t !== undefined && t.kind === "prim" && t.name === name;
}

export function staticNumber(g: Gen, e: ast.Expr): boolean {
  return e.kind === "NumberLit" || isPrim(g.type(e), "number");
}

function staticString(g: Gen, e: ast.Expr): boolean {
  return e.kind === "StringLit" || isPrim(g.type(e), "string");
}

/** Expressions whose JS value is certainly a bool (or that throw): no condition check needed. */
export function definitelyBool(e: ast.Expr): boolean {
  for (;;) {
    switch (e.kind) {
      case "BoolLit":
        return true;
      case "Paren":
        e = e.expr;
        continue;
      case "Unary":
        return e.op === "!";
      case "Binary":
        return e.op !== "+" && e.op !== "-" && e.op !== "*" && e.op !== "/" && e.op !== "%";
      default:
        return false;
    }
  }
}

/** True when evaluating `e` cannot run Atlas code, suspend or change builtin-call state. */
function quiet(e: ast.Expr): boolean {
  const stack: ast.Expr[] = [e];
  while (stack.length > 0) {
    const n = stack.pop() as ast.Expr;
    switch (n.kind) {
      case "NumberLit":
      case "StringLit":
      case "BoolLit":
      case "NullLit":
      case "Ident":
      case "FnExpr":
        break;
      case "Paren":
        stack.push(n.expr);
        break;
      case "Unary":
        stack.push(n.operand);
        break;
      case "Binary":
        stack.push(n.left, n.right);
        break;
      case "Index":
        stack.push(n.target, n.index);
        break;
      case "ArrayLit":
        stack.push(...n.elements);
        break;
      default:
        return false;
    }
  }
  return true;
}

/** An Atlas expression that JS may evaluate at any time (no effects, no errors). */
function pure(g: Gen, e: ast.Expr): boolean {
  if (e.kind === "NumberLit" || e.kind === "StringLit" || e.kind === "BoolLit" || e.kind === "NullLit") return true;
  if (e.kind === "Paren") return pure(g, e.expr);
  if (e.kind !== "Ident") return false;
  const r = g.ref(e);
  return r.kind === "builtin" || !g.needsCheck(r.binding);
}

// ---- entry --------------------------------------------------------------------------------

export function genExpr(g: Gen, e: ast.Expr): JSExpr {
  switch (e.kind) {
    case "NumberLit":
      return num(e.value);
    case "StringLit":
      return str(e.value);
    case "BoolLit":
      return lit(e.value);
    case "NullLit":
      return lit(null);
    case "Ident":
      return genIdent(g, e);
    case "Paren":
      return genExpr(g, e.expr);
    case "ArrayLit":
      return array(e.elements.map((x) => genExpr(g, x)));
    case "Unary":
      return genUnary(g, e);
    case "Binary":
      return genBinary(g, e);
    case "Call":
      return genCall(g, e);
    case "Index":
      return genIndex(g, e);
    case "Member":
      return genMember(g, e);
    case "Try":
      g.fn.usesRet = true;
      return call(g.helper("tryOp"), [genExpr(g, e.operand), g.span(e.span)]);
    case "Await":
      return { k: "yield", e: call(g.helper("awaitable"), [genExpr(g, e.operand), g.span(e.span)]), delegate: false };
    case "Match":
      return genMatchExpr(g, e);
    case "FnExpr":
      return genFunctionExpr(g, e);
    default:
      return ast.assertNever(e);
  }
}

// ---- identifiers ------------------------------------------------------------------------------

export function genIdent(g: Gen, e: ast.Ident): JSExpr {
  const r = g.ref(e);
  if (r.kind === "builtin") return id(g.builtinName(r.name));
  const target = g.bindingRef(r.binding);
  if (!g.needsCheck(r.binding)) return target;
  return cond(bin("===", target, lit(undefined)), uninitCall(g, r.binding.name, e.span), target);
}

export function uninitCall(g: Gen, name: string, span: ast.Ident["span"]): JSExpr {
  return call(g.helper("uninit"), [str(name), g.span(span)]);
}

// ---- temporaries ------------------------------------------------------------------------------

/**
 * Binds `value` to a temporary unless it is trivial and `keep` allows evaluating it later;
 * returns the operand to use and the assignments to run first (in order).
 */
function operand(g: Gen, value: JSExpr, keep: boolean, pre: JSExpr[], name: string): JSExpr {
  if (isTrivial(value) && keep) return value;
  pre.push(assign(id(name), value));
  return id(name);
}

// ---- unary and binary -------------------------------------------------------------------------

function genUnary(g: Gen, e: ast.Unary): JSExpr {
  if (e.op === "-" && e.operand.kind === "NumberLit") return num(-e.operand.value);
  const v = genExpr(g, e.operand);
  if (e.op === "!" && definitelyBool(e.operand)) return un("!", v);
  return g.withTemp("u", (t) => {
    const pre: JSExpr[] = [];
    const x = operand(g, v, true, pre, t);
    const r =
      e.op === "-"
        ? cond(typeIs(x, "number"), un("-", x), call(g.helper("neg"), [x, g.span(e.span)]))
        : cond(typeIs(x, "boolean"), un("!", x), call(g.helper("not"), [x, g.span(e.span)]));
    return seq([...pre, r]);
  });
}

/** A left-nested chain is lowered bottom-up into `($a = x0, $a = $a op x1, …, $a)`. */
function genBinary(g: Gen, top: ast.Binary): JSExpr {
  const spine: ast.Binary[] = [];
  let n: ast.Expr = top;
  while (n.kind === "Binary") {
    spine.push(n);
    n = n.left;
  }
  if (spine.length === 1) return binaryOp(g, top, genExpr(g, top.left), pure(g, top.right));
  return g.withTemp("c", (acc) => {
    const items: JSExpr[] = [assign(id(acc), genExpr(g, n))];
    for (let i = spine.length - 1; i >= 0; i--) items.push(assign(id(acc), binaryOp(g, spine[i], id(acc), true)));
    items.push(id(acc));
    return seq(items);
  });
}

const ARITH: Record<string, BinOp> = { "+": "+", "-": "-", "*": "*", "/": "/", "%": "%" };
const ARITH_HELPER = { "+": "add", "-": "sub", "*": "mul", "/": "div", "%": "mod" } as const;
const CMP_HELPER = { "<": "lt", "<=": "le", ">": "gt", ">=": "ge" } as const;

/**
 * One binary operator applied to the already generated left operand `left` (evaluated first)
 * and `e.right`. `leftKeep`: `left` may be read after the right operand was evaluated.
 */
function binaryOp(g: Gen, e: ast.Binary, left: JSExpr, leftKeep: boolean): JSExpr {
  const op = e.op;
  if (op === "&&" || op === "||") return logical(g, e, left);
  return g.withTemp("l", (lt) =>
    g.withTemp("r", (rt) => {
      const pre: JSExpr[] = [];
      const l = operand(g, left, leftKeep, pre, lt);
      const r = operand(g, genExpr(g, e.right), true, pre, rt);
      return seq([...pre, applyOp(g, e, l, r)]);
    }),
  );
}

/** The operator on two trivial operands (identifiers or literals): fast path + runtime helper. */
function applyOp(g: Gen, e: ast.Binary, l: JSExpr, r: JSExpr): JSExpr {
  const sp = g.span(e.span);
  const nums = staticNumber(g, e.left) && staticNumber(g, e.right);
  const bothNum = and(typeIs(l, "number"), typeIs(r, "number"));
  switch (e.op) {
    case "+":
    case "-":
    case "*":
    case "/":
    case "%": {
      const slow = call(g.helper(ARITH_HELPER[e.op]), [l, r, sp]);
      if (nums) {
        const nonZero = r.k === "num" && r.value !== 0 ? lit(true) : bin("!==", r, num(0));
        const guard = e.op === "/" || e.op === "%" ? and(bothNum, nonZero) : bothNum;
        const fast = call(id("$fin"), [bin(ARITH[e.op], l, r), num(g.spanIdx(e.span))]);
        return guard.k === "lit" ? fast : cond(guard, fast, slow);
      }
      if (e.op === "+" && staticString(g, e.left) && staticString(g, e.right)) {
        const fits = bin("<=", bin("+", dot(l, "length"), dot(r, "length")), num(STRING_LIMIT));
        return cond(bin("&&", bin("&&", typeIs(l, "string"), typeIs(r, "string")), fits), bin("+", l, r), slow);
      }
      return slow;
    }
    case "<":
    case "<=":
    case ">":
    case ">=": {
      const slow = call(g.helper(CMP_HELPER[e.op]), [l, r, sp]);
      if (!nums) return slow;
      return bothNum.k === "lit" ? bin(e.op, l, r) : cond(bothNum, bin(e.op, l, r), slow);
    }
    case "==":
    case "!=":
      return equality(g, e, l, r);
    default:
      throw new Error(`BUG: operator ${e.op}`);
  }
}

/** `==` (§6.5): for a primitive operand, valuesEqual is exactly `===`. */
function equality(g: Gen, e: ast.Binary, l: JSExpr, r: JSExpr): JSExpr {
  const neg = e.op === "!=";
  const slow = call(g.helper("eq"), [l, r]);
  let r0: JSExpr;
  if (e.left.kind === "NullLit" || e.right.kind === "NullLit") r0 = bin("===", l, r);
  else {
    const prim = primName(g, e.left) ?? primName(g, e.right);
    const side = primName(g, e.left) !== null ? l : r;
    r0 = prim === null ? slow : cond(typeIs(side, prim), bin("===", l, r), slow);
  }
  return neg ? un("!", r0) : r0;
}

function primName(g: Gen, e: ast.Expr): string | null {
  if (staticNumber(g, e)) return "number";
  if (staticString(g, e)) return "string";
  if (e.kind === "BoolLit" || isPrim(g.type(e), "bool")) return "boolean";
  return null;
}

/** `&&` / `||` (§6.8): a deciding bool left operand skips the right one; kinds are checked. */
function logical(g: Gen, e: ast.Binary, left: JSExpr): JSExpr {
  const op = e.op as "&&" | "||";
  if (definitelyBool(e.left) && definitelyBool(e.right)) return bin(op, left, genExpr(g, e.right));
  return g.withTemp("l", (lt) => {
    const pre: JSExpr[] = [];
    const l = operand(g, left, isTrivial(left), pre, lt);
    const decided = op === "&&" ? lit(false) : lit(true);
    const rest = call(g.helper("logicRight"), [str(op), l, genExpr(g, e.right), g.span(e.span)]);
    return seq([...pre, cond(bin("===", l, decided), decided, rest)]);
  });
}

// ---- indexing and members ---------------------------------------------------------------------

/**
 * `a[i]` (§6.4): inline array fast path, else runtime `index` (strings, json, errors); on a
 * static string, the string fast path of the prelude (`$strAt`).
 */
function genIndex(g: Gen, e: ast.Index): JSExpr {
  if (staticString(g, e.target) && g.strings.isFree(e.target)) return freeStringIndex(g, e);
  if (staticString(g, e.target)) {
    return g.withTemp("a", (at) => {
      const pre: JSExpr[] = [];
      const a = operand(g, genExpr(g, e.target), pure(g, e.index), pre, at);
      return seq([...pre, call(g.helper("strAt"), [a, genExpr(g, e.index), g.span(e.span)])]);
    });
  }
  return g.withTemp("a", (at) =>
    g.withTemp("i", (it) => {
      const pre: JSExpr[] = [];
      const a = operand(g, genExpr(g, e.target), pure(g, e.index), pre, at);
      const i = operand(g, genExpr(g, e.index), true, pre, it);
      return seq([...pre, indexRead(g, a, i, e.span)]);
    }),
  );
}

/**
 * `s[i]` on a static string that can hold no surrogate pair (string-facts.ts): code-point
 * index = UTF-16 index, checked inline; any other case is runtime `index` (errors included).
 */
function freeStringIndex(g: Gen, e: ast.Index): JSExpr {
  return g.withTemp("a", (at) =>
    g.withTemp("i", (it) => {
      const pre: JSExpr[] = [];
      const a = operand(g, genExpr(g, e.target), pure(g, e.index), pre, at);
      const i = operand(g, genExpr(g, e.index), true, pre, it);
      const whole = bin("===", bin(">>>", i, num(0)), i);
      const ok = bin("&&", bin("&&", typeIs(a, "string"), whole), bin("<", i, dot(a, "length")));
      return seq([...pre, cond(ok, index(a, i), call(g.helper("index"), [a, i, g.span(e.span)]))]);
    }),
  );
}

/** Fast array read on trivial operands `a`, `i`. */
export function indexRead(g: Gen, a: JSExpr, i: JSExpr, span: ast.Index["span"]): JSExpr {
  return cond(indexOk(g, a, i), index(a, i), call(g.helper("index"), [a, i, g.span(span)]));
}

/** `Array.isArray(a) && (i >>> 0) === i && i < a.length` */
export function indexOk(g: Gen, a: JSExpr, i: JSExpr): JSExpr {
  const whole = bin("===", bin(">>>", i, num(0)), i);
  return bin("&&", bin("&&", call(g.helper("isArray"), [a]), whole), bin("<", i, dot(a, "length")));
}

function genMember(g: Gen, e: ast.Member): JSExpr {
  return g.withTemp("o", (t) => {
    const items: JSExpr[] = [assign(id(t), genExpr(g, e.target))];
    if (e.args !== null) for (const a of e.args) items.push(genExpr(g, a));
    g.fn.usesCalls = true;
    items.push(call(g.helper("jsonMethod"), [id(t), str(e.name.name), g.span(e.span)]));
    return seq(items);
  });
}

// ---- calls ------------------------------------------------------------------------------------

/**
 * A call (§6.7): callee, then arguments, then (after the last argument, so nested calls cannot
 * disturb them) `$s = <span index>` — the call site that fills in errors raised without a
 * location, such as AT0008 on entry to the callee — and for builtins `ctx.callSpan`.
 */
function genCall(g: Gen, e: ast.Call): JSExpr {
  g.fn.usesCalls = true;
  const si = g.spanIdx(e.span);
  const site = assign(id("$s"), num(si));
  const callee = e.callee.kind === "Paren" ? unparen(e.callee) : e.callee;
  const late = !e.args.every(quiet);
  if (callee.kind === "Ident") {
    const r = g.ref(callee);
    if (r.kind === "builtin") {
      const f = id(g.builtinName(r.name));
      // `None()` is accepted as a synonym of `None` (language.md §5.13).
      if (r.name === "None" && e.args.length === 0) return cond(bin("instanceof", f, g.helper("OptionValue")), f, seq([site, call(f, [])]));
      const fast = builtinFastPath(g, r.name, f, e, [site, assign(dot(id("$c"), "callSpan"), g.span(e.span))]);
      if (fast !== null) return fast;
      return direct(g, f, e.args, [site, assign(dot(id("$c"), "callSpan"), g.span(e.span))], late);
    }
    if (r.binding.kind === "fn") return direct(g, g.bindingRef(r.binding), e.args, [site], late);
  }
  return g.withTemp("f", (ft) => {
    const f = id(ft);
    // The callee is checked after the arguments (§6.8); a builtin gets its call span. Inline
    // at each call site, so the property load stays monomorphic (a shared helper's went
    // megamorphic across a program's functions).
    const isFn = bin("===", un("typeof", f), str("function"));
    const isBuiltin = bin("===", dot(f, "atlasKind"), str("builtin"));
    const pre = [
      site,
      bin("||", isFn, call(g.helper("notCallable"), [f, g.span(e.span)])),
      bin("&&", isBuiltin, assign(dot(id("$c"), "callSpan"), g.span(e.span))),
    ];
    const setF = assign(f, genExpr(g, e.callee));
    if (!late && e.args.every((a) => pure(g, a))) return seq([setF, ...pre, call(f, e.args.map((a) => genExpr(g, a)))]);
    return seq([setF, lateCall(g, f, e.args, pre)]);
  });
}

/**
 * `str(n)` on a number and `len(a)` on an array, inlined: exactly what the (protected, never
 * shadowed) builtins return for those kinds, without the call; other kinds call the builtin.
 */
function builtinFastPath(g: Gen, name: string, f: JSExpr, e: ast.Call, pre: JSExpr[]): JSExpr | null {
  if (e.args.length !== 1 || (name !== "str" && name !== "len")) return null;
  const onString = name === "len" && staticString(g, e.args[0]);
  // A string that can hold no surrogate pair (string-facts.ts) counts code points as UTF-16 units.
  const plain = onString && g.strings.isFree(e.args[0]);
  return g.withTemp("x", (t) => {
    const x = id(t);
    const slow = seq([...pre, call(f, [x])]);
    // `len` of a static string counts in place (`$strLen`); of anything else, an array's length.
    const test = name === "str" ? typeIs(x, "number") : onString ? typeIs(x, "string") : call(g.helper("isArray"), [x]);
    const fast = name === "str" ? call(g.helper("formatNumber"), [x]) : onString && !plain ? call(g.helper("strLen"), [x]) : dot(x, "length");
    return seq([assign(x, genExpr(g, e.args[0])), cond(test, fast, slow)]);
  });
}

function unparen(e: ast.Expr): ast.Expr {
  while (e.kind === "Paren") e = e.expr;
  return e;
}

function direct(g: Gen, f: JSExpr, args: readonly ast.Expr[], pre: JSExpr[], late: boolean): JSExpr {
  if (!late) return seq([...pre, call(f, args.map((a) => genExpr(g, a)))]);
  return lateCall(g, f, args, pre);
}

/** `f(a, b, ($t = c, <pre>, $t))`: `pre` runs after every argument was evaluated. */
function lateCall(g: Gen, f: JSExpr, args: readonly ast.Expr[], pre: JSExpr[]): JSExpr {
  if (args.length === 0) return seq([...pre, call(f, [])]);
  const first = args.slice(0, -1).map((a) => genExpr(g, a));
  return g.withTemp("t", (t) => {
    const last = seq([assign(id(t), genExpr(g, args[args.length - 1])), ...pre, id(t)]);
    return call(f, [...first, last]);
  });
}

// ---- match as an expression -------------------------------------------------------------------

/**
 * `match` in expression position (§6.10): `($m = e, test1 && guard1 ? body1 : … : noArm())`.
 * Pattern bindings are declared just before the enclosing statement (fresh per execution of
 * the enclosing block); an arm block becomes a nested function whose value is null.
 */
export function genMatchExpr(g: Gen, e: ast.Match): JSExpr {
  const m = g.fresh("m");
  g.pending.push({ k: "decl", kind: "let", decls: [{ name: m, init: null }] });
  const names: string[] = [];
  for (const arm of e.arms) for (const b of patternBindings(g, arm.pattern)) names.push(g.bindingName(b));
  if (names.length > 0) g.pending.push({ k: "decl", kind: "let", decls: names.map((n) => ({ name: n, init: null })) });
  const scrut = genExpr(g, e.scrutinee);
  let result: JSExpr = call(g.helper("noArm"), [g.span(e.span)]);
  const arms: { test: JSExpr; body: JSExpr }[] = [];
  for (const arm of e.arms) {
    g.pushScope(arm);
    let test = genPatternTest(g, arm.pattern, id(m));
    if (arm.guard !== null) test = bin("&&", test, genCondition(g, arm.guard));
    const body = arm.body.kind === "Block" ? genArmBlockExpr(g, arm, arm.body) : genExpr(g, arm.body);
    g.popScope();
    arms.push({ test, body });
  }
  for (let i = arms.length - 1; i >= 0; i--) result = cond(arms[i].test, arms[i].body, result);
  return seq([assign(id(m), scrut), result]);
}

/** A condition (§6.9): bools only, AT0001 `condition cannot be applied to <kind>` otherwise. */
export function genCondition(g: Gen, e: ast.Expr): JSExpr {
  const v = genExpr(g, e);
  if (definitelyBool(e)) return v;
  return call(g.helper("condition"), [v, g.span(e.span)]);
}
