// Streams through bounded channels (async.md §A7, §A8): the StreamPump that moves text from a
// byte source (a file, a streamed HTTP body) into a channel line by line or in chunks of code
// points with bounded memory, closing the channel at the end or with the Error after the good
// items, and releasing the source when the consumer closes the channel early; the builtins
// fileLines, fileChunks and pipeToFile (channel → new file, atomically). HTTP bodies plug their
// own ByteSource into the pump (async-http-stream.ts).
import * as fs from "node:fs";
import type { Span } from "../diagnostics/span.js";
import { Channel, channelReceive, channelSend } from "../runtime/channel.js";
import { cancelledError } from "../runtime/cancel.js";
import { cpLength, hasSurrogates } from "../runtime/codepoints.js";
import { STRING_LIMIT, tooLarge } from "../runtime/capacity.js";
import { RuntimeError } from "../runtime/errors.js";
import { Future, type FutureSource, type SettleListener } from "../runtime/future.js";
import { errorOfRuntimeError, ioState, trackCleanup, type IoResource } from "../runtime/io.js";
import type { RuntimeContext } from "../runtime/runtime-context.js";
import type { Scheduler } from "../runtime/scheduler.js";
import { disown, own, type OwnedResource, type Task } from "../runtime/task.js";
import { OptionValue, type ErrorValue, type Value } from "../runtime/values.js";
import { defineFutureFn, intAtLeast, runtimeOf } from "./async-common.js";
import { fsClose, fsOpen, fsRead, ensureParent, tempNameFor } from "./async-file.js";
import { defineCtxFn } from "./define.js";
import { ioCode, pathArg, policyOf, toIoError } from "./file.js";
import { requireFs } from "../security/capabilities.js";
import { expected } from "./validate.js";

/** Bytes read from a source per step. */
export const READ_SIZE = 64 * 1024;
/** Default channel bound of fileLines / httpBodyLines. */
export const DEFAULT_LINE_BUFFER = 64;

// ---- sources, decoders, splitters ------------------------------------------------------------------

/** Where a stream's bytes come from. `close()` is called once, never while a read is pending. */
export interface ByteSource {
  /** The next chunk, or null at the end. */
  read(): Promise<Uint8Array | null>;
  /** Releases the source (closes the file, frees the connection). */
  close(): Promise<void>;
}

/** Bytes → text. A decoding failure throws DecodeFailure with the text before the bad bytes. */
export interface ChunkDecoder {
  decode(chunk: Uint8Array): string;
  end(): string;
}

export class DecodeFailure {
  constructor(
    readonly goodText: string,
    readonly error: RuntimeError,
  ) {}
}

/** Length of the longest prefix of `b` made of complete, valid UTF-8 sequences. */
export function validUtf8Prefix(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    let n: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) n = 1;
    else if (c >= 0xe0 && c <= 0xef) {
      n = 2;
      if (c === 0xe0) lo = 0xa0;
      else if (c === 0xed) hi = 0x9f; // no surrogates
    } else if (c >= 0xf0 && c <= 0xf4) {
      n = 3;
      if (c === 0xf0) lo = 0x90;
      else if (c === 0xf4) hi = 0x8f; // ≤ U+10FFFF
    } else return i;
    if (i + n >= b.length) return i; // incomplete at the end
    for (let k = 1; k <= n; k++) {
      const d = b[i + k];
      const min = k === 1 ? lo : 0x80;
      const max = k === 1 ? hi : 0xbf;
      if (d < min || d > max) return i;
    }
    i += n + 1;
  }
  return i;
}

/**
 * Strict UTF-8 for files (stdlib.md §12: invalid UTF-8 is an error; a BOM is kept as U+FEFF):
 * each chunk is decoded up to its last complete sequence, the rest carried to the next one.
 */
export class StrictUtf8Decoder implements ChunkDecoder {
  private carry: Uint8Array | null = null;
  private readonly dec = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

  constructor(private readonly invalid: () => RuntimeError) {}

  decode(chunk: Uint8Array): string {
    let bytes = chunk;
    if (this.carry !== null) {
      bytes = Buffer.concat([this.carry, chunk]);
      this.carry = null;
    }
    let end = bytes.length;
    // Back up over an incomplete trailing sequence (at most 3 bytes).
    for (let k = 1; k <= 3 && k <= bytes.length; k++) {
      const c = bytes[bytes.length - k];
      if (c < 0x80) break;
      if (c >= 0xc0) {
        const need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
        if (need > k) end = bytes.length - k;
        break;
      }
    }
    if (end < bytes.length) this.carry = bytes.slice(end);
    return this.decodeExact(bytes.subarray(0, end));
  }

