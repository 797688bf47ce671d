// Process and environment builtins (stdlib.md §15): exec/shell run a child synchronously
// (run permission on the program, captured output limited per stream), getEnv/setEnv/
// unsetEnv/listEnv on this process's environment (env permission), getCwd, getPid.
import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import { defineCtxFn, defineFn, type BuiltinContext } from "./define.js";
import { RuntimeError, argError, typeError } from "../runtime/errors.js";
import { tooLarge } from "../runtime/capacity.js";
import { compareCodePoints } from "../runtime/codepoints.js";
import { JsonObject, JsonValue, err, ok, type JsonData, type Value } from "../runtime/values.js";
import { locateExecutable, requireEnv, requireEnvAll, requireRun } from "../security/capabilities.js";
import { absolutise, resolvePath } from "../security/paths.js";
import { ioCode, osReason, policyOf } from "./file.js";
import { expected, str } from "./validate.js";

// ---- exec / shell -----------------------------------------------------------------------------

interface ExecOptions {
  env: [string, string][];
  cwd: string | null;
  inherit: boolean;
}

function member(obj: JsonObject, key: string): JsonData | undefined {
  return obj.entries.get(key);
}

/** Parses the options argument (§15 details 1). */
function execOptions(fn: string, v: Value | undefined): ExecOptions {
  const out: ExecOptions = { env: [], cwd: null, inherit: false };
  if (v === undefined || v === null) return out;
  if (!(v instanceof JsonValue)) throw expected(fn, "json or null", v);
  if (v.data === null) return out;
  if (!(v.data instanceof JsonObject)) throw argError(fn, "options must be a json object or null");
  const env = member(v.data, "env");
  if (env !== undefined) {
    if (!(env instanceof JsonObject)) throw typeError("Environment variable values must be strings");
    for (const [k, val] of env.entries) {
      if (typeof val !== "string") throw typeError("Environment variable values must be strings");
      if (k === "" || k.includes("=") || k.includes("\0")) throw argError(fn, "invalid variable name");
      if (val.includes("\0")) throw argError(fn, "invalid value");
      out.env.push([k, val]);
    }
  }
  const cwd = member(v.data, "cwd");
  if (cwd !== undefined) {
    if (typeof cwd !== "string") throw typeError("Working directory must be a string");
    if (cwd.includes("\0")) throw argError(fn, "invalid working directory");
    out.cwd = cwd;
  }
  const inherit = member(v.data, "inherit");
  if (inherit !== undefined) {
    if (typeof inherit !== "boolean") throw typeError("Inherit option must be a boolean");
    out.inherit = inherit;
  }
  return out;
}

/** The command argument of `exec`: a program name, or program then arguments. */
function commandArgs(v: Value | undefined): string[] {
  let argv: string[];
  if (typeof v === "string") argv = [v];
  else if (Array.isArray(v)) {
    if (v.length === 0) throw typeError("Command array cannot be empty");
    argv = v.map((a) => {
      if (typeof a !== "string") throw expected("exec", "string", a);
      return a;
    });
  } else throw expected("exec", "string or string[]", v);
  if (argv[0] === "") throw argError("exec", "program must be a non-empty string");
  if (argv.some((a) => a.includes("\0"))) throw argError("exec", "arguments must not contain U+0000");
  return argv;
}

interface Child {
  fn: string;
  argv: string[];
  opts: ExecOptions;
  failure: string;
}

/**
 * Permission, then the effect: the program is resolved once (through the PATH the child will
 * see, relative paths against its working directory) and that executable is what runs.
 */
