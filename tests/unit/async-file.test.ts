// Async file I/O and streams (async.md §A7) against real files in temporary directories:
// the seven *Async functions (text, atomic writes, concurrent appends, permissions before any
// effect, denials and OS errors as rejections), fileLines / fileChunks (line rules, chunk
// boundaries, invalid UTF-8 after good lines, bounded memory on large files, early close
// releasing the file), pipeToFile, cancellation reaching the OS, and whole programs on both
// engines.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  statSync,
  symlinkSync,
  writeFileSync,
  openSync,
  writeSync,
  closeSync,
} from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import * as v8 from "node:v8";
import * as vm from "node:vm";
import { Channel, channelReceive, channelSend } from "../../src/runtime/channel.js";
import { Future } from "../../src/runtime/future.js";
import { JsonValue, type Value } from "../../src/runtime/values.js";
import { display } from "../../src/runtime/display.js";
import { ioState } from "../../src/runtime/io.js";
import { cleanup, tempDir } from "./support/sys-harness.js";
import {
  drain,
  ENGINES,
  fdsUnder,
  ioDrained,
  rejectionOf,
  rejects,
  runAtlas,
  runtime,
  settled,
  valueOf,
  type Rt,
} from "./support/async-io.js";

let dir = "";
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

before(() => {
  dir = tempDir("atlas-async-file-");
});

after(() => {
  cleanup(dir);
});

/** A runtime allowed to read and write below `dir` (relative paths resolve there). */
function rw(): Rt {
  return runtime({ read: [dir], write: [dir] }, dir);
}

function sub(name: string): string {
  const d = path.join(dir, name);
  mkdirSync(d, { recursive: true });
  return d;
}

/** A full garbage collection (live heap measurements). */
function collector(): () => void {
  v8.setFlagsFromString("--expose-gc");
  return vm.runInNewContext("gc") as () => void;
}

function noTemps(d: string): void {
  assert.deepEqual(
    readdirSync(d).filter((n) => n.startsWith(".atlas-tmp-")),
    [],
    "temporary files left behind",
  );
}

// ---- readFileAsync ------------------------------------------------------------------------------

test("readFileAsync: UTF-8 text as written (BOM kept, empty file, non-BMP)", async () => {
  const d = sub("read");
  const rows: [string, Buffer, string][] = [
    ["ascii.txt", Buffer.from("hello\nworld\n"), "hello\nworld\n"],
    ["unicode.txt", Buffer.from("日本語 🌟 é"), "日本語 🌟 é"],
    ["bom.txt", Buffer.from([0xef, 0xbb, 0xbf, 0x61]), "\ufeffa"],
    ["empty.txt", Buffer.alloc(0), ""],
  ];
  const s = rw();
  for (const [name, bytes, text] of rows) {
    writeFileSync(path.join(d, name), bytes);
    assert.equal(await valueOf(s.call("readFileAsync", `read/${name}`)), text, name);
  }
});

test("readFileAsync: a large file (12 MiB, several read slices) arrives whole", async () => {
  const d = sub("large");
  const text = "0123456789abcdef".repeat(12 * 65536);
  writeFileSync(path.join(d, "big.txt"), text);
  const v = await valueOf(rw().call("readFileAsync", "large/big.txt"));
  assert.equal(typeof v === "string" && v.length, text.length);
  assert.ok(v === text);
});

test("readFileAsync: failures reject with AT0400 in stdlib.md's format", async () => {
  const d = sub("readerr");
  writeFileSync(path.join(d, "bad.bin"), Buffer.from([0x61, 0xff, 0x62]));
  const s = rw();
  const rows: [Value, string, string][] = [
    ["readerr/missing.txt", "AT0400", "readFileAsync: ENOENT: no such file or directory: readerr/missing.txt"],
    ["readerr", "AT0400", "readFileAsync: EISDIR: illegal operation on a directory: readerr"],
    ["readerr/bad.bin", "AT0400", "readFileAsync: invalid UTF-8: readerr/bad.bin"],
    ["", "AT0400", "readFileAsync: invalid path"],
    ["a\0b", "AT0400", "readFileAsync: invalid path"],
    [42, "AT0102", "readFileAsync(): expected string, got number"],
  ];
  for (const [arg, code, message] of rows) await rejects(s.call("readFileAsync", arg), code, message);
});

test("readFileAsync: a denial rejects (never raises) and reads nothing", async () => {
  const d = sub("denied");
  writeFileSync(path.join(d, "secret.txt"), "x");
  const s = runtime({ read: [path.join(dir, "read")] }, dir);
  const f = s.call("readFileAsync", "denied/secret.txt"); // never raises (async.md §A2.5)
  const want = `Permission denied: read access to "${d}/secret.txt" (run with --allow-read=${d}/secret.txt)`;
  await rejects(f, "AT0300", want);
  // The denial is decided before any I/O: nothing was in flight.
  assert.equal(s.rt.scheduler.pendingIo, 0);
});