  end(): string {
    const rest = this.carry;
    this.carry = null;
    if (rest !== null && rest.length > 0) throw new DecodeFailure(this.decodeExact(rest.subarray(0, validUtf8Prefix(rest))), this.invalid());
    return "";
  }

  private decodeExact(bytes: Uint8Array): string {
    try {
      return this.dec.decode(bytes);
    } catch {
      const good = validUtf8Prefix(bytes);
      throw new DecodeFailure(this.dec.decode(bytes.subarray(0, good)), this.invalid());
    }
  }
}

/** Lenient streaming decoding for HTTP bodies (stdlib.md §16.4.4: bad bytes become U+FFFD). */
export class LenientDecoder implements ChunkDecoder {
  private readonly dec: InstanceType<typeof TextDecoder>;

  constructor(charset: string | null) {
    let d: InstanceType<typeof TextDecoder>;
    try {
      d = new TextDecoder(charset ?? "utf-8");
    } catch {
      d = new TextDecoder("utf-8");
    }
    this.dec = d;
  }

  decode(chunk: Uint8Array): string {
    return this.dec.decode(chunk, { stream: true });
  }

  end(): string {
    return this.dec.decode();
  }
}

/** Cuts text into items. */
export interface Splitter {
  push(text: string, out: string[]): void;
  end(out: string[]): void;
}

/** §A7 line rules: split at `\n`, drop a `\r` just before it, no final empty line. */
export class LineSplitter implements Splitter {
  private partial = "";

  constructor(private readonly fn: string) {}

  push(text: string, out: string[]): void {
    let from = 0;
    for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", from)) {
      let line = this.partial === "" ? text.slice(from, i) : this.partial + text.slice(from, i);
      this.partial = "";
      if (line.length > 0 && line.charCodeAt(line.length - 1) === 13) line = line.slice(0, -1);
      out.push(line);
      from = i + 1;
    }
    if (from < text.length) {
      this.partial = this.partial === "" ? text.slice(from) : this.partial + text.slice(from);
      if (this.partial.length > STRING_LIMIT) throw tooLarge(this.fn, STRING_LIMIT);
    }
  }

  end(out: string[]): void {
    if (this.partial !== "") out.push(this.partial);
    this.partial = "";
  }
}

/** Chunks of exactly `n` code points (the last may be shorter; none is empty). */
export class ChunkSplitter implements Splitter {
  private acc = "";
  private accCps = 0;

  constructor(
    private readonly n: number,
    private readonly fn: string,
  ) {}

  push(text: string, out: string[]): void {
    const n = this.n;
    if (!hasSurrogates(text)) {
      let from = 0;
      let need = n - this.accCps;
      while (text.length - from >= need) {
        out.push(this.acc + text.slice(from, from + need));
        from += need;
        this.acc = "";
        this.accCps = 0;
        need = n;
      }
      this.append(text.slice(from), text.length - from);
      return;
    }
    let from = 0;
    let i = 0;
    let k = this.accCps;
    while (i < text.length) {
      const c = text.charCodeAt(i);
      i += c >= 0xd800 && c <= 0xdbff ? 2 : 1;
      if (++k === n) {
        out.push(this.acc + text.slice(from, i));
        this.acc = "";
        this.accCps = 0;
        from = i;
        k = 0;
      }
    }
    this.acc += text.slice(from);
    this.accCps = k;
  }

  private append(s: string, cps: number): void {
    if (s === "") return;
    this.acc += s;
    this.accCps += cps;
    if (this.acc.length > STRING_LIMIT) throw tooLarge(this.fn, STRING_LIMIT);
  }

  end(out: string[]): void {
    if (this.acc !== "") out.push(this.acc);
    this.acc = "";
    this.accCps = 0;
  }
}

// ---- the pump ------------------------------------------------------------------------------------------

interface ReadDone {
  readonly pump: StreamPump;
  readonly chunk: Uint8Array | null;
  readonly error: unknown;
}

