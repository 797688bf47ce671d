// Regular-expression builtins (stdlib.md §10): the Regex handle, matching with code-point
// offsets (§10.3), replacement strings expanded here rather than by String.replace (§10.4),
// and every function of §10.5. Pattern translation lives in regex-syntax.ts.
import { defineFn } from "./define.js";
import { InternalBug } from "../runtime/errors.js";
import { ARRAY_LIMIT, STRING_LIMIT, tooLarge } from "../runtime/capacity.js";
import { hasSurrogates } from "../runtime/codepoints.js";
import { Handle, NONE, err, ok, some, type AtlasFunction, type Value } from "../runtime/values.js";
import { expected, func, num, str } from "./validate.js";
import { HashMapValue } from "./collections-common.js";
import { engineReason, syntaxMessage, translatePattern, type CompiledPattern } from "./regex-syntax.js";

/** A compiled regex (typeof "regex"); Display shows the pattern as given. */
export class RegexValue extends Handle {
  readonly typeName = "regex";

  constructor(
    readonly pattern: string,
    /** Global + unicode; `lastIndex` is set before every use (never shared across calls). */
    readonly re: RegExp,
    readonly groupNames: readonly (string | null)[],
  ) {
    super();
  }

  display(): string {
    return `<Regex /${this.pattern}/>`;
  }

  /**
   * The text of named group `name` in match `m`: the first participating group of that name
   * (engines that allow a name in several alternatives), or undefined.
   */
  named(m: RegExpExecArray, name: string): string | undefined {
    for (let i = 1; i < this.groupNames.length; i++) {
      if (this.groupNames[i] === name && m[i] !== undefined) return m[i];
    }
    return undefined;
  }
}

function regexArg(fn: string, v: Value | undefined): RegexValue {
  if (!(v instanceof RegexValue)) throw expected(fn, "Regex", v);
  return v;
}

// ---- Compiling (§10.1, §10.2) ---------------------------------------------------------------

type Compiled = { ok: true; pattern: CompiledPattern } | { ok: false; error: string };

/** Small cache of translations + validity (regexTest in a loop compiles the same pattern). */
const CACHE = new Map<string, Compiled>();
const CACHE_SIZE = 256;

function compile(pattern: string, flags: string): Compiled {
  const key = `${flags.length}:${flags}${pattern}`;
  const hit = CACHE.get(key);
  if (hit !== undefined) return hit;
  const result = compileUncached(pattern, flags);
  if (CACHE.size >= CACHE_SIZE) CACHE.clear();
  CACHE.set(key, result);
  return result;
}

function compileUncached(pattern: string, flags: string): Compiled {
  const t = translatePattern(pattern, flags);
  if (!t.ok) return t;
  const p = t.value;
  try {
    new RegExp(p.source, "u" + p.flags);
  } catch (e) {
    if (e instanceof SyntaxError) return { ok: false, error: syntaxMessage(pattern, engineReason(e.message)) };
    throw e;
  }
  // A valid pattern followed by `|` always matches "" and reports every group.
  checkGroupTable(p, new RegExp(p.source + "|", "u" + p.flags).exec(""));
  return { ok: true, pattern: p };
}

/** The translator's group table must agree with the engine's (else a translator bug). */
function checkGroupTable(p: CompiledPattern, probe: RegExpExecArray | null): void {
  const names = [...new Set(p.groupNames.filter((n): n is string => n !== null))];
  const engineNames = probe?.groups === undefined ? [] : Object.keys(probe.groups);
  if (probe === null || probe.length !== p.groupNames.length || names.join("\u0000") !== engineNames.join("\u0000")) {
    throw new InternalBug(`regex group table mismatch for /${p.source}/`);
  }
}

function newRegex(pattern: string, flags: string): RegexValue | string {
  const c = compile(pattern, flags);
  if (!c.ok) return c.error;
  return new RegexValue(pattern, new RegExp(c.pattern.source, "gu" + c.pattern.flags), c.pattern.groupNames);
}