test("readFileAsync: the program's own source files need no grant (stdlib.md §11.1.4)", async () => {
  const d = sub("src");
  writeFileSync(path.join(d, "prog.atl"), "print(1);");
  const s = runtime({}, dir);
  s.policy.sourceFiles.add(path.join(d, "prog.atl"));
  assert.equal(await valueOf(s.call("readFileAsync", "src/prog.atl")), "print(1);");
  await rejects(s.call("readFileAsync", "src/other.atl"), "AT0300", /^Permission denied: read access/);
});

test("readFileAsync: I/O is counted in flight until the host read has finished", async () => {
  const d = sub("inflight");
  writeFileSync(path.join(d, "a.txt"), "abc");
  const s = rw();
  const f = s.call("readFileAsync", "inflight/a.txt");
  assert.equal(s.rt.scheduler.pendingIo, 1);
  assert.equal(await valueOf(f), "abc");
  assert.equal(s.rt.scheduler.pendingIo, 0);
});

test("readFileAsync: futureCancel aborts the read (AT0171) and the descriptor is closed", async () => {
  const d = sub("cancelread");
  writeFileSync(path.join(d, "big.txt"), Buffer.alloc(64 * 1024 * 1024, 0x61));
  const s = rw();
  const f = s.call("readFileAsync", "cancelread/big.txt") as Future;
  assert.equal(f.cancel(), true);
  assert.equal(f.cancel(), false, "already settled");
  const e = await rejectionOf(f);
  assert.equal(e.code, "AT0171");
  assert.equal(e.message, "readFileAsync(cancelread/big.txt) was cancelled");
  const t0 = Date.now();
  await ioDrained(s.rt);
  assert.ok(Date.now() - t0 < 5000);
  assert.deepEqual(fdsUnder(d), []);
});

// ---- writeFileAsync ------------------------------------------------------------------------------

test("writeFileAsync: creates missing parent directories and writes UTF-8", async () => {
  const s = rw();
  assert.equal(await valueOf(s.call("writeFileAsync", "w1/a/b/c.txt", "日本 ok")), null);
  assert.equal(readFileSync(path.join(dir, "w1/a/b/c.txt"), "utf8"), "日本 ok");
  noTemps(path.join(dir, "w1/a/b"));
});

test("writeFileAsync: replaces atomically, keeps permission bits, leaves no temporary file", async () => {
  const d = sub("w2");
  const target = path.join(d, "t.txt");
  writeFileSync(target, "old content");
  chmodSync(target, 0o600);
  const s = rw();
  await valueOf(s.call("writeFileAsync", "w2/t.txt", "new"));
  assert.equal(readFileSync(target, "utf8"), "new");
  assert.equal(statSync(target).mode & 0o777, 0o600);
  noTemps(d);
});

test("writeFileAsync: through a symlink the file it points to is replaced", async () => {
  const d = sub("w3");
  writeFileSync(path.join(d, "real.txt"), "before");
  symlinkSync("real.txt", path.join(d, "link.txt"));
  await valueOf(rw().call("writeFileAsync", "w3/link.txt", "after"));
  assert.equal(readFileSync(path.join(d, "real.txt"), "utf8"), "after");
});

test("writeFileAsync: errors and denials reject; nothing is created", async () => {
  const d = sub("w4");
  writeFileSync(path.join(d, "file"), "x");
  const s = rw();
  await rejects(s.call("writeFileAsync", "w4", "x"), "AT0400", "writeFileAsync: EISDIR: illegal operation on a directory: w4");
  await rejects(s.call("writeFileAsync", "w4/file/below.txt", "x"), "AT0400", "writeFileAsync: ENOTDIR: not a directory: w4/file/below.txt");
  await rejects(s.call("writeFileAsync", "w4/x.txt", 1), "AT0102", "writeFileAsync(): expected string, got number");
  const ro = runtime({ read: [dir] }, dir);
  await rejects(ro.call("writeFileAsync", "w4/new/n.txt", "x"), "AT0300", /^Permission denied: write access to ".*\/w4\/new\/n.txt"/);
  assert.equal(existsSync(path.join(d, "new")), false);
  noTemps(d);
});

test("writeFileAsync: parents are only created inside the write grant", async () => {
  const d = sub("w5");
  const target = path.join(d, "missing", "deeper", "f.txt");
  // Granted exactly the file: creating its missing parents would write outside the grant.
  const s = runtime({ read: [dir], write: [target] }, dir);
  await rejects(
    s.call("writeFileAsync", "w5/missing/deeper/f.txt", "x"),
    "AT0300",
    `Permission denied: write access to "${d}/missing" (run with --allow-write=${d}/missing)`,
  );
  assert.equal(existsSync(path.join(d, "missing")), false);
  // Granted the directory that will be created: fine.
  const ok = runtime({ write: [path.join(d, "missing")] }, dir);
  await valueOf(ok.call("writeFileAsync", "w5/missing/deeper/f.txt", "x"));
  assert.equal(readFileSync(target, "utf8"), "x");
});

