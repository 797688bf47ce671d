// Diagnostics of module loading and name resolution (language.md §5.1–§5.3, §5.14, §9, §8.6),
// with the spec's texts verbatim. Only message construction lives here, no logic.
import { errorDiag, warningDiag, type Diagnostic } from "../diagnostics/diagnostic.js";
import type { Span } from "../diagnostics/span.js";

function firstDefined(name: string, first: Span | null): { related: { span: Span; message: string }[] } {
  return { related: first ? [{ span: first, message: `'${name}' first defined here` }] : [] };
}

/** AT2002 (error) `Unknown symbol 'x'`. */
export function unknownSymbol(name: string, span: Span): Diagnostic {
  return errorDiag("AT2002", `Unknown symbol '${name}'`, span, {
    label: "undefined variable",
    help: `declare '${name}' before using it, or check for typos`,
  });
}

/** AT2003 for a value name; the later declaration's kind decides the message (§13.2.5). */
export function redeclared(isFunction: boolean, name: string, span: Span, first: Span | null): Diagnostic {
  const msg = isFunction ? `Function '${name}' is already defined` : `Symbol '${name}' is already defined in this scope`;
  return errorDiag("AT2003", msg, span, { label: "redeclaration", ...firstDefined(name, first) });
}

export function duplicateTypeParam(name: string, span: Span, first: Span | null): Diagnostic {
  return errorDiag("AT2003", `Duplicate type parameter '${name}'`, span, {
    label: "redeclaration",
    ...firstDefined(name, first),
  });
}

export function duplicateTypeAlias(name: string, span: Span, first: Span | null): Diagnostic {
  return errorDiag("AT2003", `Type alias '${name}' already defined`, span, {
    label: "redeclaration",
    ...firstDefined(name, first),
  });
}

/** AT1012 */
export function shadowsProtectedBuiltin(name: string, span: Span): Diagnostic {
  return errorDiag("AT1012", `Cannot shadow prelude builtin '${name}' in global scope`, span, {
    label: "shadows prelude builtin",
  });
}

/** AT5001 */
export function invalidModulePath(spec: string, span: Span): Diagnostic {
  return errorDiag("AT5001", `Invalid module path: '${spec}'. Paths must start with './', '../', or '/'`, span);
}

/** AT5002 (span: the specifier string; null for an unreadable entry file). */
export function moduleNotFound(spec: string, span: Span | null): Diagnostic {
  return errorDiag("AT5002", `Module not found: '${spec}'`, span);
}

/** AT5003, `chain` = display paths from the first module of the cycle back to itself. */
export function circularDependency(chain: string[], span: Span): Diagnostic {
  return errorDiag("AT5003", "Circular dependency detected", span, { label: `cycle: ${chain.join(" -> ")}` });
}

/** AT5006 (span: the imported name). */
export function notExported(spec: string, name: string, span: Span): Diagnostic {
  return errorDiag("AT5006", `Module '${spec}' does not export '${name}'`, span);
}

/** AT5007 (span: the import declaration). */
export function namespaceImport(span: Span): Diagnostic {
  return errorDiag("AT5007", "Namespace imports not yet supported", span);
}

/** AT5009 (span: the import declaration). */
export function replImport(span: Span): Diagnostic {
  return errorDiag("AT5009", "Import declarations are not supported in the REPL", span);
}

/** AT2001 warning (span: the name). */
export function unusedBinding(isParam: boolean, name: string, span: Span): Diagnostic {
  return warningDiag("AT2001", isParam ? `Unused parameter '${name}'` : `Unused variable '${name}'`, span, {
    label: "declared here but never used",
    help: `remove the variable or prefix with underscore: _${name}`,
  });
}

/** AT2002 warning (span: the unreachable statement). */
export function unreachableCode(span: Span): Diagnostic {
  return warningDiag("AT2002", "Unreachable code", span, {
    label: "this code will never execute",
    help: "remove this code or restructure your control flow",
  });
}

/** AT9995 for an internal bug caught at the front end's edge. */
export function internalError(detail: string): Diagnostic {
  return errorDiag("AT9995", `Internal error: ${detail}`, null);
}