/** Prefixes `\` to each of `\ ^ $ . * + ? ( ) [ ] { } |`. */
function escapeText(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|]/g, "\\$&");
}

// ---- Matching (§10.3) --------------------------------------------------------------------

/** Converts increasing UTF-16 offsets of one text to code-point offsets incrementally. */
class CpCursor {
  private off = 0;
  private cp = 0;
  private readonly plain: boolean;

  constructor(private readonly text: string) {
    this.plain = !hasSurrogates(text);
  }

  at(offset: number): number {
    if (this.plain) return offset;
    if (offset < this.off) {
      this.off = 0;
      this.cp = 0;
    }
    const t = this.text;
    for (let i = this.off; i < offset; i++) {
      const c = t.charCodeAt(i);
      if (c < 0xd800 || c > 0xdbff) this.cp++;
    }
    this.off = offset;
    return this.cp;
  }
}

function firstMatch(rx: RegexValue, text: string): RegExpExecArray | null {
  rx.re.lastIndex = 0;
  return rx.re.exec(text);
}

/**
 * Up to `limit` non-overlapping matches, left to right; after an empty match the search
 * resumes one code point later (`a*` on "baaa": 0–0, 1–4, 4–4).
 */
function allMatches(fn: string, rx: RegexValue, text: string, limit = Infinity): RegExpExecArray[] {
  const out: RegExpExecArray[] = [];
  const re = rx.re;
  let pos = 0;
  while (pos <= text.length && out.length < limit) {
    re.lastIndex = pos;
    const m = re.exec(text);
    if (m === null) break;
    if (out.length >= ARRAY_LIMIT) throw tooLarge(fn, ARRAY_LIMIT);
    out.push(m);
    const end = m.index + m[0].length;
    if (m[0].length > 0) pos = end;
    else pos = end + (isHighAt(text, end) ? 2 : 1);
  }
  return out;
}

function isHighAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return c >= 0xd800 && c <= 0xdbff;
}

function groupsOf(m: RegExpExecArray): Value[] {
  const g: Value[] = [];
  for (let i = 0; i < m.length; i++) g.push(m[i] ?? null);
  return g;
}

/** RegexFind: `"text"`, `"start"`, `"end"`; RegexMatch adds `"groups"`. Always a new map. */
function findMap(m: RegExpExecArray, cur: CpCursor, withGroups: boolean): HashMapValue {
  const map = new HashMapValue();
  map.entries.set("text", m[0]);
  map.entries.set("start", cur.at(m.index));
  map.entries.set("end", cur.at(m.index + m[0].length));
  if (withGroups) map.entries.set("groups", groupsOf(m));
  return map;
}

// ---- Replacement strings (§10.4) -------------------------------------------------------------

/** A parsed replacement: literal text, or a group reference by number or name. */
type Part = string | { readonly group: number } | { readonly name: string };

const REF_CHAR = /[A-Za-z0-9_]/;

function refOf(name: string): Part {
  return /^[0-9]+$/.test(name) ? { group: Number(name) } : { name };
}

/** `$$` → `$`; `${name}`; `$run` (longest run of [A-Za-z0-9_]); any other `$` is literal. */
function parseReplacement(rep: string): Part[] {
  const parts: Part[] = [];
  let lit = "";
  let i = 0;
  while (i < rep.length) {
    const c = rep[i];
    if (c !== "$") {
      lit += c;
      i++;
      continue;
    }
    let ref: Part | null = null;
    let next = i + 1;
    if (rep[i + 1] === "$") {
      lit += "$";
      i += 2;
      continue;
    } else if (rep[i + 1] === "{") {
      const close = rep.indexOf("}", i + 2);
      if (close >= 0) {
        ref = refOf(rep.slice(i + 2, close));
        next = close + 1;
      }
    } else {
      let j = i + 1;
      while (j < rep.length && REF_CHAR.test(rep[j])) j++;
      if (j > i + 1) {
        ref = refOf(rep.slice(i + 1, j));
        next = j;
      }
    }
    if (ref === null) {
      lit += "$";
      i++;
      continue;
    }
    if (lit !== "") parts.push(lit);
    lit = "";
    parts.push(ref);
    i = next;
  }
  if (lit !== "") parts.push(lit);
  return parts;
}