test("writeFileAsync: cancelled while writing, the old content is intact and the temporary file gone", async () => {
  const d = sub("w6");
  const target = path.join(d, "t.txt");
  writeFileSync(target, "old");
  const s = rw();
  const big = "z".repeat(48 * 1024 * 1024);
  const f = s.call("writeFileAsync", "w6/t.txt", big) as Future;
  // Let the write start (the temporary file appears), then cancel.
  await new Promise((r) => setTimeout(r, 5));
  assert.equal(f.cancel(), true);
  assert.equal((await rejectionOf(f)).code, "AT0171");
  await ioDrained(s.rt);
  assert.equal(readFileSync(target, "utf8"), "old");
  noTemps(d);
  assert.deepEqual(fdsUnder(d), []);
});

test("writeFileAsync: a crash (SIGKILL) during the write leaves the old content intact", async () => {
  const d = sub("crash");
  const target = path.join(d, "t.txt");
  writeFileSync(target, "old content");
  // The program writes 2 MB in a loop forever; the process is killed while a write is under way.
  writeFileSync(
    path.join(d, "w.atl"),
    'let big = repeat("xxxxxxxxxxxxxxxx", 1000000);\nwhile (true) { await writeFileAsync("t.txt", big); }\n',
  );
  const child = spawn(process.execPath, [path.join(ROOT, "bin/atlas.js"), "run", "--allow-write=.", "w.atl"], { cwd: d, stdio: "ignore" });
  // Wait until a temporary file exists (a write is in progress), then kill.
  const start = Date.now();
  while (!readdirSync(d).some((n) => n.startsWith(".atlas-tmp-")) && Date.now() - start < 20_000) {
    await new Promise((r) => setTimeout(r, 1));
  }
  child.kill("SIGKILL");
  await new Promise((r) => child.once("exit", r));
  const text = readFileSync(target, "utf8");
  assert.ok(text === "old content" || text === "xxxxxxxxxxxxxxxx".repeat(1000000), `torn file of ${text.length} chars`);
});

test("writeFileAsync: concurrent readers only ever see a complete version", async () => {
  const d = sub("w7");
  writeFileSync(path.join(d, "t.txt"), "A".repeat(300_000));
  const s = rw();
  const versions = new Set(["A", "B", "C", "D"].map((c) => c.repeat(300_000)));
  const writes = ["B", "C", "D"].map((c) => s.call("writeFileAsync", "w7/t.txt", c.repeat(300_000)));
  const reads: Value[] = [];
  for (let i = 0; i < 30; i++) reads.push(s.call("readFileAsync", "w7/t.txt"));
  for (const r of reads) assert.ok(versions.has((await valueOf(r)) as string));
  for (const w of writes) await valueOf(w);
  noTemps(d);
});

// ---- appendFileAsync ------------------------------------------------------------------------------

test("appendFileAsync: creates the file, appends in call order; a missing parent is ENOENT", async () => {
  sub("ap1");
  const s = rw();
  await valueOf(s.call("appendFileAsync", "ap1/log.txt", "one\n"));
  const fs = ["two\n", "three\n", "four\n"].map((t) => s.call("appendFileAsync", "ap1/log.txt", t));
  for (const f of fs) await valueOf(f);
  assert.equal(readFileSync(path.join(dir, "ap1/log.txt"), "utf8"), "one\ntwo\nthree\nfour\n");
  await rejects(s.call("appendFileAsync", "ap1/no/log.txt", "x"), "AT0400", "appendFileAsync: ENOENT: no such file or directory: ap1/no/log.txt");
});

test("appendFileAsync: 200 concurrent appends of 20 KB each never interleave", async () => {
  sub("ap2");
  const s = rw();
  const fs: Value[] = [];
  const recs: string[] = [];
  for (let i = 0; i < 200; i++) {
    const rec = `<${i}:` + String.fromCharCode(65 + (i % 26)).repeat(20_000) + `:${i}>\n`;
    recs.push(rec);
    fs.push(s.call("appendFileAsync", "ap2/log.txt", rec));
  }
  for (const f of fs) await valueOf(f);
  const text = readFileSync(path.join(dir, "ap2/log.txt"), "utf8");
  const lines = text.split("\n").filter((l) => l !== "");
  assert.equal(lines.length, 200);
  for (const l of lines) assert.match(l, /^<(\d+):([A-Z])\2{19999}:\1>$/);
  // FIFO per file: the appends landed in call order.
  assert.equal(text, recs.join(""));
});

test("appendFileAsync: an append cancelled while queued never writes", async () => {
  sub("ap3");
  const s = rw();
  const first = s.call("appendFileAsync", "ap3/log.txt", "a".repeat(8 * 1024 * 1024));
  const second = s.call("appendFileAsync", "ap3/log.txt", "SECOND") as Future;
  const third = s.call("appendFileAsync", "ap3/log.txt", "third");
  assert.equal(second.cancel(), true);
  await valueOf(first);
  await valueOf(third);
  await ioDrained(s.rt);
  const text = readFileSync(path.join(dir, "ap3/log.txt"), "utf8");
  assert.equal(text.length, 8 * 1024 * 1024 + 5);
  assert.ok(!text.includes("SECOND") && text.endsWith("third"));
});

test("appendFileAsync: denied without a write grant, and the file is untouched", async () => {
  const d = sub("ap4");
  writeFileSync(path.join(d, "f.txt"), "keep");
  const s = runtime({ read: [dir] }, dir);
  await rejects(s.call("appendFileAsync", "ap4/f.txt", "more"), "AT0300", /^Permission denied: write access to ".*ap4\/f.txt"/);
  assert.equal(readFileSync(path.join(d, "f.txt"), "utf8"), "keep");
});

