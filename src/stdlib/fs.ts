// File-system utility builtins (stdlib.md §13): directories, walking, glob filtering, metadata,
// temporary files and symlinks. Each guarded builtin validates, then checks its permission
// (security/capabilities.ts), then acts on the resolved path; common helpers are in file.ts.
import {
  lstatSync,
  mkdirSync,
  openSync,
  closeSync,
  readdirSync,
  readlinkSync,
  realpathSync,
  rmdirSync,
  rmSync,
  statSync,
  symlinkSync,
  type Dirent,
  type Stats,
} from "node:fs";
import { tmpdir } from "node:os";
import { randomBytes } from "node:crypto";
import { defineCtxFn, defineFn, type BuiltinContext } from "./define.js";
import { RuntimeError, argError } from "../runtime/errors.js";
import { ARRAY_LIMIT, tooLarge } from "../runtime/capacity.js";
import { compareCodePoints } from "../runtime/codepoints.js";
import type { Value } from "../runtime/values.js";
import { requireFs } from "../security/capabilities.js";
import {
  fsCall,
  guardLinkPath,
  guardPath,
  ioCode,
  listDir,
  makeDirs,
  pathArg,
  policyOf,
  toIoError,
} from "./file.js";
import { str, strArray } from "./validate.js";

const P2NULL = "(path: string) -> null";
const P2NUM = "(path: string) -> number";
const P2BOOL = "(path: string) -> bool";

// ---- directories ------------------------------------------------------------------------------

defineCtxFn("fsMkdir", P2NULL, (ctx) => (v: Value) => {
  const [p, resolved] = guardPath(ctx, "fsMkdir", v, "write");
  fsCall("fsMkdir", p, () => mkdirSync(resolved));
  return null;
});

defineCtxFn("fsMkdirp", P2NULL, (ctx) => (v: Value) => {
  const [p, resolved] = guardPath(ctx, "fsMkdirp", v, "write");
  makeDirs("fsMkdirp", resolved, p);
  return null;
});

defineCtxFn("fsRmdir", P2NULL, (ctx) => (v: Value) => {
  const [p, resolved] = guardPath(ctx, "fsRmdir", v, "write");
  fsCall("fsRmdir", p, () => rmdirSync(resolved));
  return null;
});

defineCtxFn("fsRmdirRecursive", P2NULL, (ctx) => (v: Value) => {
  const [p, resolved] = guardPath(ctx, "fsRmdirRecursive", v, "write");
  fsCall("fsRmdirRecursive", p, () => {
    if (!lstatSync(resolved).isDirectory()) throw ioCode("fsRmdirRecursive", "ENOTDIR", p);
    // rmSync never follows symlinks found inside the tree: it removes the links themselves.
    rmSync(resolved, { recursive: true, force: false });
  });
  return null;
});

defineCtxFn("fsReaddir", "(path: string) -> string[]", (ctx) => (v: Value) => {
  const [p, resolved] = guardPath(ctx, "fsReaddir", v, "read");
  return listDir("fsReaddir", resolved, p);
});

function byName(a: Dirent, b: Dirent): number {
  return compareCodePoints(a.name, b.name);
}

/**
 * Every descendant, depth-first pre-order, each directory's entries sorted by code point:
 *   d/ {b.txt, a/ {x.txt}} → ["a", "a/x.txt", "b.txt"]
 * Symlinks (also to directories) are listed but never entered. Iterative: deep trees are fine.
 */
