// Table tests for the path builtins (stdlib.md §14) and pathJoin (§12).
import { test } from "node:test";
import assert from "node:assert/strict";
import { homedir, tmpdir } from "node:os";
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { HashMapValue } from "../../src/stdlib/collections-common.js";
import { cleanup, raises, sys, tempDir } from "./support/sys-harness.js";
import type { Value } from "../../src/runtime/values.js";

const S = sys({}, "/work/cwd");

type Row = [string, Value[], Value];
function table(rows: Row[]): void {
  for (const [name, args, want] of rows) {
    const got = S.call(name, ...args);
    assert.deepEqual(got, want, `${name}(${args.map((a) => JSON.stringify(a)).join(", ")}) = ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
  }
}

test("pathJoin and pathJoinArray", () => {
  table([
    ["pathJoin", ["a", "b"], "a/b"],
    ["pathJoin", ["a/", "b"], "a/b"],
    ["pathJoin", ["a", "/b", "c"], "/b/c"],
    ["pathJoin", ["a", ""], "a/"],
    ["pathJoin", ["", "a"], "a"],
    ["pathJoin", ["a"], "a"],
    ["pathJoin", ["a", "b", "c", "d"], "a/b/c/d"],
    ["pathJoin", ["日本", "語.txt"], "日本/語.txt"],
    ["pathJoinArray", [["a", "", "b"]], "a/b"],
    ["pathJoinArray", [[]], "."],
    ["pathJoinArray", [["", ""]], "."],
    ["pathJoinArray", [["/x", "y/", "z"]], "/x/y/z"],
  ]);
});

test("pathNormalize", () => {
  table([
    ["pathNormalize", ["a/b/../c"], "a/c"],
    ["pathNormalize", ["./a"], "a"],
    ["pathNormalize", ["/.."], "/"],
    ["pathNormalize", ["../../x"], "../../x"],
    ["pathNormalize", ["a/.."], "."],
    ["pathNormalize", [""], "."],
    ["pathNormalize", ["."], "."],
    ["pathNormalize", ["/"], "/"],
    ["pathNormalize", ["//a//b/"], "/a/b"],
    ["pathNormalize", ["a/../../b"], "../b"],
    ["pathNormalize", ["./../a/./b/."], "../a/b"],
    ["pathNormalize", ["/a/../../b"], "/b"],
  ]);
});

test("pathParent, pathDirname, pathBasename, pathExtension", () => {
  const parents: [string, string][] = [
    ["/a/b/", "/a"],
    ["a", ""],
    ["/a", "/"],
    ["/", ""],
    ["./a", "."],
    ["a/b/..", "a/b"],
    ["a//b", "a"],
    ["//a", "/"],
    ["a/./b/.", "a"],
    ["", ""],
    ["a/.", ""],
    ["/a/b/c.txt", "/a/b"],
  ];
  for (const [p, want] of parents) {
    assert.equal(S.call("pathParent", p), want, `pathParent(${p})`);
    assert.equal(S.call("pathDirname", p), want, `pathDirname(${p})`);
  }
  table([
    ["pathBasename", ["/a/b.txt"], "b.txt"],
    ["pathBasename", ["/a/b/"], "b"],
    ["pathBasename", ["/"], ""],
    ["pathBasename", ["."], ""],
    ["pathBasename", ["a/.."], ""],
    ["pathBasename", [""], ""],
    ["pathBasename", ["a/."], "a"],
    ["pathExtension", [".bashrc"], ""],
    ["pathExtension", ["a.tar.gz"], "gz"],
    ["pathExtension", ["a."], ""],
    ["pathExtension", ["dir.d/file"], ""],
    ["pathExtension", ["/x/ü.Ñ"], "Ñ"],
    ["pathExtension", ["..."], ""],
  ]);
});

test("pathParse", () => {
  const cases: [string, Record<string, string>][] = [
    ["/home/u/a.tar.gz", { root: "/", dir: "/home/u", base: "a.tar.gz", ext: "gz", name: "a.tar" }],
    [".bashrc", { root: "", dir: "", base: ".bashrc", ext: "", name: ".bashrc" }],
    ["x/a.", { root: "", dir: "x", base: "a.", ext: "", name: "a" }],
    ["/", { root: "/", dir: "", base: "", ext: "", name: "" }],
  ];
  for (const [p, want] of cases) {
    const m = S.call("pathParse", p);
    assert.ok(m instanceof HashMapValue);
    assert.deepEqual([...m.entries.keys()], ["root", "dir", "base", "ext", "name"]);
    assert.deepEqual(Object.fromEntries(m.entries), want, p);
  }
});

test("pathAbsolute, pathRelative, pathIsAbsolute, pathEquals", () => {
  table([
    ["pathAbsolute", ["/x/../y"], "/x/../y"],
    ["pathAbsolute", ["a/../b"], "/work/cwd/a/../b"],
    ["pathAbsolute", [""], "/work/cwd/"],
    ["pathRelative", ["/a/b", "/a/c/d"], "../c/d"],
    ["pathRelative", ["/a/b", "/a/b"], ""],
    ["pathRelative", ["/a/b/", "/a/./b"], ""],
    ["pathRelative", ["/", "/x/y"], "x/y"],
    ["pathRelative", ["/x/y", "/"], "../.."],
    ["pathRelative", ["sub", "other/f"], "../other/f"],
    ["pathRelative", ["/work", "cwd/z"], "cwd/cwd/z"],
    ["pathIsAbsolute", ["/a"], true],
    ["pathIsAbsolute", ["a"], false],
    ["pathIsAbsolute", [""], false],
    ["pathIsRelative", ["a"], true],
    ["pathIsRelative", ["/"], false],
    ["pathEquals", ["a//b/", "a/b"], true],
    ["pathEquals", ["a/./b", "a/b"], true],
    ["pathEquals", ["./a", "a"], false],
    ["pathEquals", ["/a", "a"], false],
    ["pathEquals", ["a/../b", "b"], false],
    ["pathEquals", ["A", "a"], false],
  ]);
});

test("separators, drive and conversions", () => {
  table([
    ["pathSeparator", [], "/"],
    ["pathDelimiter", [], ":"],
    ["pathExtSeparator", [], "."],
    ["pathDrive", ["C:\\x"], ""],
    ["pathToPlatform", ["a\\b/c"], "a/b/c"],
    ["pathToPosix", ["a\\b\\c"], "a/b/c"],
    ["pathToWindows", ["a/b/c"], "a\\b\\c"],
  ]);
});

test("pathCwd, pathHomedir, pathTempdir, fsGetTempDir need no permission", () => {
  assert.equal(S.call("pathCwd"), "/work/cwd");
  assert.equal(S.call("getCwd"), "/work/cwd");
  assert.equal(S.call("pathHomedir"), homedir());
  assert.equal(S.call("pathTempdir"), tmpdir());
  assert.equal(S.call("fsGetTempDir"), tmpdir());
});

test("pathExists and pathCanonical need read permission on the resolved path", () => {
  const dir = tempDir();
  try {
    mkdirSync(path.join(dir, "d"));
    writeFileSync(path.join(dir, "d/f.txt"), "x");
    symlinkSync("d/f.txt", path.join(dir, "link"));
    const denied = sys({}, dir);
    raises(() => denied.call("pathExists", "d/f.txt"), "AT0300", `Permission denied: read access to "${dir}/d/f.txt" (run with --allow-read=${dir}/d/f.txt)`);
    raises(() => denied.call("pathCanonical", "link"), "AT0300", `Permission denied: read access to "${dir}/d/f.txt" (run with --allow-read=${dir}/d/f.txt)`);
    const ok = sys({ read: [dir] }, dir);
    assert.equal(ok.call("pathExists", "d/f.txt"), true);
    assert.equal(ok.call("pathExists", "d/missing"), false);
    assert.equal(ok.call("pathCanonical", "link"), `${dir}/d/f.txt`);
    assert.equal(ok.call("pathCanonical", "./d/../d"), `${dir}/d`);
    raises(() => ok.call("pathCanonical", "nope"), "AT0400", "pathCanonical: ENOENT: no such file or directory: nope");
    raises(() => ok.call("pathExists", ""), "AT0400", "pathExists: invalid path");
  } finally {
    cleanup(dir);
  }
});

test("ill-typed calls raise AT0102", () => {
  raises(() => S.call("pathNormalize", 3), "AT0102", "pathNormalize(): expected string, got number");
  raises(() => S.call("pathJoin", "a", null), "AT0102", "pathJoin(): expected string, got null");
  raises(() => S.call("pathJoinArray", ["a", 1]), "AT0102", "pathJoinArray(): expected string, got number");
  raises(() => S.call("pathRelative", "a"), "AT0102", "pathRelative(): expected string, got nothing");
});