// ---- readDirAsync, fileInfoAsync, removeFileAsync, fileExistsAsync ---------------------------------------

test("readDirAsync: entry names sorted by code point; ENOTDIR; denial", async () => {
  const d = sub("rd");
  for (const n of ["b", "a", "Z", "é", "_x", "10", "9"]) writeFileSync(path.join(d, n), "");
  mkdirSync(path.join(d, "dir"));
  const s = rw();
  assert.equal(display(await valueOf(s.call("readDirAsync", "rd"))), "[10, 9, Z, _x, a, b, dir, é]");
  await rejects(s.call("readDirAsync", "rd/a"), "AT0400", "readDirAsync: ENOTDIR: not a directory: rd/a");
  await rejects(s.call("readDirAsync", "rd/none"), "AT0400", "readDirAsync: ENOENT: no such file or directory: rd/none");
  await rejects(runtime({}, dir).call("readDirAsync", "rd"), "AT0300", /^Permission denied: read access/);
});

test("fileInfoAsync: size, whole-second mtime, isFile/isDir; follows symlinks", async () => {
  const d = sub("fi");
  writeFileSync(path.join(d, "f.txt"), "12345");
  symlinkSync("f.txt", path.join(d, "l"));
  const s = rw();
  const mtime = Math.floor(statSync(path.join(d, "f.txt")).mtimeMs / 1000);
  const info = await valueOf(s.call("fileInfoAsync", "fi/l"));
  assert.ok(info instanceof JsonValue);
  assert.equal(display(info), `{"size": 5, "modified": ${mtime}, "isFile": true, "isDir": false}`);
  const di = await valueOf(s.call("fileInfoAsync", "fi"));
  assert.match(display(di), /"isFile": false, "isDir": true\}$/);
  await rejects(s.call("fileInfoAsync", "fi/none"), "AT0400", "fileInfoAsync: ENOENT: no such file or directory: fi/none");
});

test("removeFileAsync: a file, a symlink itself (not its target); EISDIR; ENOENT", async () => {
  const d = sub("rm");
  writeFileSync(path.join(d, "f.txt"), "x");
  writeFileSync(path.join(d, "target.txt"), "t");
  symlinkSync("target.txt", path.join(d, "link"));
  mkdirSync(path.join(d, "dir"));
  const s = rw();
  await valueOf(s.call("removeFileAsync", "rm/f.txt"));
  await valueOf(s.call("removeFileAsync", "rm/link"));
  assert.deepEqual(readdirSync(d).sort(), ["dir", "target.txt"]);
  await rejects(s.call("removeFileAsync", "rm/dir"), "AT0400", "removeFileAsync: EISDIR: illegal operation on a directory: rm/dir");
  await rejects(s.call("removeFileAsync", "rm/f.txt"), "AT0400", "removeFileAsync: ENOENT: no such file or directory: rm/f.txt");
  await rejects(runtime({ read: [dir] }, dir).call("removeFileAsync", "rm/target.txt"), "AT0300", /^Permission denied: write access/);
  assert.ok(existsSync(path.join(d, "target.txt")));
});

test("fileExistsAsync: true, false (missing, dangling link), denial rejects", async () => {
  const d = sub("ex");
  writeFileSync(path.join(d, "f"), "");
  symlinkSync("nowhere", path.join(d, "dangling"));
  const s = rw();
  const rows: [string, boolean][] = [
    ["ex/f", true],
    ["ex", true],
    ["ex/none", false],
    ["ex/dangling", false],
    ["ex/f/below", false],
  ];
  for (const [p, want] of rows) assert.equal(await valueOf(s.call("fileExistsAsync", p)), want, p);
  await rejects(runtime({}, dir).call("fileExistsAsync", "ex/f"), "AT0300", /^Permission denied: read access/);
});

test("every async file function rejects for an invalid path before its permission check", async () => {
  const s = runtime({}, dir);
  const calls: [string, Value[]][] = [
    ["readFileAsync", [""]],
    ["writeFileAsync", ["", "x"]],
    ["appendFileAsync", ["", "x"]],
    ["readDirAsync", [""]],
    ["fileInfoAsync", [""]],
    ["removeFileAsync", [""]],
    ["fileExistsAsync", [""]],
  ];
  for (const [fn, args] of calls) await rejects(s.call(fn, ...args), "AT0400", `${fn}: invalid path`);
});

// ---- fileLines / fileChunks ------------------------------------------------------------------------------

async function linesOf(s: Rt, rel: string, buffer?: number): Promise<{ items: Value[]; error: string | null }> {
  const ch = buffer === undefined ? s.call("fileLines", rel) : s.call("fileLines", rel, buffer);
  const r = await drain(s.rt, ch);
  return { items: r.items, error: r.error === null ? null : `${r.error.code}: ${r.error.message}` };
}