export function walkTree(fn: string, root: string, shown: string): string[] {
  const read = (dir: string, rel: string): Dirent[] =>
    fsCall(fn, rel === "" ? shown : `${shown}/${rel}`, () => readdirSync(dir, { withFileTypes: true }).sort(byName));
  const out: string[] = [];
  const stack: { dir: string; rel: string; entries: Dirent[]; i: number }[] = [
    { dir: root, rel: "", entries: read(root, ""), i: 0 },
  ];
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    if (top.i >= top.entries.length) {
      stack.pop();
      continue;
    }
    const e = top.entries[top.i++];
    const rel = top.rel === "" ? e.name : `${top.rel}/${e.name}`;
    if (out.length >= ARRAY_LIMIT) throw tooLarge(fn, ARRAY_LIMIT);
    out.push(rel);
    if (e.isDirectory()) {
      const dir = `${top.dir === "/" ? "" : top.dir}/${e.name}`;
      stack.push({ dir, rel, entries: read(dir, rel), i: 0 });
    }
  }
  return out;
}

defineCtxFn("fsWalk", "(path: string) -> string[]", (ctx) => (v: Value) => {
  const [p, resolved] = guardPath(ctx, "fsWalk", v, "read");
  return walkTree("fsWalk", resolved, p);
});

// ---- pure helpers on names --------------------------------------------------------------------

/**
 * Whole-name glob match where `*` matches any run (including none and `/`) and every other
 * character matches itself. Greedy with one backtrack point, O(n·m) worst case:
 *   globMatch("a", "a*a") = false;  globMatch("a.txt", "*.txt") = true
 */
export function globMatch(name: string, glob: string): boolean {
  let n = 0;
  let g = 0;
  let star = -1;
  let mark = 0;
  while (n < name.length) {
    if (g < glob.length && glob[g] !== "*" && glob[g] === name[n]) {
      n++;
      g++;
    } else if (g < glob.length && glob[g] === "*") {
      star = g++;
      mark = n;
    } else if (star >= 0) {
      g = star + 1;
      n = ++mark;
    } else {
      return false;
    }
  }
  while (g < glob.length && glob[g] === "*") g++;
  return g === glob.length;
}

defineFn("fsFilterEntries", "(names: string[], glob: string) -> string[]", (nv: Value, gv: Value) => {
  const names = strArray("fsFilterEntries", nv);
  const glob = str("fsFilterEntries", gv);
  return names.filter((n) => globMatch(n, glob));
});

defineFn("fsSortEntries", "(names: string[]) -> string[]", (nv: Value) => {
  const names = strArray("fsSortEntries", nv);
  const keyed = names.map((n) => ({ n, k: n.toLowerCase() }));
  keyed.sort((a, b) => compareCodePoints(a.k, b.k)); // Array.prototype.sort is stable
  return keyed.map((x) => x.n);
});

// ---- metadata ---------------------------------------------------------------------------------

function statOf(ctx: BuiltinContext, fn: string, v: Value): Stats {
  const [p, resolved] = guardPath(ctx, fn, v, "read");
  return fsCall(fn, p, () => statSync(resolved));
}

function defineStat(name: string, pick: (st: Stats) => number): void {
  defineCtxFn(name, P2NUM, (ctx) => (v: Value) => pick(statOf(ctx, name, v)));
}

defineStat("fsSize", (st) => st.size);
defineStat("fsMtime", (st) => st.mtimeMs / 1000);
defineStat("fsAtime", (st) => st.atimeMs / 1000);
defineStat("fsCtime", (st) => (st.birthtimeMs > 0 ? st.birthtimeMs : st.ctimeMs) / 1000);
defineStat("fsPermissions", (st) => st.mode & 0o777);
defineStat("fsInode", (st) => st.ino);

function defineKind(name: string, pick: (st: Stats) => boolean): void {
  defineCtxFn(name, P2BOOL, (ctx) => (v: Value) => {
    const [p, resolved] = guardPath(ctx, name, v, "read");
    try {
      return pick(statSync(resolved));
    } catch (e) {
      const code = (e as { code?: unknown }).code;
      if (code === "ENOENT" || code === "ENOTDIR" || code === "ELOOP") return false;
      throw toIoError(name, e, p);
    }
  });
}

defineKind("fsIsDir", (st) => st.isDirectory());
defineKind("fsIsFile", (st) => st.isFile());