function expand(parts: readonly Part[], m: RegExpExecArray, rx: RegexValue): string {
  let s = "";
  for (const p of parts) {
    if (typeof p === "string") s += p;
    else {
      if ("name" in p) s += rx.named(m, p.name) ?? "";
      else if (p.group < m.length) s += m[p.group] ?? "";
    }
  }
  return s;
}

/** Joins the text between matches with the replacements, within the string limit. */
function splice(fn: string, text: string, matches: readonly RegExpExecArray[], reps: readonly string[]): string {
  let size = text.length;
  for (let i = 0; i < matches.length; i++) size += reps[i].length - matches[i][0].length;
  if (size > STRING_LIMIT) throw tooLarge(fn, STRING_LIMIT);
  const pieces: string[] = [];
  let last = 0;
  for (let i = 0; i < matches.length; i++) {
    const m = matches[i];
    pieces.push(text.slice(last, m.index), reps[i]);
    last = m.index + m[0].length;
  }
  pieces.push(text.slice(last));
  return pieces.join("");
}

function replaceText(fn: string, rv: Value, tv: Value, pv: Value, all: boolean): string {
  const rx = regexArg(fn, rv);
  const text = str(fn, tv);
  const parts = parseReplacement(str(fn, pv));
  const matches = allMatches(fn, rx, text, all ? Infinity : 1);
  return splice(fn, text, matches, matches.map((m) => expand(parts, m, rx)));
}

function replaceWith(fn: string, rv: Value, tv: Value, fv: Value, all: boolean): string {
  const rx = regexArg(fn, rv);
  const text = str(fn, tv);
  const f: AtlasFunction = func(fn, fv);
  const matches = allMatches(fn, rx, text, all ? Infinity : 1);
  const cur = new CpCursor(text);
  const reps: string[] = [];
  for (const m of matches) {
    const r = f(findMap(m, cur, true));
    if (typeof r !== "string") throw expected(fn, "string", r);
    reps.push(r);
  }
  return splice(fn, text, matches, reps);
}

// ---- Splitting ----------------------------------------------------------------------------

function pieces(fn: string, text: string, matches: readonly RegExpExecArray[]): string[] {
  if (matches.length + 1 > ARRAY_LIMIT) throw tooLarge(fn, ARRAY_LIMIT);
  const out: string[] = [];
  let last = 0;
  for (const m of matches) {
    out.push(text.slice(last, m.index));
    last = m.index + m[0].length;
  }
  out.push(text.slice(last));
  return out;
}

function splitN(rv: Value, tv: Value, lv: Value): Value {
  const rx = regexArg("regexSplitN", rv);
  const text = str("regexSplitN", tv);
  const limit = Math.trunc(num("regexSplitN", lv));
  if (!(limit > 0)) return []; // also NaN
  return pieces("regexSplitN", text, allMatches("regexSplitN", rx, text, limit));
}

// ---- Registration ------------------------------------------------------------------------