test("fileLines: line rules (split at \\n, \\r before it dropped, no final empty line)", async () => {
  const d = sub("lines");
  const s = rw();
  const rows: [string, string[]][] = [
    ["", []],
    ["a", ["a"]],
    ["a\n", ["a"]],
    ["a\nb", ["a", "b"]],
    ["\n", [""]],
    ["\n\n", ["", ""]],
    ["a\r\nb\r\n", ["a", "b"]],
    ["a\rb\n", ["a\rb"]],
    ["a\r\r\n", ["a\r"]],
    ["x\n\ny\n", ["x", "", "y"]],
    ["last\r", ["last\r"]],
    ["日本\n🌟\n", ["日本", "🌟"]],
  ];
  let i = 0;
  for (const [text, want] of rows) {
    const name = `l${i++}.txt`;
    writeFileSync(path.join(d, name), text);
    const r = await linesOf(s, `lines/${name}`);
    assert.equal(r.error, null);
    assert.deepEqual(r.items, want, JSON.stringify(text));
  }
});

test("fileLines: lines, CRLF pairs and multi-byte characters across 64 KiB read boundaries", async () => {
  const d = sub("bound");
  const s = rw();
  const lines: string[] = [];
  // Lines of varied length, including ones far longer than a read and ones ending at boundaries.
  for (let i = 0; i < 400; i++) lines.push(("é🌟x" + i).repeat(i % 7 === 0 ? 20_000 : 1 + (i % 50)));
  writeFileSync(path.join(d, "crlf.txt"), lines.join("\r\n") + "\r\n");
  const r = await linesOf(s, "bound/crlf.txt");
  assert.equal(r.error, null);
  assert.equal(r.items.length, lines.length);
  assert.ok(r.items.every((l, k) => l === lines[k]));
  // A \r exactly at the end of a 64 KiB read, its \n at the start of the next.
  const head = "a".repeat(65535) + "\r\nb\n";
  writeFileSync(path.join(d, "edge.txt"), head);
  assert.deepEqual((await linesOf(s, "bound/edge.txt")).items, ["a".repeat(65535), "b"]);
});

test("fileLines: invalid UTF-8 closes the channel with AT0400 after the good lines", async () => {
  const d = sub("badutf");
  const s = rw();
  writeFileSync(path.join(d, "mid.txt"), Buffer.concat([Buffer.from("one\ntwo\nthr"), Buffer.from([0xc3, 0x28]), Buffer.from("ee\nfour\n")]));
  const r = await linesOf(s, "badutf/mid.txt");
  assert.deepEqual(r.items, ["one", "two"]);
  assert.equal(r.error, "AT0400: fileLines: invalid UTF-8: badutf/mid.txt");
  // A sequence cut off by the end of the file.
  writeFileSync(path.join(d, "end.txt"), Buffer.concat([Buffer.from("ok\n"), Buffer.from([0xe6, 0x97])]));
  const e = await linesOf(s, "badutf/end.txt");
  assert.deepEqual(e.items, ["ok"]);
  assert.equal(e.error, "AT0400: fileLines: invalid UTF-8: badutf/end.txt");
  // Bad bytes far into a big file: every line before them arrives.
  const good = Array.from({ length: 20_000 }, (_, k) => `line ${k}`);
  writeFileSync(path.join(d, "late.txt"), Buffer.concat([Buffer.from(good.join("\n") + "\n"), Buffer.from([0xff]), Buffer.from("\nafter\n")]));
  const late = await linesOf(s, "badutf/late.txt");
  assert.equal(late.items.length, 20_000);
  assert.equal(late.items[19_999], "line 19999");
  assert.equal(late.error, "AT0400: fileLines: invalid UTF-8: badutf/late.txt");
});

test("fileLines: errors and denials give a channel already closed with the Error (never raises)", async () => {
  const d = sub("lerr");
  writeFileSync(path.join(d, "f.txt"), "x\n");
  const s = rw();
  const rows: [Value[], string][] = [
    [["lerr/none.txt"], "AT0400: fileLines: ENOENT: no such file or directory: lerr/none.txt"],
    [["lerr"], "AT0400: fileLines: EISDIR: illegal operation on a directory: lerr"],
    [[""], "AT0400: fileLines: invalid path"],
    [["lerr/f.txt", 0], "AT0102: fileLines(): buffer must be an integer >= 1, got 0"],
    [["lerr/f.txt", 2.5], "AT0102: fileLines(): buffer must be an integer >= 1, got 2.5"],
    [[7], "AT0102: fileLines(): expected string, got number"],
  ];
  for (const [args, want] of rows) {
    const ch = s.call("fileLines", ...args); // never raises (async.md §A2.5)
    assert.ok(ch instanceof Channel);
    const r = await drain(s.rt, ch);
    assert.deepEqual(r.items, []);
    assert.equal(r.error === null ? null : `${r.error.code}: ${r.error.message}`, want);
  }
  const denied = await drain(s.rt, runtime({}, dir).call("fileLines", "lerr/f.txt"));
  assert.match(denied.error?.message ?? "", /^Permission denied: read access to ".*lerr\/f.txt"/);
});

