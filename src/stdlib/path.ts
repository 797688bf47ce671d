// Path builtins (stdlib.md §14): pure string operations on POSIX paths (components, normalise,
// parent, basename, extension, relative…), plus the two that touch the file system under read
// permission (pathExists, pathCanonical) and the ungated facts (cwd, home, temp directory).
import { existsSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { defineCtxFn, defineFn } from "./define.js";
import { RuntimeError } from "../runtime/errors.js";
import { STRING_LIMIT, tooLarge } from "../runtime/capacity.js";
import type { Value } from "../runtime/values.js";
import { HashMapValue } from "./collections-common.js";
import { guardPath, joinSegments, policyOf } from "./file.js";
import { canonicalPath } from "./fs.js";
import { str, strArray } from "./validate.js";

const S2S = "(path: string) -> string";
const S2B = "(path: string) -> bool";

/** A path split into its root and components (§14 "Components"). */
export interface PathParts {
  readonly absolute: boolean;
  /** Empty pieces dropped; `.` dropped except as the very first component. */
  readonly comps: string[];
}

/**
 * `"./a//b/."` → { absolute: false, comps: [".", "a", "b"] };  `"/x/./y/"` → [x, y] absolute.
 */
export function components(p: string): PathParts {
  const absolute = p.startsWith("/");
  const comps: string[] = [];
  const raw = p.split("/");
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (c === "") continue;
    if (c === "." && !(i === 0 && !absolute)) continue;
    comps.push(c);
  }
  return { absolute, comps };
}

/** Lexical normalisation: `a/b/../c` → `a/c`, `/..` → `/`, `../../x` kept, empty → `.`. */
export function normalize(p: string): string {
  const { absolute, comps } = components(p);
  const out: string[] = [];
  for (const c of comps) {
    if (c === ".") continue;
    if (c !== "..") out.push(c);
    else if (out.length > 0 && out[out.length - 1] !== "..") out.pop();
    else if (!absolute) out.push("..");
  }
  const s = (absolute ? "/" : "") + out.join("/");
  return s === "" ? "." : s;
}

/** Strips trailing `/` and `/.` repeatedly, keeping a lone root. */
function stripTrailing(p: string): string {
  let s = p;
  for (;;) {
    if (s.length > 1 && s.endsWith("/")) s = s.slice(0, -1);
    else if (s.endsWith("/.")) s = s.slice(0, -1);
    else return s;
  }
}

/** `/a/b/` → `/a`, `a` → ``, `/a` → `/`, `/` → ``, `./a` → `.`, `a/b/..` → `a/b`. */
export function parent(p: string): string {
  const s = stripTrailing(p);
  if (s === "/" || s === "") return "";
  const slash = s.lastIndexOf("/");
  if (slash < 0) return "";
  if (slash === 0) return "/";
  return stripTrailing(s.slice(0, slash)) || "/";
}

/** The last component if it is a normal name, else `""`. */
export function basename(p: string): string {
  const { comps } = components(p);
  const last = comps[comps.length - 1];
  return last === undefined || last === "." || last === ".." ? "" : last;
}

/** Text after the last `.` of the basename; `""` without one or with only a leading one. */
export function extension(p: string): string {
  const base = basename(p);
  const dot = base.lastIndexOf(".");
  return dot <= 0 ? "" : base.slice(dot + 1);
}

/** The basename without `.ext` (`.bashrc` stays, `a.` → `a`). */
function stem(base: string): string {
  const dot = base.lastIndexOf(".");
  return dot <= 0 ? base : base.slice(0, dot);
}

/** `pathRelative`: both made absolute against `cwd` and normalised; `""` when equal. */
export function relative(from: string, to: string, cwd: string): string {
  const abs = (p: string): string[] => components(normalize(p.startsWith("/") ? p : joinSegments([cwd, p]))).comps;
  const a = abs(from);
  const b = abs(to);
  let common = 0;
  while (common < a.length && common < b.length && a[common] === b[common]) common++;
  return [...a.slice(common).map(() => ".."), ...b.slice(common)].join("/");
}

