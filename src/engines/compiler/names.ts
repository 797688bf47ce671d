// Identifier hygiene for generated JavaScript (design.md R7). Atlas identifiers never contain
// `$`, so every name the compiler invents contains one; an Atlas name is emitted as itself only
// when it is an ASCII identifier that is no JS reserved word or global and that no other binding
// of the program shares; otherwise it becomes `name$<binding id>` (non-ASCII characters become
// `$u<hex>`), so Atlas code can never name a runtime helper, a JS keyword or a host global.
import { SHADOWED_GLOBALS } from "../../security/sandbox.js";

/** JS reserved words (ES2022, strict mode) and names with special meaning in strict code. */
const JS_RESERVED = new Set(
  (
    "await break case catch class const continue debugger default delete do else enum export extends false " +
    "finally for function if import in instanceof new null return super switch this throw true try typeof var " +
    "void while with yield let static implements interface package private protected public eval arguments " +
    "undefined NaN Infinity async of get set"
  ).split(" "),
);

/**
 * Host globals and well-known properties that generated code must never shadow or appear to
 * reach by name (defence in depth: generated code only ever emits names chosen here).
 */
const JS_GLOBALS = new Set(
  (
    "globalThis global window self process require module exports Function Object Array Math Number String " +
    "Boolean Symbol Reflect Proxy Promise JSON Error TypeError RangeError ReferenceError SyntaxError Date RegExp " +
    "Map Set WeakMap WeakSet WeakRef BigInt Buffer setTimeout setInterval setImmediate clearTimeout queueMicrotask " +
    "constructor prototype __proto__ toString valueOf hasOwnProperty isNaN isFinite parseInt parseFloat " +
    "escape unescape decodeURI encodeURI decodeURIComponent encodeURIComponent console import.meta"
  ).split(" "),
);

/** True when `name` may not be emitted verbatim as a JS binding name. */
export function isReservedJsName(name: string): boolean {
  return JS_RESERVED.has(name) || JS_GLOBALS.has(name) || SHADOWED.has(name);
}

/** The globals the sandbox re-declares at the top of every program (a second `const fetch` would not parse). */
const SHADOWED = new Set(SHADOWED_GLOBALS);

const ASCII_IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `café` → `caf$ue9`: an ASCII-only JS identifier fragment (contains `$` iff it was changed). */
export function asciiIdent(name: string): string {
  if (ASCII_IDENT.test(name)) return name;
  let out = "";
  for (const ch of name) {
    const cp = ch.codePointAt(0) ?? 0;
    out += /[A-Za-z0-9_]/.test(ch) ? ch : `$u${cp.toString(16)}`;
  }
  return out;
}

/**
 * Chooses JS names for Atlas bindings: a name used by exactly one binding of the program (and
 * not reserved) is kept; all others get `$<id>` appended. `forceSuffix` (REPL sessions, where
 * later inputs may redeclare names) always appends the id.
 */
export class NameTable {
  private readonly counts = new Map<string, number>();
  private readonly chosen = new Map<number, string>();

  constructor(private readonly forceSuffix: boolean) {}

  /** Counts one binding's name (call for every binding before `name`). */
  declare(name: string): void {
    this.counts.set(name, (this.counts.get(name) ?? 0) + 1);
  }

  /** The JS name of binding `id` called `name`. */
  name(id: number, name: string): string {
    const got = this.chosen.get(id);
    if (got !== undefined) return got;
    const base = asciiIdent(name);
    const plain = !this.forceSuffix && base === name && !isReservedJsName(name) && this.counts.get(name) === 1;
    const js = plain ? name : `${base}$${id}`;
    this.chosen.set(id, js);
    return js;
  }
}

/** A valid JS string literal for any string: JSON escaping plus U+2028/U+2029, and `<` as `\\u003c` (no `</script>`, no `<!--`). */
export function jsString(s: string): string {
  return JSON.stringify(s)
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029")
    .replace(/</g, "\\u003c");
}

/** A JS numeric literal for any double (no reliance on the globals NaN / Infinity). */
export function jsNumber(n: number): string {
  if (Number.isNaN(n)) return "(0 / 0)";
  if (n === Infinity) return "(1 / 0)";
  if (n === -Infinity) return "(-1 / 0)";
  if (Object.is(n, -0)) return "-0";
  return String(n);
}
