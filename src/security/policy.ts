// The permission policy of one runtime (stdlib.md §11): which read/write/net/env/run access
// is granted, resolved once at start-up, plus the working directory paths are relative to and
// the I/O limits. Default deny. Deciding a question is capabilities.ts's job, not this file's.
import * as path from "node:path";
import { resolvePath } from "./paths.js";
import { normaliseNetEntry, type NetEntry } from "./net-entry.js";

export const PERMISSION_KINDS = ["read", "write", "net", "env", "run"] as const;
export type PermissionKind = (typeof PERMISSION_KINDS)[number];

/** One kind's grant as written by a user: unrestricted (`true`) or a list of entries (§11.2). */
export type Grant = true | string[];

/** Grants per kind, as given by CLI flags or embedding options; absent means denied. */
export interface Grants {
  read?: Grant;
  write?: Grant;
  net?: Grant;
  env?: Grant;
  run?: Grant;
}

/** A resolved path grant: unrestricted, or the resolved roots it covers (§11.3.3). */
export interface PathGrant {
  readonly all: boolean;
  readonly roots: readonly string[];
}

export interface NetGrant {
  readonly all: boolean;
  readonly entries: readonly NetEntry[];
}

export interface NameGrant {
  readonly all: boolean;
  readonly names: readonly string[];
}

/** Size limits of the system-facing builtins (stdlib.md §1.9, async.md §A8). */
export interface IoLimits {
  /** Per-origin connection limit of the HTTP pool (default 32). */
  readonly httpConnections: number;
  /** Largest HTTP response body in bytes (default 64 MiB). */
  readonly httpBodyLimit: number;
  /** Largest captured output of `exec`/`shell` per stream in bytes (64 MiB). */
  readonly captureLimit: number;
}

export const DEFAULT_LIMITS: IoLimits = {
  httpConnections: 32,
  httpBodyLimit: 64 * 1024 * 1024,
  captureLimit: 64 * 1024 * 1024,
};

export interface Policy {
  /** The runtime's working directory (absolute): relative paths are resolved against it. */
  readonly cwd: string;
  readonly read: PathGrant;
  readonly write: PathGrant;
  readonly net: NetGrant;
  readonly env: NameGrant;
  /** Run entries as written; matched against programs when a process starts (§11.4.3). */
  readonly run: NameGrant;
  /**
   * Real paths of the program's own source files (§11.1.4): `readFile` of exactly one of
   * them needs no grant. Filled in after loading.
   */
  readonly sourceFiles: Set<string>;
  readonly limits: IoLimits;
}

const NONE_PATHS: PathGrant = { all: false, roots: [] };

/** A policy that denies everything (the default for every runtime). */
export function denyAllPolicy(cwd: string = safeCwd(), limits: Partial<IoLimits> = {}): Policy {
  return {
    cwd,
    read: NONE_PATHS,
    write: NONE_PATHS,
    net: { all: false, entries: [] },
    env: { all: false, names: [] },
    run: { all: false, names: [] },
    sourceFiles: new Set(),
    limits: { ...DEFAULT_LIMITS, ...limits },
  };
}

/**
 * Builds a policy from grants whose entries are already validated (flags.ts): relative grant
 * paths are resolved against `cwd`, then every grant path the way checked paths are (§11.3.1),
 * net entries are normalised (§11.4.1).
 */
export function createPolicy(grants: Grants, cwd: string = safeCwd(), limits: Partial<IoLimits> = {}): Policy {
  // The working directory itself is resolved too, so getCwd() and denial messages agree.
  const base = resolvePath(path.resolve(cwd), "/");
  const paths = (g: Grant | undefined): PathGrant =>
    g === true ? { all: true, roots: [] } : { all: false, roots: dedupe((g ?? []).map((p) => resolvePath(p, base))) };
  const netEntries: NetEntry[] = [];
  if (grants.net !== undefined && grants.net !== true) {
    for (const e of grants.net) {
      const n = normaliseNetEntry(e);
      if (n !== null) netEntries.push(n);
    }
  }
  const names = (g: Grant | undefined): NameGrant =>
    g === true ? { all: true, names: [] } : { all: false, names: dedupe(g ?? []) };
  return {
    cwd: base,
    read: paths(grants.read),
    write: paths(grants.write),
    net: { all: grants.net === true, entries: netEntries },
    env: names(grants.env),
    run: names(grants.run),
    sourceFiles: new Set(),
    limits: { ...DEFAULT_LIMITS, ...limits },
  };
}

/** Records a source file of the program (any spelling; stored as its resolved path). */
export function addSourceFile(policy: Policy, file: string): void {
  policy.sourceFiles.add(resolvePath(file, policy.cwd));
}

function dedupe<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}

function safeCwd(): string {
  try {
    return process.cwd();
  } catch {
    return "/";
  }
}
