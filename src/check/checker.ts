// Type checker entry (language.md §4–§5): checks every module of a resolved program in
// execution order and returns expression types and AT3xxx/AT9999 diagnostics. Warnings are the
// resolver's. REPL inputs read and extend SessionTypes.
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type * as ast from "../syntax/ast.js";
import type { BuiltinTable } from "./builtin-types.js";
import { Checker, NEVER_NARROWED, newFnCtx, newSessionTypes, type CheckInput, type SessionTypes } from "./check-context.js";
import { drainDeferred } from "./check-fn.js";
import { checkStmtList } from "./check-stmt.js";
import { walk } from "./flow.js";
import type { Binding } from "./program.js";
import type { Type } from "./types.js";

export { newSessionTypes, type SessionTypes, type CheckInput };
export { displayType } from "./types.js";

export interface CheckResult {
  readonly types: Map<ast.Expr, Type>;
  readonly diagnostics: Diagnostic[];
}

/**
 * Type-checks a resolved program. With a session (REPL), types of bindings from earlier inputs
 * are read from it, and — only when this input has no errors — the new ones are added.
 */
export function checkProgram(input: CheckInput, builtins: BuiltinTable, session?: SessionTypes): CheckResult {
  const c = new Checker(input, builtins, session);
  for (const m of input.modules) findNeverNarrowed(c, m.ast);
  c.aliases.resolveAll();
  input.modules.forEach((m, i) => {
    c.moduleIndex = i;
    c.fn = newFnCtx(null, false, null);
    c.frames = [];
    c.typeScopes = [];
    checkStmtList(c, m.ast.body);
    drainDeferred(c);
  });
  const ok = !c.bag.hasErrors;
  for (const [b, t] of c.bindingTypes) {
    if (b.scope.moduleIndex < 0) continue;
    input.repl?.bindingTypes.set(b, t);
    if (session && ok) session.bindings.set(b, t);
  }
  if (ok) {
    for (const b of c.neverNarrow) {
      NEVER_NARROWED.add(b);
      session?.neverNarrow.add(b);
    }
  }
  return { types: c.types, diagnostics: c.bag.items };
}

/** §5.12: a `var` assigned inside a function body nested in its declaring function is never narrowed. */
function findNeverNarrowed(c: Checker, program: ast.Program): void {
  const declaredIn = new Map<Binding, ast.Node | null>();
  const assigned: [Binding, ast.Node | null][] = [];
  walk(program, (n, owner) => {
    if (n.kind === "VarDecl") {
      const b = c.input.decls.get(n);
      if (b) declaredIn.set(b, owner);
    } else if ((n.kind === "Assign" || n.kind === "CompoundAssign" || n.kind === "IncDec") && n.target.kind === "Ident") {
      const ref = c.input.refs.get(n.target);
      if (ref && ref.kind !== "builtin") assigned.push([ref.binding, owner]);
    }
    return true;
  });
  for (const [b, owner] of assigned) {
    if (b.kind !== "var") continue;
    const home = declaredIn.has(b) ? declaredIn.get(b) : null;
    if (home !== owner) c.neverNarrow.add(b);
  }
}
