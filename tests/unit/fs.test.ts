// File I/O (stdlib.md §12) and file-system utilities (§13) under full grants in a temporary
// directory: results, sorting, atomic writes, symlink handling and the AT0400 message format.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { JsonObject, JsonValue, type Value } from "../../src/runtime/values.js";
import { globMatch } from "../../src/stdlib/fs.js";
import { cleanup, raises, sys, tempDir, type Sys } from "./support/sys-harness.js";

function withDir(f: (s: Sys, dir: string) => void): void {
  const dir = tempDir();
  try {
    f(sys({ read: [dir, tmpdir()], write: [dir, tmpdir()] }, dir), dir);
  } finally {
    cleanup(dir);
  }
}

function jsonEntries(v: Value): [string, unknown][] {
  assert.ok(v instanceof JsonValue && v.data instanceof JsonObject);
  return [...v.data.entries];
}

test("readFile: UTF-8 text, BOM kept, errors in the §12 format", () => {
  withDir((s, dir) => {
    writeFileSync(path.join(dir, "u.txt"), "héllo 日本 🌟\n");
    writeFileSync(path.join(dir, "bom.txt"), Buffer.from([0xef, 0xbb, 0xbf, 0x41]));
    writeFileSync(path.join(dir, "bad.bin"), Buffer.from([0x41, 0xff, 0x42]));
    writeFileSync(path.join(dir, "empty"), "");
    mkdirSync(path.join(dir, "d"));
    assert.equal(s.call("readFile", "u.txt"), "héllo 日本 🌟\n");
    assert.equal(s.call("readFile", "bom.txt"), "\uFEFFA");
    assert.equal(s.call("readFile", "empty"), "");
    assert.equal(s.call("readFile", path.join(dir, "u.txt")), "héllo 日本 🌟\n");
    raises(() => s.call("readFile", "bad.bin"), "AT0400", "readFile: invalid UTF-8: bad.bin");
    raises(() => s.call("readFile", "missing.txt"), "AT0400", "readFile: ENOENT: no such file or directory: missing.txt");
    raises(() => s.call("readFile", "d"), "AT0400", "readFile: EISDIR: illegal operation on a directory: d");
    raises(() => s.call("readFile", "u.txt/x"), "AT0400", "readFile: ENOTDIR: not a directory: u.txt/x");
    raises(() => s.call("readFile", ""), "AT0400", "readFile: invalid path");
    raises(() => s.call("readFile", 1), "AT0102", "readFile(): expected string, got number");
  });
});

test("writeFile: atomic replacement keeps mode, follows links, leaves no temporary files", () => {
  withDir((s, dir) => {
    s.call("writeFile", "a.txt", "first ü");
    assert.equal(readFileSync(path.join(dir, "a.txt"), "utf8"), "first ü");
    chmodSync(path.join(dir, "a.txt"), 0o640);
    s.call("writeFile", "a.txt", "second");
    assert.equal(readFileSync(path.join(dir, "a.txt"), "utf8"), "second");
    assert.equal(statSync(path.join(dir, "a.txt")).mode & 0o777, 0o640);
    symlinkSync("a.txt", path.join(dir, "ln"));
    s.call("writeFile", "ln", "via link");
    assert.ok(lstatSync(path.join(dir, "ln")).isSymbolicLink(), "the link stays a link");
    assert.equal(readFileSync(path.join(dir, "a.txt"), "utf8"), "via link");
    s.call("writeFile", "empty.txt", "");
    assert.equal(readFileSync(path.join(dir, "empty.txt"), "utf8"), "");
    raises(() => s.call("writeFile", "no/such/dir.txt", "x"), "AT0400", "writeFile: ENOENT: no such file or directory: no/such/dir.txt");
    mkdirSync(path.join(dir, "adir"));
    raises(() => s.call("writeFile", "adir", "x"), "AT0400", "writeFile: EISDIR: illegal operation on a directory: adir");
    raises(() => s.call("writeFile", "a.txt/x", "x"), "AT0400", /^writeFile: ENOTDIR: not a directory: a\.txt\/x$/);
    assert.equal(readFileSync(path.join(dir, "a.txt"), "utf8"), "via link", "a failed write leaves the old content");
    assert.deepEqual(readdirSync(dir).sort(), ["a.txt", "adir", "empty.txt", "ln"]);
  });
});

