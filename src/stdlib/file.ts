// File I/O builtins (stdlib.md §12) and the helpers every file-system builtin shares (§12
// common rules): path validation, the permission step, AT0400 `<fn>: <CODE>: <reason>: <path>`
// messages, atomic writes. The async twins (async.md §A7) reuse these helpers.
import {
  appendFileSync,
  closeSync,
  existsSync,
  fchmodSync,
  fstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmdirSync,
  statSync,
  unlinkSync,
  lstatSync,
  writeSync,
  type Stats,
} from "node:fs";
import { randomBytes } from "node:crypto";
import { getSystemErrorMap } from "node:util";
import { defineCtxFn, defineFn, type BuiltinContext } from "./define.js";
import { RuntimeError } from "../runtime/errors.js";
import { STRING_LIMIT, checkArraySize, tooLarge } from "../runtime/capacity.js";
import { compareCodePoints } from "../runtime/codepoints.js";
import { JsonObject, JsonValue, type JsonData, type Value } from "../runtime/values.js";
import { denyAllPolicy, type Policy } from "../security/policy.js";
import { requireFs, requireFsLink, requireReadOrSource, type FsAccess } from "../security/capabilities.js";
import { str } from "./validate.js";

// ---- shared helpers ---------------------------------------------------------------------------

const fallbackPolicies = new WeakMap<BuiltinContext, Policy>();

/** The runtime's policy; a context without one denies everything (stdlib.md §11.1.1). */
export function policyOf(ctx: BuiltinContext): Policy {
  if (ctx.policy !== undefined) return ctx.policy;
  let p = fallbackPolicies.get(ctx);
  if (p === undefined) {
    p = denyAllPolicy();
    fallbackPolicies.set(ctx, p);
  }
  return p;
}

/** A path argument: AT0102 if not a string; AT0400 `<fn>: invalid path` if empty or with U+0000. */
export function pathArg(fn: string, v: Value | undefined): string {
  const p = str(fn, v);
  if (p === "" || p.includes("\0")) throw new RuntimeError("AT0400", `${fn}: invalid path`, null);
  return p;
}

let errorMap: Map<number, [string, string]> | null = null;

/** CODE and reason of an OS error (`ENOENT`, `no such file or directory`). */
export function osReason(e: unknown): { code: string; reason: string } {
  const rec = (typeof e === "object" && e !== null ? e : {}) as { code?: unknown; errno?: unknown; message?: unknown };
  const message = typeof rec.message === "string" ? rec.message : String(e);
  if (typeof rec.code === "string" && /^E[A-Z0-9]+$/.test(rec.code)) {
    errorMap ??= getSystemErrorMap();
    const known = typeof rec.errno === "number" ? errorMap.get(rec.errno) : undefined;
    if (known !== undefined && known[0] === rec.code) return { code: rec.code, reason: known[1] };
    const m = /^E[A-Z0-9]+: ([^,]*)/.exec(message);
    return { code: rec.code, reason: m !== null ? m[1] : reasonOfCode(rec.code) };
  }
  return { code: "EIO", reason: message.split("\n")[0] };
}

/** The libuv description of an error code (`EISDIR` → `illegal operation on a directory`). */
export function reasonOfCode(code: string): string {
  errorMap ??= getSystemErrorMap();
  for (const [name, desc] of errorMap.values()) if (name === code) return desc;
  return code;
}

/** AT0400 `<fn>: <CODE>: <reason>: <path>` (path as the program wrote it). */
export function ioFailure(fn: string, code: string, reason: string, shown: string): RuntimeError {
  return new RuntimeError("AT0400", `${fn}: ${code}: ${reason}: ${shown}`, null);
}

/** AT0400 for an OS error code without a thrown error (`EISDIR`, `ENOTDIR`…). */
export function ioCode(fn: string, code: string, shown: string): RuntimeError {
  return ioFailure(fn, code, reasonOfCode(code), shown);
}

/** AT0400 from a thrown host error; RuntimeErrors pass through unchanged. */
export function toIoError(fn: string, e: unknown, shown: string): RuntimeError {
  if (e instanceof RuntimeError) return e;
  const { code, reason } = osReason(e);
  return ioFailure(fn, code, reason, shown);
}

/** Runs a file-system effect; any host exception becomes AT0400 for `shown`. */
export function fsCall<T>(fn: string, shown: string, op: () => T): T {
  try {
    return op();
  } catch (e) {
    throw toIoError(fn, e, shown);
  }
}

