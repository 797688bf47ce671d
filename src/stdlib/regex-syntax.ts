// The Atlas pattern language (stdlib.md §10.1, §10.2) translated to a JavaScript RegExp source:
// flag validation, the leading Rust inline flag group `(?ims)`, `(?P<name>…)` → `(?<name>…)`,
// the `x` (extended) flag, rejection of other inline flag groups, and the capture-group table
// (names by group number) that replacement strings and regexCapturesNamed need.

/** A pattern ready for `new RegExp(source, "gu" + flags)`. */
export interface CompiledPattern {
  readonly source: string;
  /** The JS flags besides `g` and `u`: a subset of `ims`, in that order. */
  readonly flags: string;
  /** Capture groups by number (index 0 is the whole match, always null): name or null. */
  readonly groupNames: readonly (string | null)[];
}

export type PatternResult = { readonly ok: true; readonly value: CompiledPattern } | { readonly ok: false; readonly error: string };

const FLAG_CHARS = "imsx";
/** One leading Rust inline flag group, e.g. `(?i)` or `(?ms)` (§10.1.2). */
const LEADING_FLAGS = /^\(\?([imsx]+)\)/;

/** ASCII white space removed by the `x` flag: U+0009–U+000D and U+0020. */
function isAsciiSpace(c: string): boolean {
  return c === " " || (c >= "\t" && c <= "\r");
}

/** The first flag character outside `imsx`, or null. */
export function invalidFlag(flags: string): string | null {
  for (const c of flags) if (!FLAG_CHARS.includes(c)) return c;
  return null;
}

/** `Invalid regular expression: /<pattern>/: <reason>` — the pattern as the user wrote it. */
export function syntaxMessage(pattern: string, reason: string): string {
  return `Invalid regular expression: /${pattern}/: ${reason}`;
}

/**
 * Decodes the `\uXXXX` / `\u{X…}` escapes a JS group name may contain. An escape beyond
 * U+10FFFF (`(?<a\u{110000}>x)`) is kept as written: the engine then rejects the pattern with
 * its own syntax error, instead of `String.fromCodePoint` throwing a RangeError here.
 */
function decodeGroupName(raw: string): string {
  return raw.replace(/\\u\{([0-9a-fA-F]+)\}|\\u([0-9a-fA-F]{4})/g, (m, a: string | undefined, b: string | undefined) => {
    const cp = parseInt(a ?? b ?? "0", 16);
    return cp <= 0x10ffff ? String.fromCodePoint(cp) : m;
  });
}

/**
 * Scans a pattern with the structure JS sees: escapes (`\c`), character classes (`[…]`, no
 * nesting in Unicode mode) and everything else. Subclasses decide what to emit.
 */
abstract class Scanner {
  protected out = "";
  protected i = 0;
  private inClass = false;

  constructor(protected readonly p: string) {}

  /** The rewritten pattern, or an error reason. */
  run(): { source: string } | { reason: string } {
    const p = this.p;
    while (this.i < p.length) {
      const c = p[this.i];
      if (c === "\\") {
        this.escape(p[this.i + 1]);
      } else if (this.inClass) {
        if (c === "]") this.inClass = false;
        this.emit(c);
      } else if (c === "[") {
        this.inClass = true;
        this.emit(c);
      } else {
        const reason = this.outside(c);
        if (reason !== null) return { reason };
      }
    }
    return { source: this.out };
  }

  protected emit(s: string): void {
    this.out += s;
    this.i += s.length;
  }

  /** A backslash followed by `next` (undefined at the end of the pattern). */
  protected escape(next: string | undefined): void {
    this.emit(next === undefined ? "\\" : "\\" + next);
  }

  /** A character outside classes and escapes; returns an error reason or null. */
  protected abstract outside(c: string): string | null;
}

/**
 * The `x` flag (§10.2): removes unescaped ASCII white space and `#` comments (to the next line
 * feed) outside character classes; an escaped white space or `#` becomes that literal
 * character (Unicode-mode JS rejects `\ ` and `\#`). Runs before group translation, so
 * `( ?:…)` is seen as `(?:…)` there, exactly as JS will see it.
 */
class ExtendedStripper extends Scanner {
  protected override escape(next: string | undefined): void {
    if (next !== undefined && (isAsciiSpace(next) || next === "#")) {
      this.out += next;
      this.i += 2;
    } else {
      super.escape(next);
    }
  }

  protected outside(c: string): string | null {
    if (isAsciiSpace(c)) this.i++;
    else if (c === "#") {
      while (this.i < this.p.length && this.p[this.i] !== "\n") this.i++;
    } else this.emit(c);
    return null;
  }
}

/**
 * Group translation: `(?P<name>` → `(?<name>`; other `(?` forms than `(?:`, `(?=`, `(?!`,
 * `(?<=`, `(?<!`, `(?<name>` are rejected (inline flag groups such as `(?i)` in the middle,
 * `(?i:…)`, `(?-i)`); records the capture groups in order. Everything else that is invalid
 * is left for the JS compiler to report.
 */
class GroupTranslator extends Scanner {
  readonly groupNames: (string | null)[] = [null];

  protected outside(c: string): string | null {
    if (c === "(") return this.group();
    this.emit(c);
    return null;
  }

  private group(): string | null {
    const rest = this.p.slice(this.i, this.i + 4);
    if (!rest.startsWith("(?")) {
      this.groupNames.push(null);
      this.emit("(");
      return null;
    }
    if (/^\(\?[:=!]/.test(rest) || rest.startsWith("(?<=") || rest.startsWith("(?<!")) {
      this.emit(rest.slice(0, rest[2] === "<" ? 4 : 3));
      return null;
    }
    let head: string;
    if (rest.startsWith("(?<")) head = "(?<";
    else if (rest.startsWith("(?P<")) head = "(?P<";
    else return "Invalid group";
    const close = this.p.indexOf(">", this.i + head.length);
    const raw = close < 0 ? this.p.slice(this.i + head.length) : this.p.slice(this.i + head.length, close);
    this.groupNames.push(decodeGroupName(raw));
    this.out += "(?<" + raw + (close < 0 ? "" : ">");
    this.i = close < 0 ? this.p.length : close + 1;
    return null;
  }
}

/**
 * Validates the flags of `regexNewWithFlags` and translates an Atlas pattern into a JS RegExp
 * source. Errors are the `Err` texts of regexNew; the JS compiler reports the remaining ones.
 */
export function translatePattern(pattern: string, flags: string): PatternResult {
  const bad = invalidFlag(flags);
  if (bad !== null) return { ok: false, error: `Invalid regex flag: '${bad}'` };
  let body = pattern;
  let all = flags;
  const lead = LEADING_FLAGS.exec(pattern);
  if (lead !== null) {
    all += lead[1];
    body = pattern.slice(lead[0].length);
  }
  if (all.includes("x")) {
    const stripped = new ExtendedStripper(body).run();
    if ("source" in stripped) body = stripped.source; // the stripper never fails
  }
  const t = new GroupTranslator(body);
  const r = t.run();
  if ("reason" in r) return { ok: false, error: syntaxMessage(pattern, r.reason) };
  const jsFlags = ["i", "m", "s"].filter((f) => all.includes(f)).join("");
  return { ok: true, value: { source: r.source, flags: jsFlags, groupNames: t.groupNames } };
}

/** Extracts the engine's reason from a RegExp SyntaxError (`Invalid regular expression: /…/iu: <reason>`). */
export function engineReason(message: string): string {
  const m = /^Invalid regular expression: \/[\s\S]*\/[a-z]*: ([\s\S]*)$/.exec(message);
  return m === null ? message : m[1];
}