test("fileLines: the channel is bounded by `buffer` (default 64) while the consumer waits", async () => {
  const d = sub("bounded");
  writeFileSync(path.join(d, "f.txt"), Array.from({ length: 10_000 }, (_, k) => String(k)).join("\n"));
  const s = rw();
  for (const [args, cap] of [[[], 64], [[5], 5], [[1], 1]] as [Value[], number][]) {
    const ch = s.call("fileLines", "bounded/f.txt", ...args) as Channel;
    assert.equal(ch.capacity, cap);
    await new Promise((r) => setTimeout(r, 30));
    assert.ok(ch.length <= cap, `buffered ${ch.length} > ${cap}`);
    assert.equal(ch.length, cap, "filled up to its bound");
    const r = await drain(s.rt, ch);
    assert.equal(r.items.length, 10_000 - 0);
  }
});

test("fileLines: a 120 MB file streams with bounded memory", async () => {
  const d = sub("huge");
  const file = path.join(d, "huge.txt");
  const line = "x".repeat(99) + "\n";
  const block = line.repeat(10_000); // 1 MB
  const fd = openSync(file, "w");
  for (let i = 0; i < 120; i++) writeSync(fd, block);
  closeSync(fd);
  const s = rw();
  const ch = s.call("fileLines", "huge/huge.txt");
  const gc = collector();
  gc();
  const base = process.memoryUsage().heapUsed;
  let peak = 0;
  let count = 0;
  let chars = 0;
  for (;;) {
    const g = await settled(channelReceive(s.rt.scheduler, ch as Channel));
    const o = g.value as { isSome: boolean; value: Value };
    if (!o.isSome) break;
    count++;
    chars += (o.value as string).length;
    if (count % 100_000 === 0) {
      gc();
      peak = Math.max(peak, process.memoryUsage().heapUsed - base);
    }
  }
  assert.equal(count, 1_200_000);
  assert.equal(chars, 1_200_000 * 99);
  // The file is 120 MB; the stream holds at most a couple of 64 KiB chunks plus 64 lines.
  assert.ok(peak < 8 * 1024 * 1024, `heap grew by ${Math.round(peak / 1e6)} MB`);
});

test("fileLines: closing the channel early stops reading and releases the file", async () => {
  const d = sub("early");
  writeFileSync(path.join(d, "f.txt"), "line\n".repeat(1_000_000));
  const s = rw();
  const ch = s.call("fileLines", "early/f.txt") as Channel;
  const r = await drain(s.rt, ch, 3);
  assert.deepEqual(r.items, ["line", "line", "line"]);
  assert.equal(fdsUnder(d).length, 1, "the file is open while streaming");
  s.call("channelClose", ch);
  await ioDrained(s.rt);
  assert.deepEqual(fdsUnder(d), [], "released after close");
  assert.equal(ioState(s.rt).liveCount, 0);
});

test("fileLines: the stream ends (AT0171) when the task that created it is cancelled", async () => {
  const d = sub("owned");
  writeFileSync(path.join(d, "f.txt"), "a\n".repeat(100_000));
  for (const engine of ENGINES) {
    const src = [
      'let holder: Channel<Channel<string>> = channelBounded(1);',
      "let t = spawn(async fn() -> Future<null> {",
      '    await channelSend(holder, fileLines("f.txt", 2));',
      "    await sleep(100000);",
      "});",
      "let ch = unwrap(await channelReceive(holder));",
      "print(await channelReceive(ch));",
      "taskCancel(t);",
      "var n = 0;",
      "while (true) {",
      "    match await futureResult(channelReceive(ch)) {",
      "        Ok(o) => { if (is_none(o)) { print(\"end\"); break; } n += 1; },",
      "        Err(e) => { print(e); break; },",
      "    }",
      "}",
      "print(n <= 3);",
    ].join("\n");
    const r = await runAtlas(d, src, ["--allow-read=."], engine);
    assert.equal(r.stderr, "");
    assert.equal(r.stdout, "Some(a)\nAT0171: fileLines(f.txt) was cancelled\ntrue\n", engine);
    assert.deepEqual(fdsUnder(d), []);
  }
});

test("fileChunks: chunks of exactly N code points (non-BMP included); last shorter", async () => {
  const d = sub("chunks");
  const s = rw();
  const text = "ab🌟cdé🌟🌟fgh\n日本語";
  writeFileSync(path.join(d, "f.txt"), text);
  const cps = Array.from(text);
  for (const n of [1, 2, 3, 5, 100]) {
    const r = await drain(s.rt, s.call("fileChunks", "chunks/f.txt", n));
    assert.equal(r.error, null);
    const want: string[] = [];
    for (let i = 0; i < cps.length; i += n) want.push(cps.slice(i, i + n).join(""));
    assert.deepEqual(r.items, want, `n=${n}`);
  }
  writeFileSync(path.join(d, "empty.txt"), "");
  assert.deepEqual((await drain(s.rt, s.call("fileChunks", "chunks/empty.txt", 4))).items, []);
});