/** Validation (§12.2) then permission (§11) for a one-path builtin; returns [as written, resolved]. */
export function guardPath(ctx: BuiltinContext, fn: string, v: Value | undefined, access: FsAccess): [string, string] {
  const p = pathArg(fn, v);
  return [p, requireFs(policyOf(ctx), access, p)];
}

/** As guardPath, for operations on a link itself (§11.3.2). */
export function guardLinkPath(ctx: BuiltinContext, fn: string, v: Value | undefined, access: FsAccess): [string, string] {
  const p = pathArg(fn, v);
  return [p, requireFsLink(policyOf(ctx), access, p)];
}

function isMissing(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return code === "ENOENT" || code === "ENOTDIR";
}

// ---- reading ----------------------------------------------------------------------------------

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** Whole file as text (readFile's effect, shared with readFileAsync's worker-free path). */
export function readTextFile(fn: string, resolved: string, shown: string): string {
  const bytes = fsCall(fn, shown, () => {
    const fd = openSync(resolved, "r");
    try {
      // A string of N UTF-16 units takes at most 3N bytes of UTF-8.
      if (fstatSync(fd).size > 3 * STRING_LIMIT) throw tooLarge(fn, STRING_LIMIT);
      return readFileSync(fd);
    } finally {
      closeSync(fd);
    }
  });
  return decodeUtf8(fn, bytes, shown);
}

/** Strict UTF-8 decoding (a BOM is kept as U+FEFF); AT0400 `invalid UTF-8`, AT0007 when too long. */
export function decodeUtf8(fn: string, bytes: Uint8Array, shown: string): string {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch (e) {
    if ((e as { code?: unknown }).code === "ERR_ENCODING_INVALID_ENCODED_DATA") {
      throw new RuntimeError("AT0400", `${fn}: invalid UTF-8: ${shown}`, null);
    }
    throw tooLarge(fn, STRING_LIMIT); // the host's own string length limit
  }
  if (text.length > STRING_LIMIT) throw tooLarge(fn, STRING_LIMIT);
  return text;
}

/** Entry names of a directory, sorted by code point (§12 readDir). */
export function listDir(fn: string, resolved: string, shown: string): string[] {
  const names = fsCall(fn, shown, () => readdirSync(resolved));
  checkArraySize(fn, names.length);
  return names.sort(compareCodePoints);
}

/** `fileInfo`'s json object. */
export function fileInfoJson(fn: string, resolved: string, shown: string): JsonValue {
  return statJson(fsCall(fn, shown, () => statSync(resolved)));
}

/** The json object of `fileInfo` / `fileInfoAsync` for a stat result (stdlib.md §12). */
export function statJson(st: Stats): JsonValue {
  const entries = new Map<string, JsonData>([
    ["size", st.size],
    ["modified", Math.floor(st.mtimeMs / 1000)],
    ["isFile", st.isFile()],
    ["isDir", st.isDirectory()],
  ]);
  return new JsonValue(new JsonObject(entries));
}

// ---- writing ----------------------------------------------------------------------------------

/**
 * Atomic replacement (§12 writeFile): the text goes to a new temporary file in the target's
 * directory, which is then renamed over the target; on failure the temporary file is removed
 * and the old content is intact. An existing file keeps its permission bits.
 */
export function writeFileAtomic(fn: string, resolved: string, content: string, shown: string): void {
  const slash = resolved.lastIndexOf("/");
  const dir = slash <= 0 ? "/" : resolved.slice(0, slash);
  let mode: number | null = null;
  try {
    const st = statSync(resolved);
    if (st.isDirectory()) throw ioCode(fn, "EISDIR", shown);
    mode = st.mode & 0o7777;
  } catch (e) {
    if (!isMissing(e)) throw toIoError(fn, e, shown);
  }
  const tmp = `${dir === "/" ? "" : dir}/.atlas-tmp-${randomBytes(8).toString("hex")}`;
  const data = Buffer.from(content, "utf8");
  let fd: number | null = null;
  try {
    fd = openSync(tmp, "wx", mode ?? 0o666);
    for (let off = 0; off < data.length; ) off += writeSync(fd, data, off, data.length - off);
    if (mode !== null) fchmodSync(fd, mode);
    closeSync(fd);
    fd = null;
    renameSync(tmp, resolved);
  } catch (e) {
    if (fd !== null) ignoreErrors(() => closeSync(fd as number));
    ignoreErrors(() => unlinkSync(tmp));
    throw toIoError(fn, e, shown);
  }
}

