// Path resolution for permission checks (stdlib.md §11.3): a path is made absolute, its
// longest existing prefix is replaced by its real path and the rest is appended after lexical
// normalisation, so `..` and symlinks cannot leave a grant. POSIX paths.
import { realpathSync } from "node:fs";

/** Components of an absolute path (after its leading `/`), empty pieces dropped. */
function pieces(abs: string): string[] {
  return abs.split("/").filter((c) => c !== "");
}

/** `p` made absolute against `cwd` (lexically, nothing resolved). */
export function absolutise(p: string, cwd: string): string {
  return p.startsWith("/") ? p : `${cwd.endsWith("/") ? cwd : cwd + "/"}${p}`;
}

/** Appends components to a resolved directory: `.` is dropped, `..` removes the previous one. */
function appendLexically(base: string, rest: readonly string[]): string {
  const out = pieces(base);
  for (const c of rest) {
    if (c === ".") continue;
    if (c === "..") out.pop();
    else out.push(c);
  }
  return "/" + out.join("/");
}

function realpathOrNull(p: string): string | null {
  try {
    return realpathSync.native(p);
  } catch {
    return null;
  }
}

/**
 * The resolved form of `p` (§11.3.1): absolute, the longest existing prefix replaced by its
 * real path (every symlink resolved), the remaining components appended lexically.
 *   /data/../etc/passwd → /etc/passwd;  /data/link (→ /etc/passwd) → /etc/passwd;
 *   /data/new/../../etc/x (new missing) → /etc/x
 */
export function resolvePath(p: string, cwd: string): string {
  const comps = pieces(absolutise(p, cwd));
  for (let n = comps.length; n >= 0; n--) {
    const real = realpathOrNull("/" + comps.slice(0, n).join("/"));
    if (real !== null) return appendLexically(real, comps.slice(n));
  }
  return appendLexically("/", comps); // `/` itself is unreadable: resolve lexically
}

/**
 * Resolution for operations on a link itself (§11.3.2): only the parent directory is resolved
 * and the final name appended unresolved. A final `.` or `..` names no link, so such a path is
 * resolved fully.
 */
export function resolveLinkPath(p: string, cwd: string): string {
  const comps = pieces(absolutise(p, cwd));
  const last = comps[comps.length - 1];
  if (last === undefined || last === "." || last === "..") return resolvePath(p, cwd);
  const parent = resolvePath("/" + comps.slice(0, -1).join("/"), "/");
  return parent === "/" ? `/${last}` : `${parent}/${last}`;
}

/** Whether resolved path `p` is `root` or below it, component-wise (§11.3.3). */
export function isCovered(p: string, root: string): boolean {
  if (root === "/") return p.startsWith("/");
  return p === root || p.startsWith(root + "/");
}
