// Grant flags and embedding grants (stdlib.md §11.2): `--allow-<kind>[=e1,e2,…]`, `-A` /
// `--allow-all` merged into Grants (lists merge, an unrestricted grant wins), and validation of
// entries. Lightweight (no I/O): the CLI calls it on every start-up; policy.ts resolves later.
import { PERMISSION_KINDS, type Grant, type Grants, type PermissionKind } from "./policy.js";
import { netEntryProblem } from "./net-entry.js";

/** A malformed grant flag or entry; the CLI reports it as a usage error (exit 2). */
export class GrantError {
  constructor(readonly message: string) {}
}

const FLAG = /^--allow-(read|write|net|env|run)(?:=(.*))?$/s;

/** Why an entry of the given kind is malformed, or null (§11.2, §11.4). */
export function entryProblem(kind: PermissionKind, entry: string): string | null {
  if (entry === "") return "empty entry";
  if (entry.includes("\0")) return `'${entry}' contains a NUL character`;
  switch (kind) {
    case "net":
      return netEntryProblem(entry);
    case "env":
      return entry.includes("=") ? `'${entry}' is not a variable name` : null;
    default:
      return null;
  }
}

/** Adds one grant to `grants` in place: lists merge without duplicates; `true` wins. */
export function addGrant(grants: Grants, kind: PermissionKind, grant: Grant): void {
  const prev = grants[kind];
  if (grant === true || prev === true) {
    grants[kind] = true;
    return;
  }
  const merged = [...(prev ?? [])];
  for (const e of grant) if (!merged.includes(e)) merged.push(e);
  grants[kind] = merged;
}

/**
 * Handles one command-line argument if it is a grant flag (`--allow-read`, `--allow-net=h:1`,
 * `-A`, `--allow-all`), merging it into `grants`; returns false for any other argument.
 * Throws GrantError for an empty list or a malformed entry. Entries cannot contain commas.
 */
export function parseGrantFlag(arg: string, grants: Grants): boolean {
  if (arg === "-A" || arg === "--allow-all") {
    for (const k of PERMISSION_KINDS) grants[k] = true;
    return true;
  }
  const m = FLAG.exec(arg);
  if (m === null) return false;
  const kind = m[1] as PermissionKind;
  if (m[2] === undefined) {
    addGrant(grants, kind, true);
    return true;
  }
  const entries = m[2].split(",");
  for (const e of entries) {
    const problem = entryProblem(kind, e);
    if (problem !== null) throw new GrantError(`invalid entry for '--allow-${kind}': ${problem}`);
  }
  addGrant(grants, kind, entries);
  return true;
}

/** Parses every grant flag of `args`; returns the grants and the remaining arguments. */
export function parseGrantFlags(args: readonly string[]): { grants: Grants; rest: string[] } {
  const grants: Grants = {};
  const rest: string[] = [];
  for (const a of args) if (!parseGrantFlag(a, grants)) rest.push(a);
  return { grants, rest };
}

/**
 * Validates grants given by an embedding host (the same five kinds, each `true` or a list of
 * entries with the CLI grammar; absent or `false` means denied). Returns a clean copy; throws
 * GrantError describing the first problem.
 */
export function validateGrants(value: unknown): Grants {
  if (value === undefined || value === null) return {};
  if (typeof value !== "object" || Array.isArray(value)) throw new GrantError("permissions must be an object");
  const out: Grants = {};
  for (const [key, g] of Object.entries(value as Record<string, unknown>)) {
    if (!(PERMISSION_KINDS as readonly string[]).includes(key)) {
      throw new GrantError(`unknown permission kind '${key}' (expected ${PERMISSION_KINDS.join(", ")})`);
    }
    const kind = key as PermissionKind;
    if (g === undefined || g === false) continue;
    if (g === true) {
      out[kind] = true;
      continue;
    }
    if (!Array.isArray(g) || g.length === 0) {
      throw new GrantError(`permission '${kind}' must be true or a non-empty array of strings`);
    }
    for (const e of g) {
      if (typeof e !== "string") throw new GrantError(`permission '${kind}' must be true or a non-empty array of strings`);
      const problem = e.includes(",") ? `'${e}' contains a comma` : entryProblem(kind, e);
      if (problem !== null) throw new GrantError(`invalid entry for permission '${kind}': ${problem}`);
    }
    addGrant(out, kind, g as string[]);
  }
  return out;
}