function ignoreErrors(f: () => void): void {
  try {
    f();
  } catch {
    // cleanup after a failure that is already being reported
  }
}

/** `createDir`/`fsMkdirp`: the directory and missing parents; EEXIST for a non-directory. */
export function makeDirs(fn: string, resolved: string, shown: string): void {
  fsCall(fn, shown, () => {
    mkdirSync(resolved, { recursive: true });
    if (!statSync(resolved).isDirectory()) throw ioCode(fn, "EEXIST", shown);
  });
}

/** `removeFile`: a file or a symlink itself; a directory is EISDIR (on every platform). */
export function removeEntry(fn: string, resolved: string, shown: string): void {
  fsCall(fn, shown, () => {
    if (lstatSync(resolved).isDirectory()) throw ioCode(fn, "EISDIR", shown);
    unlinkSync(resolved);
  });
}

// ---- pathJoin ---------------------------------------------------------------------------------

/** `pathJoin` (§12): a segment starting with `/` restarts; otherwise `/` between, never doubled. */
export function joinSegments(segments: readonly string[]): string {
  let out = "";
  for (const s of segments) {
    if (s.startsWith("/") || out === "") out = s;
    else out = out.endsWith("/") ? out + s : `${out}/${s}`;
  }
  return out;
}

// ---- the builtins -----------------------------------------------------------------------------

defineCtxFn("readFile", "(path: string) -> string", (ctx) => (v: Value) => {
  const p = pathArg("readFile", v);
  const resolved = requireReadOrSource(policyOf(ctx), p);
  return readTextFile("readFile", resolved, p);
});

defineCtxFn("writeFile", "(path: string, content: string) -> null", (ctx) => (v: Value, c: Value) => {
  const p = pathArg("writeFile", v);
  const content = str("writeFile", c);
  writeFileAtomic("writeFile", requireFs(policyOf(ctx), "write", p), content, p);
  return null;
});

defineCtxFn("appendFile", "(path: string, content: string) -> null", (ctx) => (v: Value, c: Value) => {
  const p = pathArg("appendFile", v);
  const content = str("appendFile", c);
  const resolved = requireFs(policyOf(ctx), "write", p);
  fsCall("appendFile", p, () => appendFileSync(resolved, content, "utf8"));
  return null;
});

defineCtxFn("fileExists", "(path: string) -> bool", (ctx) => (v: Value) => {
  const [, resolved] = guardPath(ctx, "fileExists", v, "read");
  return existsSync(resolved);
});

defineCtxFn("readDir", "(path: string) -> string[]", (ctx) => (v: Value) => {
  const [p, resolved] = guardPath(ctx, "readDir", v, "read");
  return listDir("readDir", resolved, p);
});

defineCtxFn("createDir", "(path: string) -> null", (ctx) => (v: Value) => {
  const [p, resolved] = guardPath(ctx, "createDir", v, "write");
  makeDirs("createDir", resolved, p);
  return null;
});

defineCtxFn("removeFile", "(path: string) -> null", (ctx) => (v: Value) => {
  const [p, resolved] = guardLinkPath(ctx, "removeFile", v, "write");
  removeEntry("removeFile", resolved, p);
  return null;
});

defineCtxFn("removeDir", "(path: string) -> null", (ctx) => (v: Value) => {
  const [p, resolved] = guardPath(ctx, "removeDir", v, "write");
  fsCall("removeDir", p, () => rmdirSync(resolved));
  return null;
});

defineCtxFn("fileInfo", "(path: string) -> json", (ctx) => (v: Value) => {
  const [p, resolved] = guardPath(ctx, "fileInfo", v, "read");
  return fileInfoJson("fileInfo", resolved, p);
});

defineFn("pathJoin", "(first: string, ...rest: string) -> string", (...args: Value[]) => {
  const segs = [str("pathJoin", args[0]), ...args.slice(1).map((a) => str("pathJoin", a))];
  const out = joinSegments(segs);
  if (out.length > STRING_LIMIT) throw tooLarge("pathJoin", STRING_LIMIT);
  return out;
});