test("appendFile, fileExists, fileInfo, createDir, removeFile, removeDir", () => {
  withDir((s, dir) => {
    s.call("appendFile", "log.txt", "a");
    s.call("appendFile", "log.txt", "é\n");
    assert.equal(readFileSync(path.join(dir, "log.txt"), "utf8"), "aé\n");
    raises(() => s.call("appendFile", "none/log.txt", "a"), "AT0400", "appendFile: ENOENT: no such file or directory: none/log.txt");
    assert.equal(s.call("fileExists", "log.txt"), true);
    assert.equal(s.call("fileExists", "nope"), false);
    assert.equal(s.call("fileExists", "log.txt/x"), false);
    symlinkSync("nowhere", path.join(dir, "dangling"));
    assert.equal(s.call("fileExists", "dangling"), false);
    utimesSync(path.join(dir, "log.txt"), 1_700_000_000.9, 1_700_000_000.9);
    assert.deepEqual(jsonEntries(s.call("fileInfo", "log.txt")), [
      ["size", 4],
      ["modified", 1_700_000_000],
      ["isFile", true],
      ["isDir", false],
    ]);
    assert.deepEqual(jsonEntries(s.call("fileInfo", ".")).slice(2), [
      ["isFile", false],
      ["isDir", true],
    ]);
    raises(() => s.call("fileInfo", "zz"), "AT0400", "fileInfo: ENOENT: no such file or directory: zz");
    s.call("createDir", "x/y/z");
    s.call("createDir", "x/y/z");
    assert.ok(statSync(path.join(dir, "x/y/z")).isDirectory());
    raises(() => s.call("createDir", "log.txt"), "AT0400", "createDir: EEXIST: file already exists: log.txt");
    raises(() => s.call("removeDir", "x"), "AT0400", "removeDir: ENOTEMPTY: directory not empty: x");
    s.call("removeDir", "x/y/z");
    assert.ok(!existsSync(path.join(dir, "x/y/z")));
    raises(() => s.call("removeFile", "x"), "AT0400", "removeFile: EISDIR: illegal operation on a directory: x");
    s.call("removeFile", "dangling");
    assert.ok(!existsSync(path.join(dir, "dangling")));
    raises(() => s.call("removeFile", "dangling"), "AT0400", "removeFile: ENOENT: no such file or directory: dangling");
    s.call("removeFile", "log.txt");
    raises(() => s.call("removeDir", "nope"), "AT0400", "removeDir: ENOENT: no such file or directory: nope");
  });
});

test("readDir/fsReaddir are sorted by code point, not UTF-16", () => {
  withDir((s, dir) => {
    for (const n of ["b", "B", "a", "é", "😀", "\uFF21", "a b", "_"]) writeFileSync(path.join(dir, n), "");
    const want = ["B", "_", "a", "a b", "b", "é", "\uFF21", "😀"];
    assert.deepEqual(s.call("readDir", "."), want);
    assert.deepEqual(s.call("fsReaddir", dir), want);
    raises(() => s.call("readDir", "b"), "AT0400", "readDir: ENOTDIR: not a directory: b");
    mkdirSync(path.join(dir, "empty"));
    assert.deepEqual(s.call("readDir", "empty"), []);
  });
});