defineFn("regexNew", "(pattern: string) -> Result<Regex, string>", (pv: Value) => {
  const r = newRegex(str("regexNew", pv), "");
  return typeof r === "string" ? err(r) : ok(r);
});
defineFn("regexNewWithFlags", "(pattern: string, flags: string) -> Result<Regex, string>", (pv: Value, fv: Value) => {
  const pattern = str("regexNewWithFlags", pv);
  const r = newRegex(pattern, str("regexNewWithFlags", fv));
  return typeof r === "string" ? err(r) : ok(r);
});
defineFn("regexEscape", "(text: string) -> string", (t: Value) => {
  const text = str("regexEscape", t);
  const out = escapeText(text);
  if (out.length > STRING_LIMIT) throw tooLarge("regexEscape", STRING_LIMIT);
  return out;
});
defineFn("regexIsMatch", "(re: Regex, text: string) -> bool", (r: Value, t: Value) => {
  const rx = regexArg("regexIsMatch", r);
  return firstMatch(rx, str("regexIsMatch", t)) !== null;
});
defineFn("regexFind", "(re: Regex, text: string) -> Option<RegexFind>", (r: Value, t: Value) => {
  const rx = regexArg("regexFind", r);
  const text = str("regexFind", t);
  const m = firstMatch(rx, text);
  return m === null ? NONE : some(findMap(m, new CpCursor(text), false));
});
defineFn("regexFindAll", "(re: Regex, text: string) -> RegexFind[]", (r: Value, t: Value) => {
  const rx = regexArg("regexFindAll", r);
  const text = str("regexFindAll", t);
  const cur = new CpCursor(text);
  return allMatches("regexFindAll", rx, text).map((m) => findMap(m, cur, false));
});
defineFn("regexCaptures", "(re: Regex, text: string) -> Option<(string | null)[]>", (r: Value, t: Value) => {
  const rx = regexArg("regexCaptures", r);
  const m = firstMatch(rx, str("regexCaptures", t));
  return m === null ? NONE : some(groupsOf(m));
});
defineFn(
  "regexCapturesNamed",
  "(re: Regex, text: string) -> Option<HashMap<string, string | null>>",
  (r: Value, t: Value) => {
    const rx = regexArg("regexCapturesNamed", r);
    const m = firstMatch(rx, str("regexCapturesNamed", t));
    if (m === null) return NONE;
    const map = new HashMapValue();
    for (const name of rx.groupNames) {
      if (name !== null && !map.entries.has(name)) map.entries.set(name, rx.named(m, name) ?? null);
    }
    return some(map);
  },
);
defineFn("regexReplace", "(re: Regex, text: string, replacement: string) -> string", (r: Value, t: Value, p: Value) =>
  replaceText("regexReplace", r, t, p, false),
);
defineFn("regexReplaceAll", "(re: Regex, text: string, replacement: string) -> string", (r: Value, t: Value, p: Value) =>
  replaceText("regexReplaceAll", r, t, p, true),
);
defineFn("regexReplaceWith", "(re: Regex, text: string, f: (RegexMatch) -> string) -> string", (r: Value, t: Value, f: Value) =>
  replaceWith("regexReplaceWith", r, t, f, false),
);
defineFn(
  "regexReplaceAllWith",
  "(re: Regex, text: string, f: (RegexMatch) -> string) -> string",
  (r: Value, t: Value, f: Value) => replaceWith("regexReplaceAllWith", r, t, f, true),
);
defineFn("regexSplit", "(re: Regex, text: string) -> string[]", (r: Value, t: Value) => {
  const rx = regexArg("regexSplit", r);
  const text = str("regexSplit", t);
  return pieces("regexSplit", text, allMatches("regexSplit", rx, text));
});
defineFn("regexSplitN", "(re: Regex, text: string, limit: number) -> string[]", splitN);
defineFn("regexMatchIndices", "(re: Regex, text: string) -> number[][]", (r: Value, t: Value) => {
  const rx = regexArg("regexMatchIndices", r);
  const text = str("regexMatchIndices", t);
  const cur = new CpCursor(text);
  return allMatches("regexMatchIndices", rx, text).map((m): Value[] => [cur.at(m.index), cur.at(m.index + m[0].length)]);
});
defineFn("regexTest", "(pattern: string, text: string) -> bool", (pv: Value, tv: Value) => {
  const pattern = str("regexTest", pv);
  const text = str("regexTest", tv);
  const r = newRegex(pattern, "");
  return typeof r !== "string" && firstMatch(r, text) !== null;
});
