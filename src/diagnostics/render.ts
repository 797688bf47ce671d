// Rendering of diagnostics at the edge: the human format (language.md §8.3) and JSON Lines
// (§8.4), plus the report order of §8.5. Colour is applied by the caller, never here.
import type { Diagnostic } from "./diagnostic.js";
import { spanLength } from "./span.js";

/** The §8.1 record, keys in the specified order. */
export interface DiagnosticRecord {
  diag_version: 1;
  level: "error" | "warning";
  code: string;
  message: string;
  file: string;
  line: number;
  column: number;
  length: number;
  snippet: string;
  label: string;
  notes?: string[];
  related?: { file: string; line: number; column: number; length: number; message: string }[];
  help?: string;
}

export function toRecord(d: Diagnostic): DiagnosticRecord {
  let file = "";
  let line = 0;
  let column = 0;
  let length = 0;
  let snippet = "";
  if (d.span) {
    const pos = d.span.file.position(d.span.start);
    file = d.span.file.path;
    line = pos.line;
    column = pos.column;
    length = spanLength(d.span);
    snippet = d.span.file.lineText(line);
  }
  const rec: DiagnosticRecord = {
    diag_version: 1,
    level: d.severity,
    code: d.code,
    message: d.message,
    file,
    line,
    column,
    length,
    snippet,
    label: d.label,
  };
  if (d.notes.length > 0) rec.notes = [...d.notes];
  if (d.related.length > 0) {
    rec.related = d.related.map((r) => {
      const p = r.span.file.position(r.span.start);
      return { file: r.span.file.path, line: p.line, column: p.column, length: spanLength(r.span), message: r.message };
    });
  }
  if (d.help !== undefined) rec.help = d.help;
  return rec;
}

/** One compact JSON object, no trailing newline. */
export function renderJson(d: Diagnostic): string {
  return JSON.stringify(toRecord(d));
}

/** The human format of §8.3, including the trailing empty line. */
export function renderHuman(d: Diagnostic): string {
  const r = toRecord(d);
  const out: string[] = [`${r.level}[${r.code}]: ${r.message}`];
  const w = Math.max(2, String(r.line).length);
  const pad = " ".repeat(w + 1);
  if (d.span) {
    out.push(`${" ".repeat(w)}--> ${r.file}:${r.line}:${r.column}`);
    if (r.snippet !== "") {
      const { padding, chars } = caretPadding(r.snippet, r.column);
      const carets = Math.max(1, Math.min(r.length, chars - (r.column - 1)));
      out.push(`${pad}|`);
      out.push(`${String(r.line).padStart(w)} | ${r.snippet}`);
      out.push(`${pad}| ${padding}${"^".repeat(carets)}${r.label !== "" ? " " + r.label : ""}`);
    }
  }
  for (const n of r.notes ?? []) out.push(`${pad}= note: ${n}`);
  for (const rel of r.related ?? []) {
    out.push(`${pad}= note: related location at ${rel.file}:${rel.line}:${rel.column}: ${rel.message}`);
  }
  if (r.help !== undefined) out.push(`${pad}= help: ${r.help}`);
  return out.join("\n") + "\n\n";
}

/**
 * The padding before the carets (a tab where the snippet has one, else a space, for each of
 * the first `column - 1` chars) and the snippet's length in chars. Linear in the snippet.
 */
function caretPadding(snippet: string, column: number): { padding: string; chars: number } {
  let padding = "";
  let chars = 0;
  for (const c of snippet) {
    if (chars < column - 1) padding += c === "\t" ? "\t" : " ";
    chars++;
  }
  return { padding, chars };
}

/** Report order (§8.5): errors before warnings, then file, line, column, detection order. */
export function sortDiagnostics(ds: readonly Diagnostic[]): Diagnostic[] {
  const keyed = ds.map((d, i) => {
    const pos = d.span ? d.span.file.position(d.span.start) : { line: 0, column: 0 };
    return { d, i, file: d.span ? d.span.file.path : "", line: pos.line, column: pos.column };
  });
  keyed.sort((a, b) => {
    const sa = a.d.severity === "error" ? 0 : 1;
    const sb = b.d.severity === "error" ? 0 : 1;
    if (sa !== sb) return sa - sb;
    if (a.file !== b.file) return a.file < b.file ? -1 : 1;
    if (a.line !== b.line) return a.line - b.line;
    if (a.column !== b.column) return a.column - b.column;
    return a.i - b.i;
  });
  return keyed.map((k) => k.d);
}