test("fsWalk: depth-first pre-order, sorted, symlinks listed but not entered", () => {
  withDir((s, dir) => {
    mkdirSync(path.join(dir, "t/a/deep"), { recursive: true });
    writeFileSync(path.join(dir, "t/a/x.txt"), "");
    writeFileSync(path.join(dir, "t/a/deep/y"), "");
    writeFileSync(path.join(dir, "t/b.txt"), "");
    symlinkSync("..", path.join(dir, "t/up"));
    assert.deepEqual(s.call("fsWalk", "t"), ["a", "a/deep", "a/deep/y", "a/x.txt", "b.txt", "up"]);
    raises(() => s.call("fsWalk", "t/b.txt"), "AT0400", "fsWalk: ENOTDIR: not a directory: t/b.txt");
    let p = path.join(dir, "deep");
    for (let i = 0; i < 60; i++) p = path.join(p, "d");
    mkdirSync(p, { recursive: true });
    assert.equal((s.call("fsWalk", "deep") as string[]).length, 60);
  });
});

test("fsFilterEntries and fsSortEntries", () => {
  const s = sys({});
  const rows: [string, string, boolean][] = [
    ["a", "a*a", false],
    ["aa", "a*a", true],
    ["aba", "a*a", true],
    ["a.txt", "*.txt", true],
    ["dir/a.txt", "*.txt", true],
    ["a.txt.bak", "*.txt", false],
    ["", "*", true],
    ["", "", true],
    ["x", "", false],
    ["abc", "***", true],
    ["héllo", "h*o", true],
    ["🌟x🌟", "🌟*🌟", true],
    ["mississippi", "m*iss*pi", true],
    ["mississippi", "m*iss*ppx", false],
    ["a?c", "a?c", true],
    ["abc", "a?c", false],
  ];
  for (const [name, glob, want] of rows) assert.equal(globMatch(name, glob), want, `${name} ~ ${glob}`);
  assert.deepEqual(s.call("fsFilterEntries", ["a.txt", "b.md", "c.txt", "a.txt"], "*.txt"), ["a.txt", "c.txt", "a.txt"]);
  assert.deepEqual(s.call("fsFilterEntries", [], "*"), []);
  assert.deepEqual(s.call("fsSortEntries", ["b", "B", "a", "A", "É", "e", "😀", "\uFF41"]), ["a", "A", "b", "B", "e", "É", "\uFF41", "😀"]);
  const input = ["b", "a"];
  s.call("fsSortEntries", input);
  assert.deepEqual(input, ["b", "a"], "the input is not modified");
  raises(() => s.call("fsFilterEntries", ["a", 1], "*"), "AT0102", "fsFilterEntries(): expected string, got number");
});

test("metadata: size, times, permissions, kinds, inode", () => {
  withDir((s, dir) => {
    const f = path.join(dir, "f.bin");
    writeFileSync(f, Buffer.alloc(1234));
    chmodSync(f, 0o644);
    utimesSync(f, 1_600_000_000.25, 1_700_000_000.5);
    assert.equal(s.call("fsSize", "f.bin"), 1234);
    assert.equal(s.call("fsMtime", "f.bin"), 1_700_000_000.5);
    assert.equal(s.call("fsAtime", "f.bin"), 1_600_000_000.25);
    const st = statSync(f);
    assert.equal(s.call("fsCtime", "f.bin"), (st.birthtimeMs > 0 ? st.birthtimeMs : st.ctimeMs) / 1000);
    assert.equal(s.call("fsPermissions", "f.bin"), 420);
    assert.equal(s.call("fsInode", "f.bin"), st.ino);
    assert.equal(s.call("fsIsFile", "f.bin"), true);
    assert.equal(s.call("fsIsDir", "f.bin"), false);
    assert.equal(s.call("fsIsDir", "."), true);
    assert.equal(s.call("fsIsDir", "missing"), false);
    assert.equal(s.call("fsIsFile", "missing/x"), false);
    symlinkSync("f.bin", path.join(dir, "l"));
    assert.equal(s.call("fsIsSymlink", "l"), true);
    assert.equal(s.call("fsIsFile", "l"), true);
    assert.equal(s.call("fsIsSymlink", "f.bin"), false);
    assert.equal(s.call("fsSize", "l"), 1234);
    raises(() => s.call("fsIsSymlink", "nope"), "AT0400", "fsIsSymlink: ENOENT: no such file or directory: nope");
    raises(() => s.call("fsSize", "nope"), "AT0400", "fsSize: ENOENT: no such file or directory: nope");
  });
});