defineCtxFn("fsIsSymlink", P2BOOL, (ctx) => (v: Value) => {
  const [p, resolved] = guardLinkPath(ctx, "fsIsSymlink", v, "read");
  return fsCall("fsIsSymlink", p, () => lstatSync(resolved).isSymbolicLink());
});

// ---- temporary files --------------------------------------------------------------------------

/** The OS temp directory, checked for write access; returns its resolved path. */
function tempDirFor(ctx: BuiltinContext): string {
  return requireFs(policyOf(ctx), "write", tmpdir());
}

function unique(): string {
  return randomBytes(8).toString("hex");
}

/** Creates an empty file exclusively (a name collision, however unlikely, retries). */
function createTempFile(fn: string, dir: string, name: () => string): string {
  for (let attempt = 0; ; attempt++) {
    const target = `${dir === "/" ? "" : dir}/${name()}`;
    try {
      closeSync(openSync(target, "wx", 0o600));
      return target;
    } catch (e) {
      if ((e as { code?: unknown }).code === "EEXIST" && attempt < 8) continue;
      throw toIoError(fn, e, target);
    }
  }
}

defineCtxFn("fsTmpfile", "() -> string", (ctx) => () => {
  const dir = tempDirFor(ctx);
  return createTempFile("fsTmpfile", dir, () => `atlas_tmp_${unique()}.tmp`);
});

defineCtxFn("fsTmpdir", "() -> string", (ctx) => () => {
  const dir = tempDirFor(ctx);
  for (let attempt = 0; ; attempt++) {
    const target = `${dir === "/" ? "" : dir}/atlas_tmp_dir_${unique()}`;
    try {
      mkdirSync(target, { mode: 0o700 });
      return target;
    } catch (e) {
      if ((e as { code?: unknown }).code === "EEXIST" && attempt < 8) continue;
      throw toIoError("fsTmpdir", e, target);
    }
  }
});

defineCtxFn("fsTmpfileNamed", "(prefix: string) -> string", (ctx) => (v: Value) => {
  const prefix = str("fsTmpfileNamed", v);
  if (prefix.includes("/") || (process.platform === "win32" && prefix.includes("\\"))) {
    throw argError("fsTmpfileNamed", "prefix must not contain a path separator");
  }
  if (prefix.includes("\0")) throw new RuntimeError("AT0400", "fsTmpfileNamed: invalid path", null);
  const dir = tempDirFor(ctx);
  return createTempFile("fsTmpfileNamed", dir, () => `${prefix}_${unique()}.tmp`);
});

defineFn("fsGetTempDir", "() -> string", () => tmpdir());

// ---- symlinks ---------------------------------------------------------------------------------

defineCtxFn("fsSymlink", "(target: string, link: string) -> null", (ctx) => (tv: Value, lv: Value) => {
  const target = pathArg("fsSymlink", tv);
  const [p, resolved] = guardLinkPath(ctx, "fsSymlink", lv, "write");
  fsCall("fsSymlink", p, () => symlinkSync(target, resolved));
  return null;
});

defineCtxFn("fsReadlink", "(path: string) -> string", (ctx) => (v: Value) => {
  const [p, resolved] = guardLinkPath(ctx, "fsReadlink", v, "read");
  return fsCall("fsReadlink", p, () => readlinkSync(resolved, "utf8"));
});

/** `fsResolveSymlink` / `pathCanonical`: the real path; read access on the resolved path. */
export function canonicalPath(ctx: BuiltinContext, fn: string, v: Value): string {
  const [p, resolved] = guardPath(ctx, fn, v, "read");
  return fsCall(fn, p, () => realpathSync.native(resolved));
}

defineCtxFn("fsResolveSymlink", "(path: string) -> string", (ctx) => (v: Value) =>
  canonicalPath(ctx, "fsResolveSymlink", v),
);
