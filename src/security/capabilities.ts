// Every permission question of stdlib.md §11 is decided here: builtins call a `require*`
// function after validating their arguments and before any effect; it returns what the effect
// must use (the resolved path, the executable) or raises the §11.5 denial (AT0300–AT0303).
import { accessSync, constants, realpathSync, statSync } from "node:fs";
import { RuntimeError } from "../runtime/errors.js";
import type { PathGrant, Policy } from "./policy.js";
import { absolutise, isCovered, resolveLinkPath, resolvePath } from "./paths.js";
import { targetText, urlTarget } from "./net-entry.js";

export { resolvePath, resolveLinkPath } from "./paths.js";

export type FsAccess = "read" | "write";

function denied(code: string, kind: string, subject: string, flag: string): RuntimeError {
  return new RuntimeError(code, `Permission denied: ${kind} access to ${subject} (run with ${flag})`, null);
}

function covers(grant: PathGrant, resolved: string): boolean {
  return grant.all || grant.roots.some((root) => isCovered(resolved, root));
}

/** Raises AT0300 unless `resolved` (an already resolved path) is covered by the grant. */
export function checkFs(policy: Policy, access: FsAccess, resolved: string): void {
  if (!covers(access === "read" ? policy.read : policy.write, resolved)) {
    throw denied("AT0300", access, `"${resolved}"`, `--allow-${access}=${resolved}`);
  }
}

/** Resolves `p` (§11.3.1) and checks it; returns the path the effect must use. */
export function requireFs(policy: Policy, access: FsAccess, p: string): string {
  const resolved = resolvePath(p, policy.cwd);
  checkFs(policy, access, resolved);
  return resolved;
}

/** As requireFs, for operations on a link itself (§11.3.2: only the parent is resolved). */
export function requireFsLink(policy: Policy, access: FsAccess, p: string): string {
  const resolved = resolveLinkPath(p, policy.cwd);
  checkFs(policy, access, resolved);
  return resolved;
}

/** `readFile`: read access, or exactly one of the program's own source files (§11.1.4). */
export function requireReadOrSource(policy: Policy, p: string): string {
  const resolved = resolvePath(p, policy.cwd);
  if (!policy.sourceFiles.has(resolved)) checkFs(policy, "read", resolved);
  return resolved;
}

/** Whether the net grant covers the URL's host and effective port (§11.4.1). No I/O. */
export function netAllows(policy: Policy, u: URL): boolean {
  if (policy.net.all) return true;
  const t = urlTarget(u);
  return policy.net.entries.some((e) => e.host === t.host && (e.port === null || e.port === t.port));
}

/** Raises AT0301 unless the URL's host:port is granted; checked before any DNS lookup. */
export function requireNet(policy: Policy, u: URL): void {
  if (netAllows(policy, u)) return;
  const text = targetText(urlTarget(u));
  throw denied("AT0301", "net", `"${text}"`, `--allow-net=${text}`);
}

const CASE_INSENSITIVE_ENV = process.platform === "win32";

/** Raises AT0303 unless the variable is granted (exact match; any case on Windows). */
export function requireEnv(policy: Policy, name: string): void {
  if (policy.env.all) return;
  const same = CASE_INSENSITIVE_ENV
    ? (e: string) => e.toUpperCase() === name.toUpperCase()
    : (e: string) => e === name;
  if (!policy.env.names.some(same)) throw denied("AT0303", "env", `"${name}"`, `--allow-env=${name}`);
}

/** `listEnv` needs unrestricted env access. */
export function requireEnvAll(policy: Policy): void {
  if (!policy.env.all) throw denied("AT0303", "env", "all variables", "--allow-env");
}

/**
 * Where a program name is found (§11.4.3): a name containing `/` relative to `dir`, a bare
 * name through `searchPath` (empty entries mean `dir`). null when there is no such executable
 * regular file. The path is absolute but not resolved (the child sees it as its location).
 */
export function locateExecutable(program: string, dir: string, searchPath: string): string | null {
  if (program === "" || program.includes("\0")) return null;
  if (program.includes("/")) return isExecutable(absolutise(program, dir));
  for (const d of searchPath.split(":")) {
    const found = isExecutable(absolutise(`${d === "" ? "." : d}/${program}`, dir));
    if (found !== null) return found;
  }
  return null;
}

/** The real path of the executable a program name denotes, for comparing with grants. */
export function findExecutable(program: string, dir: string, searchPath: string): string | null {
  const found = locateExecutable(program, dir, searchPath);
  if (found === null) return null;
  try {
    return realpathSync.native(found);
  } catch {
    return null;
  }
}

function isExecutable(p: string): string | null {
  try {
    if (!statSync(p).isFile()) return null;
    accessSync(p, constants.X_OK);
    return p;
  } catch {
    return null;
  }
}

/**
 * Raises AT0302 unless running `program` is granted: unrestricted, equal to an entry, or the
 * same executable file as an entry (the program resolved against the child's directory `dir`,
 * entries against the runtime's working directory; bare names through `searchPath`).
 */
export function requireRun(policy: Policy, program: string, dir: string, searchPath: string): void {
  if (policy.run.all || policy.run.names.includes(program)) return;
  const exe = findExecutable(program, dir, searchPath);
  if (exe !== null && policy.run.names.some((e) => findExecutable(e, policy.cwd, searchPath) === exe)) return;
  throw denied("AT0302", "run", `"${program}"`, `--allow-run=${program}`);
}
