// Async file I/O builtins (async.md §A7): readFileAsync, writeFileAsync (atomic, creating
// missing parents), appendFileAsync (never interleaved), readDirAsync, fileInfoAsync,
// removeFileAsync, fileExistsAsync. Same validation, permissions and AT0400 messages as their
// sync twins (stdlib.md §11–§12, helpers in file.ts); every failure rejects the future, and
// cancelling it aborts the host operation and closes what it opened. Streams: async-stream.ts.
import * as fs from "node:fs";
import { randomBytes } from "node:crypto";
import { checkAborted, failureMapper, hostFuture, ioState, type CancelSignal } from "../runtime/io.js";
import type { RuntimeContext } from "../runtime/runtime-context.js";
import { RuntimeError } from "../runtime/errors.js";
import { STRING_LIMIT, checkArraySize, tooLarge } from "../runtime/capacity.js";
import { compareCodePoints } from "../runtime/codepoints.js";
import type { Value } from "../runtime/values.js";
import { checkFs, requireFs, requireFsLink, requireReadOrSource, type FsAccess } from "../security/capabilities.js";
import { defineFutureFn } from "./async-common.js";
import { decodeUtf8, ioCode, pathArg, policyOf, statJson, toIoError } from "./file.js";
import { str } from "./validate.js";

// ---- promisified fs callbacks (cheaper than FileHandle objects on the hot read path) -----------

export function fsOpen(p: string, flags: string, mode = 0o666): Promise<number> {
  return new Promise((res, rej) => fs.open(p, flags, mode, (e, fd) => (e ? rej(e) : res(fd))));
}

export function fsFstat(fd: number): Promise<fs.Stats> {
  return new Promise((res, rej) => fs.fstat(fd, (e, st) => (e ? rej(e) : res(st))));
}

export function fsRead(fd: number, buf: Buffer, off: number, len: number, pos: number | null): Promise<number> {
  return new Promise((res, rej) => fs.read(fd, buf, off, len, pos, (e, n) => (e ? rej(e) : res(n))));
}

export function fsWrite(fd: number, buf: Buffer, off: number, len: number): Promise<number> {
  return new Promise((res, rej) => fs.write(fd, buf, off, len, null, (e, n) => (e ? rej(e) : res(n))));
}

export function fsClose(fd: number): Promise<void> {
  return new Promise((res) => fs.close(fd, () => res()));
}

function fsStat(p: string): Promise<fs.Stats> {
  return new Promise((res, rej) => fs.stat(p, (e, st) => (e ? rej(e) : res(st))));
}

function fsLstat(p: string): Promise<fs.Stats> {
  return new Promise((res, rej) => fs.lstat(p, (e, st) => (e ? rej(e) : res(st))));
}

function call(f: (cb: (e: NodeJS.ErrnoException | null) => void) => void): Promise<void> {
  return new Promise((res, rej) => f((e) => (e ? rej(e) : res())));
}

function isMissing(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return code === "ENOENT" || code === "ENOTDIR";
}

// ---- shared plumbing -------------------------------------------------------------------------------

/** Validation (§12.2), then the permission (§11): [as written, resolved]. Raises (→ rejection). */
function guard(rt: RuntimeContext, fn: string, v: Value | undefined, access: FsAccess, link = false): [string, string] {
  const p = pathArg(fn, v);
  const policy = policyOf(rt);
  return [p, link ? requireFsLink(policy, access, p) : requireFs(policy, access, p)];
}

/** The future of a file operation on `shown`: host errors become AT0400 `<fn>: <CODE>: …`. */
function fileFuture<T>(rt: RuntimeContext, fn: string, shown: string, start: (signal: CancelSignal) => Promise<T>, onOk: (v: T) => Value): Value {
  const origin = rt.callSpan;
  return hostFuture(rt, `${fn}(${shown})`, start, onOk, failureMapper(origin, (e) => toIoError(fn, e, shown)));
}

// ---- reading ------------------------------------------------------------------------------------------

/** Bytes per read syscall (as fs/promises' readFile): a cancelled read stops after the slice. */
const READ_SLICE = 512 * 1024;

/**
 * The whole file's bytes (open, fstat, read, close, like fs/promises' readFile): a regular file
 * is read up to its size, anything else until EOF; AT0007 before reading more than a string
 * can hold; the signal is checked between reads and the descriptor is always closed.
 */