/**
 * Moves a ByteSource into a channel (async.md §A7 fileLines): reads a chunk (I/O in flight),
 * decodes and splits it, delivers the items with the channel's backpressure (a full channel
 * suspends the pump, not a task), reads ahead at most one chunk, and at the end closes the
 * channel (with the Error, after the good items, on failure). Closing the channel, cancelling
 * the task that created it, or the runtime ending stops it and releases the source.
 */
export class StreamPump implements SettleListener, IoResource, OwnedResource {
  private items: string[] = [];
  private next = 0;
  private pendingUnits = 0;
  private eof = false;
  private failure: ErrorValue | null = null;
  private reading = false;
  private blocked = false;
  private stopped = false;
  private released = false;
  private readonly sched: Scheduler;
  private readonly owner: Task;

  constructor(
    readonly rt: RuntimeContext,
    readonly channel: Channel,
    private readonly source: ByteSource,
    private readonly decoder: ChunkDecoder,
    private readonly splitter: Splitter,
    /** `fileLines(data.txt)`: names the stream in AT0171 messages. */
    private readonly label: string,
    /** Maps a read failure to the Error the channel is closed with. */
    private readonly readError: (e: unknown) => RuntimeError,
  ) {
    this.sched = rt.scheduler;
    this.owner = this.sched.current;
  }

  /** Starts reading; the channel is handed to the program right after. */
  start(): void {
    ioState(this.rt).track(this);
    own(this.owner, this);
    this.channel.onClose(() => this.stop());
    this.pump();
  }

  /** The creating task was cancelled (async.md §A4.2): the stream ends with AT0171. */
  cancel(): boolean {
    if (this.stopped) return false;
    this.channel.close(cancelledError(this.label));
    this.stop();
    return true;
  }

  /** The runtime ended: release at once (no more jobs will run). */
  shutdown(): void {
    this.stopped = true;
    if (!this.reading) this.release();
  }

  onFutureSettled(f: Future): void {
    this.blocked = false;
    if (f.error !== null) this.stop(); // the channel was closed while a value waited
    else this.sched.enqueue(pumpJob, this);
  }

  /** Delivers ready items while the channel takes them, then reads ahead or finishes. */
  pump(): void {
    if (this.stopped || this.blocked) return;
    const ch = this.channel;
    const items = this.items;
    while (this.next < items.length) {
      if (ch.closed) {
        this.stop();
        return;
      }
      const v = items[this.next];
      items[this.next++] = "";
      this.pendingUnits -= v.length;
      if (ch.canSend) {
        ch.put(v);
        continue;
      }
      const f = channelSend(this.sched, ch, v, null);
      f.observed = true;
      if (!f.isPending) {
        if (f.error !== null) return this.stop();
        continue;
      }
      this.blocked = true;
      f.onSettle(this);
      this.readAhead();
      return;
    }
    this.items = [];
    this.next = 0;
    if (this.failure !== null || this.eof) return this.finish();
    this.readAhead();
  }

  private readAhead(): void {
    if (this.reading || this.eof || this.failure !== null || this.stopped || this.pendingUnits >= READ_SIZE) return;
    this.reading = true;
    this.sched.beginIo();
    this.source.read().then(
      (chunk) => this.readDone(chunk, null),
      (e: unknown) => this.readDone(null, e === null || e === undefined ? new Error("read failed") : e),
    );
  }

  /** Host side of a read: a stopped pump releases here (jobs may no longer run). */
  private readDone(chunk: Uint8Array | null, error: unknown): void {
    this.reading = false;
    if (this.stopped) {
      this.release();
      this.sched.endIo(noop, undefined);
      return;
    }
    this.sched.endIo(readJob, { pump: this, chunk, error });
  }

  /** @internal a read completed: decode, split, deliver. */
  took(chunk: Uint8Array | null, error: unknown): void {
    if (this.stopped) {
      this.release();
      return;
    }
    const before = this.items.length;
    try {
      if (error !== null) throw error;
      if (chunk === null) {
        this.eof = true;
        this.splitter.push(this.decoder.end(), this.items);
        this.splitter.end(this.items);
      } else this.splitter.push(this.decoder.decode(chunk), this.items);
    } catch (e) {
      this.failure = this.failureOf(e);
    }
    for (let i = before; i < this.items.length; i++) this.pendingUnits += this.items[i].length;
    this.pump();
  }

