// Diagnostic records (language.md §8.1) and the bag that collects them. Phases add to a bag
// and never throw; rendering happens at the edge (render.ts).
import type { Span } from "./span.js";

export type Severity = "error" | "warning";

export interface Related {
  readonly span: Span;
  readonly message: string;
}

export interface Diagnostic {
  readonly severity: Severity;
  /** "AT1002" … */
  readonly code: string;
  readonly message: string;
  /** null only for diagnostics with no source location (rare: CLI-level failures). */
  readonly span: Span | null;
  /** Text after the carets; may be empty. */
  readonly label: string;
  readonly notes: readonly string[];
  readonly related: readonly Related[];
  readonly help?: string;
}

export interface DiagOptions {
  label?: string;
  notes?: string[];
  related?: Related[];
  help?: string;
}

export function makeDiag(
  severity: Severity,
  code: string,
  message: string,
  span: Span | null,
  opts: DiagOptions = {},
): Diagnostic {
  const d: Diagnostic = {
    severity,
    code,
    message,
    span,
    label: opts.label ?? "",
    notes: opts.notes ?? [],
    related: opts.related ?? [],
    ...(opts.help !== undefined ? { help: opts.help } : {}),
  };
  return d;
}

export function errorDiag(code: string, message: string, span: Span | null, opts: DiagOptions = {}): Diagnostic {
  return makeDiag("error", code, message, span, opts);
}

export function warningDiag(code: string, message: string, span: Span | null, opts: DiagOptions = {}): Diagnostic {
  return makeDiag("warning", code, message, span, opts);
}

/** Collects diagnostics of one phase. Never throws. */
export class DiagnosticBag {
  readonly items: Diagnostic[] = [];

  add(d: Diagnostic): void {
    this.items.push(d);
  }

  error(code: string, message: string, span: Span | null, opts: DiagOptions = {}): void {
    this.items.push(errorDiag(code, message, span, opts));
  }

  warning(code: string, message: string, span: Span | null, opts: DiagOptions = {}): void {
    this.items.push(warningDiag(code, message, span, opts));
  }

  get hasErrors(): boolean {
    return this.items.some((d) => d.severity === "error");
  }

  /** Removes and returns everything added after `mark` (speculative checking of overloads). */
  truncate(mark: number): Diagnostic[] {
    return this.items.splice(mark);
  }

  get size(): number {
    return this.items.length;
  }
}