test("directories: fsMkdir, fsMkdirp, fsRmdir, fsRmdirRecursive (links inside are not followed)", () => {
  withDir((s, dir) => {
    s.call("fsMkdir", "one");
    raises(() => s.call("fsMkdir", "one"), "AT0400", "fsMkdir: EEXIST: file already exists: one");
    raises(() => s.call("fsMkdir", "two/three"), "AT0400", "fsMkdir: ENOENT: no such file or directory: two/three");
    s.call("fsMkdirp", "two/three");
    s.call("fsRmdir", "two/three");
    raises(() => s.call("fsRmdir", "two/nope"), "AT0400", "fsRmdir: ENOENT: no such file or directory: two/nope");
    mkdirSync(path.join(dir, "keep"));
    writeFileSync(path.join(dir, "keep/precious"), "p");
    mkdirSync(path.join(dir, "tree/sub"), { recursive: true });
    writeFileSync(path.join(dir, "tree/sub/f"), "f");
    symlinkSync(path.join(dir, "keep"), path.join(dir, "tree/sub/link"));
    s.call("fsRmdirRecursive", "tree");
    assert.ok(!existsSync(path.join(dir, "tree")));
    assert.equal(readFileSync(path.join(dir, "keep/precious"), "utf8"), "p");
    raises(() => s.call("fsRmdirRecursive", "keep/precious"), "AT0400", "fsRmdirRecursive: ENOTDIR: not a directory: keep/precious");
    raises(() => s.call("fsRmdirRecursive", "gone"), "AT0400", "fsRmdirRecursive: ENOENT: no such file or directory: gone");
  });
});

test("temporary files and directories", () => {
  withDir((s) => {
    const f = s.call("fsTmpfile") as string;
    const d = s.call("fsTmpdir") as string;
    const n = s.call("fsTmpfileNamed", "report") as string;
    try {
      assert.match(path.basename(f), /^atlas_tmp_[0-9a-f]{16}\.tmp$/);
      assert.match(path.basename(d), /^atlas_tmp_dir_[0-9a-f]{16}$/);
      assert.match(path.basename(n), /^report_[0-9a-f]{16}\.tmp$/);
      for (const p of [f, d, n]) assert.ok(path.isAbsolute(p) && existsSync(p), p);
      assert.equal(statSync(f).size, 0);
      assert.ok(statSync(d).isDirectory());
      const g = s.call("fsTmpfile") as string;
      cleanup(g);
      assert.notEqual(g, f);
      raises(() => s.call("fsTmpfileNamed", "a/b"), "AT0102", "fsTmpfileNamed(): prefix must not contain a path separator");
    } finally {
      for (const p of [f, d, n]) cleanup(p);
    }
  });
});

test("symlinks: fsSymlink, fsReadlink, fsResolveSymlink", () => {
  withDir((s, dir) => {
    mkdirSync(path.join(dir, "real"));
    writeFileSync(path.join(dir, "real/t.txt"), "t");
    s.call("fsSymlink", "real/t.txt", "l1");
    s.call("fsSymlink", "l1", "l2");
    s.call("fsSymlink", "does/not/exist", "dangling");
    assert.equal(s.call("fsReadlink", "l2"), "l1");
    assert.equal(s.call("fsReadlink", "dangling"), "does/not/exist");
    assert.equal(s.call("fsResolveSymlink", "l2"), path.join(dir, "real/t.txt"));
    assert.equal(s.call("readFile", "l2"), "t");
    raises(() => s.call("fsSymlink", "x", "l1"), "AT0400", "fsSymlink: EEXIST: file already exists: l1");
    raises(() => s.call("fsSymlink", "", "l9"), "AT0400", "fsSymlink: invalid path");
    raises(() => s.call("fsReadlink", "real/t.txt"), "AT0400", "fsReadlink: EINVAL: invalid argument: real/t.txt");
    raises(() => s.call("fsResolveSymlink", "dangling"), "AT0400", "fsResolveSymlink: ENOENT: no such file or directory: dangling");
  });
});