  private failureOf(e: unknown): ErrorValue {
    if (e instanceof DecodeFailure) {
      try {
        this.splitter.push(e.goodText, this.items); // complete lines before the bad bytes
      } catch {
        // the good text alone is too long: report the decoding error anyway
      }
      return errorOfRuntimeError(e.error, null);
    }
    if (e instanceof RuntimeError) return errorOfRuntimeError(e, null);
    return errorOfRuntimeError(this.readError(e), null);
  }

  /** Everything delivered: close the channel (with the failure, if any) and release. */
  private finish(): void {
    const err = this.failure;
    this.stopped = true;
    this.channel.close(err);
    this.release();
  }

  /** Stops producing (the consumer closed the channel, or the end was reached). */
  stop(): void {
    if (this.stopped && this.released) return;
    this.stopped = true;
    this.items = [];
    if (!this.reading) this.release();
  }

  private release(): void {
    if (this.released) return;
    this.released = true;
    this.stopped = true;
    disown(this.owner, this);
    ioState(this.rt).release(this);
    const p = this.source.close();
    if (this.sched.isStopped) p.catch(() => undefined);
    else trackCleanup(this.rt, p);
  }

  /** Test hook: whether the source has been released. */
  get isReleased(): boolean {
    return this.released;
  }
}

function pumpJob(p: StreamPump): void {
  p.pump();
}

function readJob(d: ReadDone): void {
  d.pump.took(d.chunk, d.error);
}

function noop(): void {
  // wakes the scheduler (idle detection)
}

/** Starts a pump over a new bounded channel and returns the channel. */
export function pumpChannel(
  rt: RuntimeContext,
  capacity: number,
  source: ByteSource,
  decoder: ChunkDecoder,
  splitter: Splitter,
  label: string,
  readError: (e: unknown) => RuntimeError,
): Channel {
  const ch = new Channel(capacity);
  new StreamPump(rt, ch, source, decoder, splitter, label, readError).start();
  return ch;
}

/** A channel already closed with `e` (async.md §A2.5: stream builtins never raise). */
export function failedChannel(e: RuntimeError, origin: Span | null): Channel {
  const ch = new Channel(0);
  ch.close(errorOfRuntimeError(e, origin));
  return ch;
}

/**
 * A builtin returning a stream channel: a RuntimeError raised while validating or starting it
 * gives a channel already closed with that Error instead (async.md §A2.5).
 */
export function defineStreamFn(name: string, signature: string, make: (rt: RuntimeContext) => (...args: Value[]) => Channel): void {
  defineCtxFn(name, signature, (bctx) => {
    let impl: ((...args: Value[]) => Channel) | null = null;
    return (...args: Value[]): Value => {
      const rt = runtimeOf(bctx);
      impl ??= make(rt);
      const span = rt.callSpan;
      try {
        return impl(...args);
      } catch (e) {
        if (!(e instanceof RuntimeError)) throw e;
        return failedChannel(e, span);
      }
    };
  });
}

// ---- files -----------------------------------------------------------------------------------------------

/** A file read sequentially in READ_SIZE chunks; opened on the first read. */
export class FileSource implements ByteSource {
  private fd: number | null = null;

  constructor(
    private readonly fn: string,
    private readonly resolved: string,
    private readonly shown: string,
  ) {}

  async read(): Promise<Uint8Array | null> {
    if (this.fd === null) {
      this.fd = await fsOpen(this.resolved, "r");
    }
    const buf = Buffer.allocUnsafe(READ_SIZE);
    const n = await fsRead(this.fd, buf, 0, READ_SIZE, null);
    return n === 0 ? null : buf.subarray(0, n);
  }

  close(): Promise<void> {
    const fd = this.fd;
    this.fd = null;
    return fd === null ? Promise.resolve() : fsClose(fd);
  }

  /** AT0400 `<fn>: <CODE>: <reason>: <path>` for a failed open or read. */
  error(e: unknown): RuntimeError {
    if ((e as { code?: unknown } | null)?.code === "EISDIR") return ioCode(this.fn, "EISDIR", this.shown);
    return toIoError(this.fn, e, this.shown);
  }
}

function fileStream(rt: RuntimeContext, fn: string, pathV: Value | undefined, capacity: number, splitter: Splitter): Channel {
  const p = pathArg(fn, pathV);
  const resolved = requireFs(policyOf(rt), "read", p);
  const src = new FileSource(fn, resolved, p);
  const invalid = (): RuntimeError => new RuntimeError("AT0400", `${fn}: invalid UTF-8: ${p}`, null);
  return pumpChannel(rt, capacity, src, new StrictUtf8Decoder(invalid), splitter, `${fn}(${p})`, (e) => src.error(e));
}

