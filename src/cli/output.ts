// Terminal output for the CLI: synchronous writes to fd 1/2 (program order, language.md
// §13.3.6), diagnostic rendering (human or JSON Lines) and colour, which is used only when
// stderr is a terminal and NO_COLOR is unset (§8.3); the text is otherwise identical.
import { writeSync } from "node:fs";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { renderHuman, renderJson } from "../diagnostics/render.js";

/** Writes all of `text` to a file descriptor, retrying on EAGAIN (non-blocking pipes). */
export function writeAllSync(fd: number, text: string): void {
  if (text === "") return;
  let buf = Buffer.from(text, "utf8");
  let spins = 0;
  while (buf.length > 0) {
    try {
      const n = writeSync(fd, buf);
      buf = buf.subarray(n);
      spins = 0;
    } catch (e) {
      const code = (e as { code?: unknown }).code;
      if (code === "EAGAIN" && spins++ < 100000) continue;
      if (code === "EPIPE") return; // the reader went away: drop output silently
      throw e;
    }
  }
}

/** Whether diagnostics on stderr may be coloured. */
export function useColour(): boolean {
  const noColour = process.env.NO_COLOR;
  if (noColour !== undefined) return false;
  return process.stderr.isTTY === true;
}

const RESET = "\x1b[0m";
const BOLD = "\x1b[1m";
const RED = "\x1b[31m";
const YELLOW = "\x1b[33m";
const BLUE = "\x1b[34m";

/** Adds ANSI colour to a human-format diagnostic without changing its text. */
export function colourise(rendered: string): string {
  const lines = rendered.split("\n");
  const head = /^(error|warning)(\[AT\d+\])(:.*)$/.exec(lines[0] ?? "");
  const accent = head?.[1] === "warning" ? YELLOW : RED;
  if (head) lines[0] = `${BOLD}${accent}${head[1]}${head[2]}${RESET}${BOLD}${head[3]}${RESET}`;
  for (let i = 1; i < lines.length; i++) {
    const l = lines[i];
    let m = /^(\s*)(-->)(.*)$/.exec(l);
    if (m) {
      lines[i] = `${m[1]}${BLUE}${m[2]}${RESET}${m[3]}`;
      continue;
    }
    m = /^(\s*\d*\s*\|)( ?)([\s]*)(\^+)(.*)$/.exec(l);
    if (m) {
      lines[i] = `${BLUE}${m[1]}${RESET}${m[2]}${m[3]}${accent}${m[4]}${m[5]}${RESET}`;
      continue;
    }
    m = /^(\s*\d*\s*\|)(.*)$/.exec(l);
    if (m) {
      lines[i] = `${BLUE}${m[1]}${RESET}${m[2]}`;
      continue;
    }
    m = /^(\s*)(= (?:help|note):)(.*)$/.exec(l);
    if (m) lines[i] = `${m[1]}${BOLD}${m[2]}${RESET}${m[3]}`;
  }
  return lines.join("\n");
}

export interface DiagnosticFormat {
  json: boolean;
  colour: boolean;
}

/** Renders one diagnostic as written to stderr: JSON Lines, or the human format (+ empty line). */
export function formatDiagnostic(d: Diagnostic, fmt: DiagnosticFormat): string {
  if (fmt.json) return renderJson(d) + "\n";
  const text = renderHuman(d);
  return fmt.colour ? colourise(text) : text;
}

/** A one-line description of a thrown value, never a stack trace. */
export function describeException(e: unknown): string {
  if (e instanceof Error) {
    const msg = e.message.split("\n")[0];
    return e instanceof RangeError && /call stack/i.test(msg) ? "host stack exhausted" : msg || e.name;
  }
  if (typeof e === "object" && e !== null && "message" in e) return String((e as { message: unknown }).message);
  return String(e);
}

/** The AT9995 report for an unexpected host exception (human format). */
export function internalFailureText(e: unknown, json = false): string {
  const message = `Internal error: ${describeException(e)}`;
  if (json) {
    const rec = { diag_version: 1, level: "error", code: "AT9995", message, file: "", line: 0, column: 0, length: 0, snippet: "", label: "" };
    return JSON.stringify(rec) + "\n";
  }
  return `error[AT9995]: ${message}\n\n`;
}
