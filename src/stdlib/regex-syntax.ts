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

/** Decodes the `\uXXXX` / `\u{X…}` escapes a JS group name may contain. */
function decodeGroupName(raw: string): string {
  return raw.replace(/\\u\{([0-9a-fA-F]+)\}|\\u([0-9a-fA-F]{4})/g, (_m, a: string | undefined, b: string | undefined) =>
    String.fromCodePoint(parseInt(a ?? b ?? "0", 16)),
  );
}

/**
 * Rewrites the pattern body (after the leading flag group) into JS syntax, recording capture
 * groups. Returns an error reason for constructs JS must not see (`(?i)` in the middle,
 * `(?i:…)`, `(?-i)`); everything else that is invalid is left for the JS compiler to report.
 */
class Translator {
  private out = "";
  private i = 0;
  private inClass = false;
  readonly groupNames: (string | null)[] = [null];

  constructor(
    private readonly p: string,
    private readonly extended: boolean,
  ) {}

  run(): string | null {
    const p = this.p;
    while (this.i < p.length) {
      const c = p[this.i];
      if (c === "\\") this.escape();
      else if (this.inClass) {
        if (c === "]") this.inClass = false;
        this.emit(c);
      } else if (c === "[") {
        this.inClass = true;
        this.emit(c);
      } else if (this.extended && isAsciiSpace(c)) {
        this.i++;
      } else if (this.extended && c === "#") {
        while (this.i < p.length && p[this.i] !== "\n") this.i++;
      } else if (c === "(") {
        const err = this.group();
        if (err !== null) return err;
      } else {
        this.emit(c);
      }
    }
    return null;
  }

  get source(): string {
    return this.out;
  }

  private emit(s: string): void {
    this.out += s;
    this.i += s.length;
  }

  /** `\c`: copied as is, except that the `x` flag makes `\<space>` and `\#` literal. */
  private escape(): void {
    const next = this.p[this.i + 1];
    if (next === undefined) return this.emit("\\");
    if (this.extended && (isAsciiSpace(next) || next === "#")) {
      this.out += next;
      this.i += 2;
      return;
    }
    this.emit("\\" + next);
  }

  /** `(`, `(?:`, `(?=`, `(?!`, `(?<=`, `(?<!`, `(?<name>`, `(?P<name>`; anything else errs. */
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
 * Translates an Atlas pattern with the flags of `regexNewWithFlags` (already validated) into
 * a JS RegExp source. Errors are the `Err` texts of regexNew.
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
  const t = new Translator(body, all.includes("x"));
  const reason = t.run();
  if (reason !== null) return { ok: false, error: syntaxMessage(pattern, reason) };
  const jsFlags = ["i", "m", "s"].filter((f) => all.includes(f)).join("");
  return { ok: true, value: { source: t.source, flags: jsFlags, groupNames: t.groupNames } };
}

/** Extracts the engine's reason from a RegExp SyntaxError (`Invalid regular expression: /…/iu: <reason>`). */
export function engineReason(message: string): string {
  const m = /^Invalid regular expression: \/[\s\S]*\/[a-z]*: ([\s\S]*)$/.exec(message);
  return m === null ? message : m[1];
}