defineStreamFn("fileLines", "(path: string, buffer?: number) -> Channel<string>", (rt) => (p: Value, b?: Value) => {
  const buffer = b === undefined || b === null ? DEFAULT_LINE_BUFFER : intAtLeast("fileLines", "buffer", b, 1);
  return fileStream(rt, "fileLines", p, buffer, new LineSplitter("fileLines"));
});

defineStreamFn("fileChunks", "(path: string, chunkChars: number) -> Channel<string>", (rt) => (p: Value, n: Value) => {
  const size = intAtLeast("fileChunks", "chunkChars", n, 1);
  return fileStream(rt, "fileChunks", p, DEFAULT_LINE_BUFFER, new ChunkSplitter(size, "fileChunks"));
});

// ---- pipeToFile ------------------------------------------------------------------------------------------

const BATCH_BYTES = 1024 * 1024;

interface StepDone {
  readonly pipe: PipeWriter;
  readonly ok: boolean;
  readonly error: unknown;
  readonly then: (p: PipeWriter) => void;
}

/**
 * pipeToFile (async.md §A7): drains the channel into a temporary file next to the target,
 * then renames it over the target (the file appears complete or not at all). The channel's bound
 * gives backpressure: nothing more is received while a batch is being written. Cancelling
 * stops receiving (a waiting receive consumes nothing) and removes the temporary file.
 */
class PipeWriter implements FutureSource, SettleListener, IoResource {
  readonly waitKind = "future";
  private fd: number | null = null;
  private readonly tmp: string;
  private chars = 0;
  private receiving: Future | null = null;
  private carry: string[] = [];
  private hostBusy = false;
  private dead = false;
  private committing = false;
  private cleaned = false;
  private failure: ErrorValue | null = null;

  constructor(
    private readonly rt: RuntimeContext,
    private readonly ch: Channel,
    private readonly resolved: string,
    private readonly shown: string,
    readonly future: Future,
  ) {
    this.tmp = tempNameFor(resolved);
  }

  get waitingOn(): Future | null {
    return this.receiving;
  }

  start(): void {
    ioState(this.rt).track(this);
    this.host(this.open(), (p) => p.drain());
  }

  private async open(): Promise<void> {
    await ensureParent(this.rt, this.resolved);
    let mode = 0o666;
    try {
      const st = await new Promise<fs.Stats>((res, rej) => fs.stat(this.resolved, (e, s) => (e ? rej(e) : res(s))));
      if (st.isDirectory()) throw ioCode("pipeToFile", "EISDIR", this.shown);
      mode = st.mode & 0o7777;
    } catch (e) {
      if (e instanceof RuntimeError) throw e;
    }
    this.fd = await fsOpen(this.tmp, "wx", mode);
  }

  /** Runs a host step (I/O in flight); `then` continues as a job unless the pipe died meanwhile. */
  private host(p: Promise<void>, then: (p: PipeWriter) => void): void {
    const sched = this.rt.scheduler;
    this.hostBusy = true;
    sched.beginIo();
    p.then(
      () => this.hostDone({ pipe: this, ok: true, error: null, then }),
      (error: unknown) => this.hostDone({ pipe: this, ok: false, error, then }),
    );
  }

  private hostDone(d: StepDone): void {
    this.hostBusy = false;
    const sched = this.rt.scheduler;
    if (this.dead) {
      this.cleanup();
      sched.endIo(noop, undefined);
      return;
    }
    sched.endIo(stepJob, d);
  }

  /** @internal a host step finished. */
  stepped(d: StepDone): void {
    if (this.dead) return this.cleanup();
    if (!d.ok) return this.fail(d.error instanceof RuntimeError ? d.error : toIoError("pipeToFile", d.error, this.shown));
    d.then(this);
  }