function runChild(ctx: BuiltinContext, c: Child): Value {
  const policy = policyOf(ctx);
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const [k, v] of c.opts.env) env[k] = v;
  const dir = c.opts.cwd === null ? policy.cwd : resolvePath(c.opts.cwd, policy.cwd);
  const program = c.argv[0];
  requireRun(policy, program, dir, env.PATH ?? "");
  // A path that is not an executable file is still tried, so the OS reports why (EACCES…).
  const exe = locateExecutable(program, dir, env.PATH ?? "") ?? (program.includes("/") ? absolutise(program, dir) : null);
  if (exe === null) throw ioCode(c.fn, "ENOENT", program);
  ctx.writeErr(""); // flushes pending print output (both buffers) before the child starts
  const limit = policy.limits.captureLimit;
  let r: SpawnSyncReturns<Buffer>;
  try {
    r = spawnSync(exe, c.argv.slice(1), {
      argv0: program,
      cwd: dir,
      env,
      stdio: c.opts.inherit ? "inherit" : ["ignore", "pipe", "pipe"],
      maxBuffer: limit,
      windowsHide: true,
    });
  } catch (e) {
    throw startFailure(c.fn, e, program);
  }
  if (r.error !== undefined) {
    if ((r.error as { code?: unknown }).code === "ENOBUFS") throw tooLarge(c.fn, limit);
    throw startFailure(c.fn, r.error, program);
  }
  const code = r.status === null ? -1 : r.status;
  if (code !== 0) return err(`${c.failure} ${code}`);
  const text = (b: Buffer | null): string => (b === null || c.opts.inherit ? "" : b.toString("utf8"));
  const data = new Map<string, JsonData>([
    ["exitCode", 0],
    ["stdout", text(r.stdout)],
    ["stderr", text(r.stderr)],
    ["success", true],
  ]);
  return ok(new JsonValue(new JsonObject(data)));
}

function startFailure(fn: string, e: unknown, program: string): RuntimeError {
  const { code, reason } = osReason(e);
  return new RuntimeError("AT0400", `${fn}: ${code}: ${reason}: ${program}`, null);
}

defineCtxFn(
  "exec",
  "(command: string | string[], options?: json | null) -> Result<json, string>",
  (ctx) => (cmd: Value, opts?: Value) => {
    const argv = commandArgs(cmd);
    const options = execOptions("exec", opts);
    return runChild(ctx, { fn: "exec", argv, opts: options, failure: "Command failed with exit code" });
  },
);

defineCtxFn("shell", "(command: string, options?: json | null) -> Result<json, string>", (ctx) => (cmd: Value, opts?: Value) => {
  const command = str("shell", cmd);
  if (command.includes("\0")) throw argError("shell", "command must not contain U+0000");
  const options = execOptions("shell", opts);
  return runChild(ctx, { fn: "shell", argv: ["sh", "-c", command], opts: options, failure: "Shell command failed with exit code" });
});

// ---- environment ------------------------------------------------------------------------------

function validName(name: string): boolean {
  return name !== "" && !name.includes("=") && !name.includes("\0");
}

defineCtxFn("getEnv", "(name: string) -> string | null", (ctx) => (v: Value) => {
  const name = str("getEnv", v);
  requireEnv(policyOf(ctx), name);
  if (!validName(name)) return null;
  return process.env[name] ?? null;
});

defineCtxFn("setEnv", "(name: string, value: string) -> null", (ctx) => (nv: Value, vv: Value) => {
  const name = str("setEnv", nv);
  const value = str("setEnv", vv);
  if (!validName(name)) throw argError("setEnv", "invalid variable name");
  if (value.includes("\0")) throw argError("setEnv", "invalid value");
  requireEnv(policyOf(ctx), name);
  process.env[name] = value;
  return null;
});

defineCtxFn("unsetEnv", "(name: string) -> null", (ctx) => (nv: Value) => {
  const name = str("unsetEnv", nv);
  if (!validName(name)) throw argError("unsetEnv", "invalid variable name");
  requireEnv(policyOf(ctx), name);
  delete process.env[name];
  return null;
});

defineCtxFn("listEnv", "() -> json", (ctx) => () => {
  requireEnvAll(policyOf(ctx));
  const entries: [string, JsonData][] = [];
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) entries.push([k, v]);
  entries.sort((a, b) => compareCodePoints(a[0], b[0]));
  return new JsonValue(new JsonObject(new Map(entries)));
});

defineCtxFn("getCwd", "() -> string", (ctx) => () => policyOf(ctx).cwd);
defineFn("getPid", "() -> number", () => process.pid);