test("fileChunks: chunks span read boundaries; bad chunk sizes close the channel with AT0102", async () => {
  const d = sub("chunks2");
  const s = rw();
  const text = "🌟é".repeat(100_000);
  writeFileSync(path.join(d, "f.txt"), text);
  const r = await drain(s.rt, s.call("fileChunks", "chunks2/f.txt", 7_000));
  assert.equal(r.items.join(""), text);
  assert.ok(r.items.slice(0, -1).every((c) => Array.from(c as string).length === 7000));
  for (const bad of [0, -1, 1.5]) {
    const e = await drain(s.rt, s.call("fileChunks", "chunks2/f.txt", bad));
    assert.equal(e.error?.code, "AT0102");
    assert.match(e.error?.message ?? "", /^fileChunks\(\): chunkChars must be an integer >= 1/);
  }
});

// ---- pipeToFile ------------------------------------------------------------------------------------------

test("pipeToFile: drains the channel into a new file, resolves with the characters written", async () => {
  const d = sub("pipe1");
  const s = rw();
  const ch = new Channel(4);
  const f = s.call("pipeToFile", ch, "pipe1/out/o.txt");
  const parts = ["héllo ", "🌟", " world\n"];
  for (const p of parts) await valueOf(channelSend(s.rt.scheduler, ch, p, null));
  assert.equal(existsSync(path.join(d, "out/o.txt")), false, "not visible before the channel closes");
  ch.close();
  assert.equal(await valueOf(f), Array.from(parts.join("")).length);
  assert.equal(readFileSync(path.join(d, "out/o.txt"), "utf8"), parts.join(""));
  noTemps(path.join(d, "out"));
});

test("pipeToFile: fileLines → pipeToFile copies a large file's lines with backpressure", async () => {
  const d = sub("pipe2");
  const lines = Array.from({ length: 200_000 }, (_, k) => `row ${k} ` + "-".repeat(k % 40));
  writeFileSync(path.join(d, "in.txt"), lines.join("\n") + "\n");
  const s = rw();
  const n = await valueOf(s.call("pipeToFile", s.call("fileLines", "pipe2/in.txt"), "pipe2/out.txt"));
  assert.equal(n, lines.join("").length);
  assert.equal(readFileSync(path.join(d, "out.txt"), "utf8"), lines.join(""));
});

test("pipeToFile: a channel closed with an Error rejects with it; the target is untouched", async () => {
  const d = sub("pipe3");
  writeFileSync(path.join(d, "target.txt"), "original");
  writeFileSync(path.join(d, "bad.txt"), Buffer.concat([Buffer.from("a\nb\n"), Buffer.from([0xff])]));
  const s = rw();
  await rejects(s.call("pipeToFile", s.call("fileLines", "pipe3/bad.txt"), "pipe3/target.txt"), "AT0400", "fileLines: invalid UTF-8: pipe3/bad.txt");
  await ioDrained(s.rt);
  assert.equal(readFileSync(path.join(d, "target.txt"), "utf8"), "original");
  noTemps(d);
});

test("pipeToFile: cancelling stops receiving without consuming a value, removes the temporary file", async () => {
  const d = sub("pipe4");
  const s = rw();
  const ch = new Channel(2);
  const f = s.call("pipeToFile", ch, "pipe4/o.txt") as Future;
  await valueOf(channelSend(s.rt.scheduler, ch, "first", null));
  await new Promise((r) => setTimeout(r, 20)); // written; the pipe now waits on the channel
  assert.equal(f.cancel(), true);
  assert.equal((await rejectionOf(f)).message, "pipeToFile(pipe4/o.txt) was cancelled");
  await valueOf(channelSend(s.rt.scheduler, ch, "second", null));
  assert.deepEqual(ch.toArray(), ["second"], "the cancelled receive took nothing");
  await ioDrained(s.rt);
  assert.equal(existsSync(path.join(d, "o.txt")), false);
  noTemps(d);
});

test("pipeToFile: denial and bad arguments reject; the channel is left alone", async () => {
  sub("pipe5");
  const ch = new Channel(4);
  ch.put("kept");
  const ro = runtime({ read: [dir] }, dir);
  await rejects(ro.call("pipeToFile", ch, "pipe5/o.txt"), "AT0300", /^Permission denied: write access to ".*pipe5\/o.txt"/);
  assert.deepEqual(ch.toArray(), ["kept"]);
  const s = rw();
  await rejects(s.call("pipeToFile", "nope", "pipe5/o.txt"), "AT0102", "pipeToFile(): expected Channel, got string");
  await rejects(s.call("pipeToFile", ch, ""), "AT0400", "pipeToFile: invalid path");
  const nums = new Channel(2);
  nums.put(5);
  nums.close();
  await rejects(s.call("pipeToFile", nums, "pipe5/n.txt"), "AT0102", "pipeToFile(): expected string, got number");
  await ioDrained(s.rt);
  noTemps(path.join(dir, "pipe5"));
});

// ---- runtime end ---------------------------------------------------------------------------------------

test("shutdown: a runtime that ends with a stream open closes its file", async () => {
  const d = sub("shut");
  writeFileSync(path.join(d, "f.txt"), "x\n".repeat(100_000));
  const s = rw();
  const ch = s.call("fileLines", "shut/f.txt");
  await drain(s.rt, ch, 1);
  assert.equal(fdsUnder(d).length, 1);
  s.close();
  // Closing is asynchronous at the OS level; nothing may stay open.
  const start = Date.now();
  while (fdsUnder(d).length > 0 && Date.now() - start < 5000) await new Promise((r) => setTimeout(r, 2));
  assert.deepEqual(fdsUnder(d), []);
});