  /** Takes what the channel has now (up to a batch) and writes it; else waits for a value. */
  drain(): void {
    if (this.dead) return;
    const batch = this.carry;
    this.carry = [];
    let bytes = 0;
    for (const s of batch) bytes += s.length;
    const ch = this.ch;
    while (bytes < BATCH_BYTES && ch.hasValue) {
      const v = ch.take();
      if (typeof v !== "string") return this.fail(expected("pipeToFile", "string", v));
      batch.push(v);
      bytes += v.length;
    }
    if (batch.length > 0) {
      for (const s of batch) this.chars += cpLength(s);
      const data = Buffer.from(batch.length === 1 ? batch[0] : batch.join(""), "utf8");
      this.host(this.write(data), (p) => p.drain());
      return;
    }
    if (ch.closed) {
      if (ch.closeError !== null) return this.failWith(ch.closeError);
      this.committing = true;
      this.host(this.commit(), (p) => p.future.resolve(p.chars));
      return;
    }
    const f = channelReceive(this.rt.scheduler, ch);
    f.observed = true;
    this.receiving = f;
    f.onSettle(this);
  }

  onFutureSettled(f: Future): void {
    if (this.receiving !== f) return;
    this.receiving = null;
    if (this.dead) return;
    if (f.error !== null) {
      this.failWith(f.error);
      return;
    }
    const o = f.value;
    if (o instanceof OptionValue && o.isSome) {
      if (typeof o.value !== "string") return this.fail(expected("pipeToFile", "string", o.value));
      this.carry.push(o.value);
    }
    this.rt.scheduler.enqueue(drainJob, this);
  }

  private async write(data: Buffer): Promise<void> {
    const fd = this.fd as number;
    for (let off = 0; off < data.length; ) {
      off += await new Promise<number>((res, rej) => fs.write(fd, data, off, data.length - off, null, (e, n) => (e ? rej(e) : res(n))));
    }
  }

  private async commit(): Promise<void> {
    const fd = this.fd as number;
    await new Promise<void>((res, rej) => fs.fdatasync(fd, (e) => (e ? rej(e) : res())));
    this.fd = null;
    await new Promise<void>((res, rej) => fs.close(fd, (e) => (e ? rej(e) : res())));
    await new Promise<void>((res, rej) => fs.rename(this.tmp, this.resolved, (e) => (e ? rej(e) : res())));
    this.cleaned = true;
  }

  /** Not cancellable once the final rename has started (it cannot be undone). */
  cancel(): boolean {
    if (!this.future.isPending || this.committing) return false;
    this.future.reject(cancelledError(`pipeToFile(${this.shown})`));
    this.die();
    return true;
  }

  shutdown(): void {
    this.dead = true;
    if (!this.hostBusy) this.cleanup();
  }

  private fail(e: RuntimeError): void {
    this.failWith(errorOfRuntimeError(e, null));
  }

  /** A failure rejects once the temporary file is gone (the caller may look at the directory). */
  private failWith(e: ErrorValue): void {
    if (this.dead) return;
    this.failure = e;
    this.die();
  }

  private die(): void {
    this.dead = true;
    const r = this.receiving;
    this.receiving = null;
    if (r !== null) r.cancel(); // leaves the wait list without consuming anything
    if (!this.hostBusy) this.cleanup();
  }

  /** Closes the descriptor and removes the temporary file (once; counted as I/O). */
  private cleanup(): void {
    ioState(this.rt).release(this);
    const sched = this.rt.scheduler;
    if (this.cleaned) {
      if (this.failure !== null) this.future.reject(this.failure);
      return;
    }
    this.cleaned = true;
    const fd = this.fd;
    this.fd = null;
    const tmp = this.tmp;
    const p = (fd === null ? Promise.resolve() : fsClose(fd)).then(() => new Promise<void>((res) => fs.unlink(tmp, () => res())));
    if (sched.isStopped) return void p.catch(() => undefined);
    sched.beginIo();
    p.then(() => sched.endIo(failJob, this));
  }

  /** @internal the cleanup after a failure has finished. */
  rejectNow(): void {
    if (this.failure !== null) this.future.reject(this.failure);
  }
}

function failJob(p: PipeWriter): void {
  p.rejectNow();
}

function stepJob(d: StepDone): void {
  d.pipe.stepped(d);
}

function drainJob(p: PipeWriter): void {
  p.drain();
}

defineFutureFn("pipeToFile", "(ch: Channel<string>, path: string) -> Future<number>", (rt) => (c: Value, v: Value) => {
  if (!(c instanceof Channel)) throw expected("pipeToFile", "Channel", c);
  const p = pathArg("pipeToFile", v);
  const resolved = requireFs(policyOf(rt), "write", p);
  const f = rt.scheduler.newFuture();
  const w = new PipeWriter(rt, c, resolved, p, f);
  f.source = w;
  w.start();
  return f;
});
