// The front end's file access on a real file system (check/loader.ts FrontendHost), with
// display paths relative to a base directory (language.md §8.2), plus the shared builtin table.
import { readFileSync, realpathSync, statSync } from "node:fs";
import type { FrontendHost } from "../check/frontend.js";
import { buildBuiltinTable, type BuiltinTable } from "../check/builtin-types.js";
import { BUILTINS, type BuiltinDef } from "../stdlib/registry.js";
import { displayPath } from "./display-path.js";

export class NodeFrontendHost implements FrontendHost {
  /** Canonical paths of every source file read (stdlib.md §11.1.4: readable without a grant). */
  readonly sourceFiles = new Set<string>();

  constructor(private readonly baseDir: string) {}

  readFile(absPath: string): Uint8Array | null {
    try {
      if (!statSync(absPath).isFile()) return null;
      const bytes = readFileSync(absPath);
      this.sourceFiles.add(absPath);
      return bytes;
    } catch {
      return null;
    }
  }

  realpath(absPath: string): string | null {
    try {
      return realpathSync.native(absPath);
    } catch {
      return null;
    }
  }

  displayPath(absPath: string): string {
    return displayPath(absPath, this.baseDir);
  }
}

let standardTable: BuiltinTable | null = null;

/** The checker's view of the standard library (built once per thread). */
export function standardBuiltinTable(): BuiltinTable {
  standardTable ??= buildBuiltinTable(BUILTINS);
  return standardTable;
}

/** The standard library plus host natives (embedding API). */
export function builtinTableWith(extra: readonly BuiltinDef[]): BuiltinTable {
  if (extra.length === 0) return standardBuiltinTable();
  return buildBuiltinTable([...BUILTINS, ...extra]);
}
