// Shared helpers for the system-facing stdlib tests (permissions, fs, path, process, http):
// builtins instantiated for a context with a given policy, assertion helpers for AT errors,
// temporary directories, and running whole Atlas programs through the CLI pipeline.
import assert from "node:assert/strict";
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { instantiateBuiltins, type BuiltinContext } from "../../../src/stdlib/registry.js";
import { RuntimeError } from "../../../src/runtime/errors.js";
import type { Value } from "../../../src/runtime/values.js";
import { createPolicy, type Grants, type IoLimits, type Policy } from "../../../src/security/policy.js";
import { parseGrantFlags } from "../../../src/security/flags.js";
import { MemorySinks } from "../../../src/cli/sinks.js";

export interface Sys {
  ctx: BuiltinContext;
  policy: Policy;
  out: { stdout: string; stderr: string };
  call(name: string, ...args: Value[]): Value;
}

/** Builtins for a runtime with the given grants, working directory `cwd`. */
export function sys(grants: Grants, cwd: string = process.cwd(), limits: Partial<IoLimits> = {}): Sys {
  const out = { stdout: "", stderr: "" };
  const policy = createPolicy(grants, cwd, limits);
  const ctx: BuiltinContext = {
    writeOut: (t) => void (out.stdout += t),
    writeErr: (t) => void (out.stderr += t),
    callSpan: null,
    policy,
  };
  const b = instantiateBuiltins(ctx);
  return {
    ctx,
    policy,
    out,
    call(name: string, ...args: Value[]): Value {
      const f = b.get(name);
      assert.ok(typeof f === "function", `no builtin ${name}`);
      return f(...args);
    },
  };
}

/** Asserts that `f` raises RuntimeError `code` with exactly `message` (a RegExp to match). */
export function raises(f: () => unknown, code: string, message: string | RegExp): void {
  let caught: unknown = undefined;
  try {
    f();
  } catch (e) {
    caught = e;
  }
  assert.ok(caught instanceof RuntimeError, `expected ${code}, got ${caught === undefined ? "no error" : String(caught)}`);
  assert.equal(caught.code, code, caught.message);
  if (typeof message === "string") assert.equal(caught.message, message);
  else assert.match(caught.message, message);
}

/** A fresh real (symlink-free) temporary directory; remove it with `cleanup`. */
export function tempDir(prefix = "atlas-test-"): string {
  return realpathSync(mkdtempSync(path.join(tmpdir(), prefix)));
}

export function cleanup(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/**
 * Runs `source` as `<dir>/<name>` through the CLI pipeline (`cd dir && atlas run name ARGS`),
 * with grant flags in `args`.
 */
export async function runProgram(
  dir: string,
  source: string,
  args: string[] = [],
  name = "main.atl",
): Promise<{ stdout: string; stderr: string; exit: number }> {
  writeFileSync(path.join(dir, name), source);
  const { grants } = parseGrantFlags(args);
  const sinks = new MemorySinks();
  const { runFile } = await import("../../../src/api/pipeline.js");
  const r = await runFile(path.join(dir, name), { engine: "interp", grants }, { sinks, baseDir: dir, json: false, colour: false });
  return { stdout: sinks.out, stderr: sinks.err, exit: r.exitCode };
}