export async function readWholeFile(fn: string, resolved: string, shown: string, signal: CancelSignal): Promise<Buffer> {
  const fd = await fsOpen(resolved, "r");
  try {
    const st = await fsFstat(fd);
    if (st.isDirectory()) throw ioCode(fn, "EISDIR", shown);
    const max = 3 * STRING_LIMIT; // a string of N UTF-16 units takes at most 3N bytes of UTF-8
    if (st.size > max) throw tooLarge(fn, STRING_LIMIT);
    const known = st.isFile() && st.size > 0;
    let buf = Buffer.allocUnsafe(known ? st.size : 64 * 1024);
    let pos = 0;
    for (;;) {
      checkAborted(signal);
      if (pos === buf.length) {
        if (known) break;
        if (buf.length >= max) throw tooLarge(fn, STRING_LIMIT);
        const bigger = Buffer.allocUnsafe(Math.min(max, buf.length * 2));
        buf.copy(bigger, 0, 0, pos);
        buf = bigger;
      }
      const n = await fsRead(fd, buf, pos, Math.min(READ_SLICE, buf.length - pos), null);
      if (n === 0) break;
      pos += n;
    }
    return buf.subarray(0, pos);
  } finally {
    await fsClose(fd);
  }
}

defineFutureFn("readFileAsync", "(path: string) -> Future<string>", (rt) => (v: Value) => {
  const p = pathArg("readFileAsync", v);
  const resolved = requireReadOrSource(policyOf(rt), p);
  return fileFuture(rt, "readFileAsync", p, (signal) => readWholeFile("readFileAsync", resolved, p, signal), (bytes) =>
    decodeUtf8("readFileAsync", bytes, p),
  );
});

defineFutureFn("readDirAsync", "(path: string) -> Future<string[]>", (rt) => (v: Value) => {
  const [p, resolved] = guard(rt, "readDirAsync", v, "read");
  return fileFuture(
    rt,
    "readDirAsync",
    p,
    () => new Promise<string[]>((res, rej) => fs.readdir(resolved, (e, names) => (e ? rej(e) : res(names)))),
    (names) => {
      checkArraySize("readDirAsync", names.length);
      return names.sort(compareCodePoints);
    },
  );
});

defineFutureFn("fileInfoAsync", "(path: string) -> Future<json>", (rt) => (v: Value) => {
  const [p, resolved] = guard(rt, "fileInfoAsync", v, "read");
  return fileFuture(rt, "fileInfoAsync", p, () => fsStat(resolved), statJson);
});

defineFutureFn("fileExistsAsync", "(path: string) -> Future<bool>", (rt) => (v: Value) => {
  const [p, resolved] = guard(rt, "fileExistsAsync", v, "read");
  // As fileExists: follows symlinks (a dangling link is false) and never fails for a missing path.
  return fileFuture(
    rt,
    "fileExistsAsync",
    p,
    () => fsStat(resolved).then(
      () => true,
      () => false,
    ),
    (b) => b,
  );
});

// ---- writing ------------------------------------------------------------------------------------------

const WRITE_SLICE = 1024 * 1024;

/**
 * Writes all of `data` at the descriptor's position. With a signal, in slices checked between
 * writes (cancellable); without, as one write call (continued only after a partial write), so
 * an O_APPEND write lands whole even next to other processes appending to the same file.
 */
async function writeAll(fd: number, data: Buffer, signal: CancelSignal | null): Promise<void> {
  const slice = signal === null ? data.length : WRITE_SLICE;
  for (let off = 0; off < data.length; ) {
    if (signal !== null) checkAborted(signal);
    off += await fsWrite(fd, data, off, Math.min(slice, data.length - off));
  }
}

function dirOf(resolved: string): string {
  const slash = resolved.lastIndexOf("/");
  return slash <= 0 ? "/" : resolved.slice(0, slash);
}

/**
 * Makes sure the directory of a write target exists (writeFileAsync, pipeToFile): missing
 * directories are created, but only when the highest missing one is itself covered by the write
 * grant (creating directories is part of the write, §11.3.4; a grant never lets a write create
 * anything outside it). Raises AT0300 otherwise.
 */