test("programs: every §A7 function behaves the same on both engines", async () => {
  const d = sub("prog");
  const src = [
    'await writeFileAsync("data/a.txt", "one\\ntwo\\r\\nthree");',
    'await appendFileAsync("data/a.txt", "\\nfour\\n");',
    'print(await readFileAsync("data/a.txt"));',
    'print(await readDirAsync("data"));',
    'let info = await fileInfoAsync("data/a.txt");',
    'print(info["size"]);',
    'print(await fileExistsAsync("data/a.txt"));',
    'let ch = fileLines("data/a.txt");',
    "var lines: string[] = [];",
    "while (true) { match await channelReceive(ch) { Some(l) => { push(lines, l); }, None => { break; } } }",
    "print(lines);",
    'print(await pipeToFile(fileChunks("data/a.txt", 4), "data/copy.txt"));',
    'print(await readFileAsync("data/copy.txt") == await readFileAsync("data/a.txt"));',
    'await removeFileAsync("data/copy.txt");',
    'print(await readDirAsync("data"));',
    'let r = await futureResult(readFileAsync("data/none.txt"));',
    "match r { Ok(v) => { print(v); }, Err(e) => { print(errorCode(e)); print(errorMessage(e)); } }",
    'let denied = await futureResult(readFileAsync("/etc/hostname"));',
    "match denied { Ok(v) => { print(v); }, Err(e) => { print(errorCode(e)); } }",
    'print(await futureAllSettled([readFileAsync(""), readFileAsync("data")]));',
    'print(await futureResult(writeFileAsync("data", "x")));',
  ].join("\n");
  const want = [
    "one\ntwo\r\nthree\nfour\n",
    "[a.txt]",
    "20",
    "true",
    "[one, two, three, four]",
    "20",
    "true",
    "[a.txt]",
    "AT0400",
    "readFileAsync: ENOENT: no such file or directory: data/none.txt",
    "AT0300",
    "[Err(AT0400: readFileAsync: invalid path), Err(AT0400: readFileAsync: EISDIR: illegal operation on a directory: data)]",
    "Err(AT0400: writeFileAsync: EISDIR: illegal operation on a directory: data)",
    "",
  ].join("\n");
  for (const engine of ENGINES) {
    const r = await runAtlas(d, src, ["--allow-read=.", "--allow-write=."], engine);
    assert.equal(r.stderr, "", engine);
    assert.equal(r.stdout, want, engine);
    assert.equal(r.exit, 0);
  }
});

test("programs: an unawaited rejected file future is reported as AT0175 at the call", async () => {
  const d = sub("prog2");
  for (const engine of ENGINES) {
    const r = await runAtlas(d, 'let f = readFileAsync("none.txt");\nawait sleep(50);\nprint("done");\n', ["--allow-read=."], engine);
    assert.equal(r.exit, 1);
    assert.equal(r.stdout, "done\n");
    assert.match(r.stderr, /^error\[AT0175\]: Unhandled rejection: AT0400: readFileAsync: ENOENT: no such file or directory: none.txt\n {2}--> main.atl:1:9/);
  }
});

test("programs: timeout() around a long file read cancels it and the program ends at once", async () => {
  const d = sub("prog3");
  writeFileSync(path.join(d, "big.txt"), Buffer.alloc(200 * 1024 * 1024, 0x61));
  for (const engine of ENGINES) {
    const t0 = Date.now();
    const r = await runAtlas(d, 'print(await futureResult(timeout(readFileAsync("big.txt"), 1)));\n', ["--allow-read=."], engine);
    assert.equal(r.stdout, "Err(AT0170: Operation timed out after 1 ms)\n", engine);
    assert.ok(Date.now() - t0 < 5000);
    assert.deepEqual(fdsUnder(d), []);
  }
});

test("programs: a task cancelled while awaiting a file operation is Cancelled, the operation aborted", async () => {
  const d = sub("prog4");
  writeFileSync(path.join(d, "big.txt"), Buffer.alloc(100 * 1024 * 1024, 0x61));
  const src = [
    'let t = spawn(async fn() -> Future<number> { return len(await readFileAsync("big.txt")); }, "reader");',
    "await yieldNow();",
    "print(taskCancel(t));",
    "print(taskStatus(t));",
    "print(await futureResult(t));",
  ].join("\n");
  for (const engine of ENGINES) {
    const r = await runAtlas(d, src, ["--allow-read=."], engine);
    assert.equal(r.stdout, "true\nCancelled\nErr(AT0171: Task 'reader' (#2) was cancelled)\n", engine);
    assert.deepEqual(fdsUnder(d), []);
  }
});

test("values: Future display and typeof for file operations", async () => {
  const d = sub("disp");
  writeFileSync(path.join(d, "a"), "x");
  const s = rw();
  const f = s.call("readFileAsync", "disp/a");
  assert.equal(display(f), "Future(pending)");
  await settled(f);
  assert.equal(display(f), "Future(resolved)");
});