export function pathsEqual(a: string, b: string): boolean {
  const x = components(a);
  const y = components(b);
  return x.absolute === y.absolute && x.comps.length === y.comps.length && x.comps.every((c, i) => c === y.comps[i]);
}

function checked(fn: string, s: string): string {
  if (s.length > STRING_LIMIT) throw tooLarge(fn, STRING_LIMIT);
  return s;
}

function pure(name: string, f: (p: string) => string): void {
  defineFn(name, S2S, (v: Value) => f(str(name, v)));
}

// ---- builtins ---------------------------------------------------------------------------------

defineFn("pathJoinArray", "(segments: string[]) -> string", (v: Value) => {
  const segs = strArray("pathJoinArray", v).filter((s) => s !== "");
  return segs.length === 0 ? "." : checked("pathJoinArray", joinSegments(segs));
});

defineFn("pathParse", "(path: string) -> HashMap<string, string>", (v: Value) => {
  const p = str("pathParse", v);
  const base = basename(p);
  const m = new HashMapValue();
  m.entries.set("root", p.startsWith("/") ? "/" : "");
  m.entries.set("dir", parent(p));
  m.entries.set("base", base);
  m.entries.set("ext", extension(p));
  m.entries.set("name", stem(base));
  return m;
});

pure("pathNormalize", normalize);

defineCtxFn("pathAbsolute", S2S, (ctx) => (v: Value) => {
  const p = str("pathAbsolute", v);
  return p.startsWith("/") ? p : checked("pathAbsolute", joinSegments([policyOf(ctx).cwd, p]));
});

defineCtxFn("pathRelative", "(from: string, to: string) -> string", (ctx) => (f: Value, t: Value) =>
  relative(str("pathRelative", f), str("pathRelative", t), policyOf(ctx).cwd),
);

pure("pathParent", parent);
pure("pathDirname", parent);
pure("pathBasename", basename);
pure("pathExtension", extension);

defineFn("pathIsAbsolute", S2B, (v: Value) => str("pathIsAbsolute", v).startsWith("/"));
defineFn("pathIsRelative", S2B, (v: Value) => !str("pathIsRelative", v).startsWith("/"));

defineCtxFn("pathExists", S2B, (ctx) => (v: Value) => existsSync(guardPath(ctx, "pathExists", v, "read")[1]));

defineCtxFn("pathCanonical", S2S, (ctx) => (v: Value) => canonicalPath(ctx, "pathCanonical", v));

defineFn("pathEquals", "(a: string, b: string) -> bool", (a: Value, b: Value) =>
  pathsEqual(str("pathEquals", a), str("pathEquals", b)),
);

function hostFact(fn: string, get: () => string): string {
  let s: string;
  try {
    s = get();
  } catch (e) {
    throw new RuntimeError("AT0400", `${fn}: ${e instanceof Error ? e.message : String(e)}`, null);
  }
  if (s === "") throw new RuntimeError("AT0400", `${fn}: the host cannot tell`, null);
  return s;
}

defineFn("pathHomedir", "() -> string", () => hostFact("pathHomedir", homedir));
defineCtxFn("pathCwd", "() -> string", (ctx) => () => policyOf(ctx).cwd);
defineFn("pathTempdir", "() -> string", () => hostFact("pathTempdir", tmpdir));

defineFn("pathSeparator", "() -> string", () => "/");
defineFn("pathDelimiter", "() -> string", () => ":");
defineFn("pathExtSeparator", "() -> string", () => ".");

defineFn("pathDrive", S2S, (v: Value) => {
  str("pathDrive", v);
  return "";
});

pure("pathToPlatform", (p) => p.replace(/[/\\]/g, "/"));
pure("pathToPosix", (p) => p.replace(/\\/g, "/"));
pure("pathToWindows", (p) => p.replace(/\//g, "\\"));