export async function ensureParent(rt: RuntimeContext, resolved: string): Promise<void> {
  const dir = dirOf(resolved);
  try {
    await fsStat(dir);
    return; // exists (a non-directory fails later with ENOTDIR, as the OS reports it)
  } catch (e) {
    if (!isMissing(e)) throw e;
  }
  let top = dir;
  for (let up = dirOf(top); up !== top; up = dirOf(top)) {
    try {
      await fsStat(up);
      break;
    } catch (e) {
      if (!isMissing(e)) break;
      top = up;
    }
  }
  checkFs(policyOf(rt), "write", top);
  await call((cb) => fs.mkdir(dir, { recursive: true }, (e) => cb(e)));
}

/** A fresh temporary file name next to `resolved` (the same one the sync writeFile uses). */
export function tempNameFor(resolved: string): string {
  const dir = dirOf(resolved);
  return `${dir === "/" ? "" : dir}/.atlas-tmp-${randomBytes(8).toString("hex")}`;
}

/**
 * The atomic replacement of writeFileAsync (§A7): parents created, the text written to a new
 * temporary file in the target's directory, flushed to disk, then renamed over the target; an
 * existing file keeps its permission bits. On failure or cancellation the temporary file is
 * removed and the old content is intact.
 */
async function writeAtomic(rt: RuntimeContext, fn: string, resolved: string, shown: string, content: string, signal: CancelSignal): Promise<null> {
  await ensureParent(rt, resolved);
  let mode: number | null = null;
  try {
    const st = await fsStat(resolved);
    if (st.isDirectory()) throw ioCode(fn, "EISDIR", shown);
    mode = st.mode & 0o7777;
  } catch (e) {
    if (e instanceof RuntimeError || !isMissing(e)) throw e;
  }
  checkAborted(signal);
  const tmp = tempNameFor(resolved);
  const fd = await fsOpen(tmp, "wx", mode ?? 0o666);
  let closed = false;
  try {
    await writeAll(fd, Buffer.from(content, "utf8"), signal);
    if (mode !== null) await call((cb) => fs.fchmod(fd, mode as number, cb));
    await call((cb) => fs.fdatasync(fd, cb));
    closed = true;
    await call((cb) => fs.close(fd, cb));
    checkAborted(signal);
    await call((cb) => fs.rename(tmp, resolved, cb));
    return null;
  } catch (e) {
    if (!closed) await fsClose(fd);
    await new Promise<void>((res) => fs.unlink(tmp, () => res()));
    throw e;
  }
}

defineFutureFn("writeFileAsync", "(path: string, content: string) -> Future<null>", (rt) => (v: Value, c: Value) => {
  const p = pathArg("writeFileAsync", v);
  const content = str("writeFileAsync", c);
  const resolved = requireFs(policyOf(rt), "write", p);
  return fileFuture(rt, "writeFileAsync", p, (signal) => writeAtomic(rt, "writeFileAsync", resolved, p, content, signal), () => null);
});

defineFutureFn("appendFileAsync", "(path: string, content: string) -> Future<null>", (rt) => (v: Value, c: Value) => {
  const p = pathArg("appendFileAsync", v);
  const content = str("appendFileAsync", c);
  const resolved = requireFs(policyOf(rt), "write", p);
  const data = Buffer.from(content, "utf8");
  // Appends to one file run one after another (FIFO), each as one O_APPEND write loop, so no
  // call's content is ever interleaved with another's. A queued append that is cancelled never
  // starts; one that has started writing finishes (a half-written append would be worse).
  const start = (signal: CancelSignal): Promise<null> =>
    ioState(rt).serialise(resolved, async () => {
      checkAborted(signal);
      const fd = await fsOpen(resolved, "a");
      try {
        await writeAll(fd, data, null);
      } finally {
        await fsClose(fd);
      }
      return null;
    });
  return fileFuture(rt, "appendFileAsync", p, start, () => null);
});

defineFutureFn("removeFileAsync", "(path: string) -> Future<null>", (rt) => (v: Value) => {
  const [p, resolved] = guard(rt, "removeFileAsync", v, "write", true);
  const start = async (): Promise<null> => {
    // A file or a symlink itself; a directory is EISDIR on every platform (as removeFile).
    if ((await fsLstat(resolved)).isDirectory()) throw ioCode("removeFileAsync", "EISDIR", p);
    await call((cb) => fs.unlink(resolved, cb));
    return null;
  };
  return fileFuture(rt, "removeFileAsync", p, start, () => null);
});
