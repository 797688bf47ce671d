// A static bound on a checked program's host-stack needs, used by the CLI to run small
// programs on the main thread instead of starting a big-stack Worker (language.md §6.7 asks
// for 10,000 activations; a program that provably never nests more than a few dozen does not
// need a special stack). Conservative: anything it cannot bound gives null ("use the worker").
//
// Activations are started by direct calls of named functions, by builtins calling function
// values (callbacks, tasks, timers) and by the scheduler; resumed async bodies start at depth 1.
// So when every call in the program is a direct call of a named function or of a builtin, the
// activation depth is bounded by the longest path in the graph
//   owner → directly called function, and owner → every function value that may exist,
//   for owners that call a builtin,
// provided that graph has no cycle. `let f = fn…; f()`, calling a parameter, an array element
// or a call's result are indirect calls: no bound.
import type { CheckedProgram } from "../check/program.js";
import type * as ast from "../syntax/ast.js";

export interface StackBound {
  /** Longest possible chain of simultaneously active Atlas functions. */
  readonly activations: number;
  /** Deepest AST nesting (left-nested operator chains included). */
  readonly nesting: number;
}

type Owner = ast.Program | ast.FnDecl | ast.FnExpr;

interface OwnerInfo {
  readonly direct: Set<Owner>;
  callsBuiltin: boolean;
}

/** Largest number of functions considered (beyond, the program is not "small"). */
const MAX_FUNCTIONS = 2000;

/** The bound for `program`, or null when it has no (cheap) static bound. */
export function stackBound(program: CheckedProgram): StackBound | null {
  const owners = new Map<Owner, OwnerInfo>();
  const escaping = new Set<Owner>();
  const pending: Owner[] = program.modules.map((m) => m.ast);
  let nesting = 0;
  while (pending.length > 0) {
    const owner = pending.pop() as Owner;
    if (owners.has(owner)) continue;
    if (owners.size > MAX_FUNCTIONS) return null;
    const info: OwnerInfo = { direct: new Set(), callsBuiltin: false };
    owners.set(owner, info);
    const walked = walkOwner(program, owner, info, escaping, pending);
    if (walked === null) return null;
    nesting = Math.max(nesting, walked);
  }
  const activations = longestChain(program, owners, escaping);
  return activations === null ? null : { activations, nesting };
}

/** Direct children of a node: every field holding a node or an array of nodes (spans skipped). */
function children(node: object): object[] {
  const out: object[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (key === "span") continue;
    if (Array.isArray(value)) {
      for (const v of value) {
        if (isNode(v)) out.push(v);
        else if (v !== null && typeof v === "object") {
          // StructType members are { name, type } records without a kind.
          for (const inner of Object.values(v as object)) if (isNode(inner)) out.push(inner);
        }
      }
    } else if (isNode(value)) out.push(value);
  }
  return out;
}

function isNode(v: unknown): v is { kind: string } {
  return v !== null && typeof v === "object" && typeof (v as { kind?: unknown }).kind === "string";
}

/**
 * Walks one owner's code (not the bodies of functions nested in it, which are queued as owners
 * of their own). Records direct calls, builtin calls and escaping function values; returns the
 * deepest nesting seen, or null on an indirect call.
 */
function walkOwner(
  program: CheckedProgram,
  owner: Owner,
  info: OwnerInfo,
  escaping: Set<Owner>,
  pending: Owner[],
): number | null {
  let deepest = 0;
  const stack: { node: object; depth: number }[] = [];
  const start = owner.kind === "Program" ? owner.body : [owner.body];
  for (const n of start) stack.push({ node: n, depth: 1 });
  while (stack.length > 0) {
    const { node, depth } = stack.pop() as { node: object; depth: number };
    if (depth > deepest) deepest = depth;
    const n = node as ast.Node;
    if (n.kind === "FnDecl" || n.kind === "FnExpr") {
      pending.push(n);
      if (n.kind === "FnExpr") escaping.add(n);
      continue;
    }
    let skip: object | null = null;
    if (n.kind === "Call") {
      const target = callTarget(program, n.callee);
      if (target === null) return null;
      if (target === "builtin") info.callsBuiltin = true;
      else info.direct.add(target);
      if (n.callee.kind === "Ident") skip = n.callee;
    } else if (n.kind === "Ident") {
      const ref = program.refs.get(n);
      if (ref !== undefined && ref.kind !== "builtin" && ref.binding.kind === "fn" && ref.binding.fn !== undefined) {
        escaping.add(ref.binding.fn);
        pending.push(ref.binding.fn);
      }
    }
    for (const c of children(node)) if (c !== skip) stack.push({ node: c, depth: depth + 1 });
  }
  return deepest;
}

/** What a call's callee is: a named function, a builtin, or null (indirect). */
function callTarget(program: CheckedProgram, callee: ast.Expr): Owner | "builtin" | null {
  if (callee.kind !== "Ident") return null;
  const ref = program.refs.get(callee);
  if (ref === undefined) return null;
  if (ref.kind === "builtin") return "builtin";
  if (ref.binding.kind === "fn" && ref.binding.fn !== undefined) return ref.binding.fn;
  return null;
}

/** Longest chain of function activations from any module's top level; null on a cycle. */
function longestChain(program: CheckedProgram, owners: Map<Owner, OwnerInfo>, escaping: Set<Owner>): number | null {
  const memo = new Map<Owner, number>();
  const active = new Set<Owner>();
  const succ = (o: Owner): Owner[] => {
    const info = owners.get(o);
    if (info === undefined) return [];
    return info.callsBuiltin ? [...info.direct, ...escaping] : [...info.direct];
  };
  // Iterative post-order DFS (function count is bounded, but keep the host stack flat).
  const depthOf = (root: Owner): number | null => {
    const stack: { o: Owner; next: Owner[]; i: number }[] = [{ o: root, next: succ(root), i: 0 }];
    active.add(root);
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      if (top.i < top.next.length) {
        const c = top.next[top.i++];
        if (memo.has(c)) continue;
        if (active.has(c)) return null; // a cycle: unbounded recursion is possible
        active.add(c);
        stack.push({ o: c, next: succ(c), i: 0 });
        continue;
      }
      let best = 0;
      for (const c of top.next) best = Math.max(best, memo.get(c) ?? 0);
      memo.set(top.o, best + (top.o.kind === "Program" ? 0 : 1));
      active.delete(top.o);
      stack.pop();
    }
    return memo.get(root) ?? 0;
  };
  let longest = 0;
  for (const m of program.modules) {
    const d = depthOf(m.ast);
    if (d === null) return null;
    longest = Math.max(longest, d);
  }
  // Callbacks started by the scheduler (tasks, timers) begin at depth 1 from escaping values.
  for (const f of escaping) {
    const d = depthOf(f);
    if (d === null) return null;
    longest = Math.max(longest, d);
  }
  return longest;
}
