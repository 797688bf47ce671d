// The permission sandbox (stdlib.md §11): grant flags, path resolution against `..` and
// symlinks, denial texts, every guarded builtin denied without effect and allowed when granted,
// the program's own source files, and embedding grants.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { GrantError, parseGrantFlag, parseGrantFlags, validateGrants } from "../../src/security/flags.js";
import { createPolicy, type Grants } from "../../src/security/policy.js";
import { resolveLinkPath, resolvePath, isCovered } from "../../src/security/paths.js";
import { findExecutable, requireRun } from "../../src/security/capabilities.js";
import { normaliseNetEntry } from "../../src/security/net-entry.js";
import { RuntimeError } from "../../src/runtime/errors.js";
import { JsonObject, JsonValue, type Value } from "../../src/runtime/values.js";
import { cleanup, raises, runProgram, sys, tempDir } from "./support/sys-harness.js";

// ---- flags ------------------------------------------------------------------------------------

test("grant flags merge; unrestricted wins; -A grants everything", () => {
  const rows: [string[], Grants][] = [
    [["--allow-read"], { read: true }],
    [["--allow-read=/a,/b", "--allow-read=/b,/c"], { read: ["/a", "/b", "/c"] }],
    [["--allow-read=/a", "--allow-read"], { read: true }],
    [["--allow-read", "--allow-read=/a"], { read: true }],
    [["--allow-net=example.com:443,[::1]", "--allow-env=HOME"], { net: ["example.com:443", "[::1]"], env: ["HOME"] }],
    [["-A"], { read: true, write: true, net: true, env: true, run: true }],
    [["--allow-all"], { read: true, write: true, net: true, env: true, run: true }],
    [["--allow-run=git,/usr/bin/env"], { run: ["git", "/usr/bin/env"] }],
  ];
  for (const [args, want] of rows) assert.deepEqual(parseGrantFlags(args).grants, want, args.join(" "));
  const { rest } = parseGrantFlags(["--engine=interp", "--allow-write", "x.atl", "--allow-reads"]);
  assert.deepEqual(rest, ["--engine=interp", "x.atl", "--allow-reads"]);
});

test("malformed grant flags are usage errors with exact texts", () => {
  const rows: [string, string][] = [
    ["--allow-read=", "invalid entry for '--allow-read': empty entry"],
    ["--allow-write=a,,b", "invalid entry for '--allow-write': empty entry"],
    ["--allow-net=bad/host", "invalid entry for '--allow-net': 'bad/host' is not a host, host:port, [ipv6] or [ipv6]:port"],
    ["--allow-net=h:70000", "invalid entry for '--allow-net': 'h:70000' has an invalid port"],
    ["--allow-net=h:0", "invalid entry for '--allow-net': 'h:0' has an invalid port"],
    ["--allow-net=::1", "invalid entry for '--allow-net': '::1' is not a host, host:port, [ipv6] or [ipv6]:port"],
    ["--allow-net=user@h", "invalid entry for '--allow-net': 'user@h' is not a host, host:port, [ipv6] or [ipv6]:port"],
    ["--allow-net=[zz]", "invalid entry for '--allow-net': '[zz]' is not a host, host:port, [ipv6] or [ipv6]:port"],
    ["--allow-env=A=B", "invalid entry for '--allow-env': 'A=B' is not a variable name"],
    ["--allow-run=a\0b", "invalid entry for '--allow-run': 'a\0b' contains a NUL character"],
  ];
  for (const [flag, message] of rows) {
    assert.throws(() => parseGrantFlag(flag, {}), (e: unknown) => e instanceof GrantError && e.message === message, flag);
  }
});

test("embedding grants are validated with the same grammar", () => {
  assert.deepEqual(validateGrants(undefined), {});
  assert.deepEqual(validateGrants({ read: true, net: ["a.com", "a.com"], env: false }), { read: true, net: ["a.com"] });
  const bad: [unknown, string][] = [
    [[], "permissions must be an object"],
    [{ disk: true }, "unknown permission kind 'disk' (expected read, write, net, env, run)"],
    [{ read: [] }, "permission 'read' must be true or a non-empty array of strings"],
    [{ read: "/x" }, "permission 'read' must be true or a non-empty array of strings"],
    [{ env: [3] }, "permission 'env' must be true or a non-empty array of strings"],
    [{ read: ["a,b"] }, "invalid entry for permission 'read': 'a,b' contains a comma"],
    [{ net: ["x:99999"] }, "invalid entry for permission 'net': 'x:99999' has an invalid port"],
  ];
  for (const [v, message] of bad) {
    assert.throws(() => validateGrants(v), (e: unknown) => e instanceof GrantError && e.message === message, message);
  }
});

test("net entries are normalised like WHATWG hosts", () => {
  const rows: [string, { host: string; port: number | null }][] = [
    ["EXAMPLE.com", { host: "example.com", port: null }],
    ["example.com.:8080", { host: "example.com", port: 8080 }],
    ["bücher.de", { host: "xn--bcher-kva.de", port: null }],
    ["[0:0::1]:443", { host: "[::1]", port: 443 }],
    ["127.1", { host: "127.0.0.1", port: null }],
  ];
  for (const [e, want] of rows) assert.deepEqual(normaliseNetEntry(e), want, e);
});

// ---- path resolution --------------------------------------------------------------------------

/**
 * <root>/data/in.txt, <root>/data/sub/, <root>/data/link → <root>/outside/secret.txt,
 * <root>/data/dirlink → <root>/outside, <root>/outside/secret.txt, <root>/database/x.txt,
 * <root>/alias → data
 */
function fixture(): string {
  const root = tempDir();
  mkdirSync(path.join(root, "data/sub"), { recursive: true });
  mkdirSync(path.join(root, "outside"));
  mkdirSync(path.join(root, "database"));
  writeFileSync(path.join(root, "data/in.txt"), "inside\n");
  writeFileSync(path.join(root, "outside/secret.txt"), "secret\n");
  writeFileSync(path.join(root, "database/x.txt"), "x\n");
  symlinkSync(path.join(root, "outside/secret.txt"), path.join(root, "data/link"));
  symlinkSync("../outside", path.join(root, "data/dirlink"));
  symlinkSync("data", path.join(root, "alias"));
  return root;
}

test("paths are resolved before checking: `..`, symlinks, missing suffixes", () => {
  const r = fixture();
  try {
    const rows: [string, string][] = [
      ["data/in.txt", `${r}/data/in.txt`],
      ["data/../outside/secret.txt", `${r}/outside/secret.txt`],
      ["data/link", `${r}/outside/secret.txt`],
      ["data/dirlink/secret.txt", `${r}/outside/secret.txt`],
      ["data/dirlink/../database", `${r}/database`],
      ["data/new/../../outside/x", `${r}/outside/x`],
      ["data/new/./y/", `${r}/data/new/y`],
      ["alias/in.txt", `${r}/data/in.txt`],
      ["data/in.txt/..", `${r}/data`],
      [`${r}//data///sub/.`, `${r}/data/sub`],
      ["/nonexistent-atlas/a/../b", "/nonexistent-atlas/b"],
    ];
    for (const [p, want] of rows) assert.equal(resolvePath(p, r), want, p);
    assert.equal(resolveLinkPath("data/link", r), `${r}/data/link`);
    assert.equal(resolveLinkPath("alias/link", r), `${r}/data/link`);
    assert.equal(resolveLinkPath("data/dirlink/..", r), r);
    assert.ok(isCovered(`${r}/data/x`, `${r}/data`));
    assert.ok(isCovered(`${r}/data`, `${r}/data`));
    assert.ok(!isCovered(`${r}/database`, `${r}/data`));
    assert.ok(isCovered("/etc", "/"));
  } finally {
    cleanup(r);
  }
});

test("traversal and symlink escapes are denied; the grant covers component-wise", () => {
  const r = fixture();
  try {
    const s = sys({ read: ["data"], write: ["data"] }, r);
    const secret = `${r}/outside/secret.txt`;
    const deniedRead = `Permission denied: read access to "${secret}" (run with --allow-read=${secret})`;
    assert.equal(s.call("readFile", "data/in.txt"), "inside\n");
    assert.equal(s.call("readFile", "alias/in.txt"), "inside\n");
    raises(() => s.call("readFile", "data/../outside/secret.txt"), "AT0300", deniedRead);
    raises(() => s.call("readFile", "data/link"), "AT0300", deniedRead);
    raises(() => s.call("readFile", "data/dirlink/secret.txt"), "AT0300", deniedRead);
    raises(() => s.call("readFile", `${r}/data/sub/../../outside/secret.txt`), "AT0300", deniedRead);
    raises(() => s.call("readFile", "database/x.txt"), "AT0300", /^Permission denied: read access to ".*\/database\/x\.txt"/);
    raises(() => s.call("fileExists", "data/link"), "AT0300", deniedRead);
    // Writing through a link that leaves the grant is denied and leaves the target alone.
    raises(
      () => s.call("writeFile", "data/link", "pwned"),
      "AT0300",
      `Permission denied: write access to "${secret}" (run with --allow-write=${secret})`,
    );
    raises(() => s.call("appendFile", "data/dirlink/secret.txt", "pwned"), "AT0300", /write access/);
    raises(() => s.call("createDir", "data/new/../../outside/made"), "AT0300", /write access to ".*\/outside\/made"/);
    assert.equal(readFileSync(secret, "utf8"), "secret\n");
    assert.ok(!existsSync(`${r}/outside/made`));
    // A link inside the grant may be created (write on the link path) and removed (the link
    // itself), but reading through it is still checked on its target.
    s.call("fsSymlink", "../outside/secret.txt", "data/escape");
    raises(() => s.call("readFile", "data/escape"), "AT0300", deniedRead);
    assert.equal(s.call("fsReadlink", "data/escape"), "../outside/secret.txt");
    assert.equal(s.call("fsIsSymlink", "data/escape"), true);
    s.call("removeFile", "data/escape");
    assert.ok(!existsSync(`${r}/data/escape`));
    assert.equal(readFileSync(secret, "utf8"), "secret\n");
  } finally {
    cleanup(r);
  }
});

test("grant paths are resolved at start-up (relative, through symlinks, not yet existing)", () => {
  const r = fixture();
  try {
    const viaAlias = sys({ read: [`${r}/alias`] }, "/");
    assert.equal(viaAlias.call("readFile", `${r}/data/in.txt`), "inside\n");
    const future = sys({ write: ["later"] }, r);
    future.call("createDir", "later/a/b");
    assert.ok(statSync(`${r}/later/a/b`).isDirectory());
    raises(() => future.call("createDir", "later2"), "AT0300", /write access/);
    const policy = createPolicy({ read: ["data/./sub/..", "/"] }, r);
    assert.deepEqual(policy.read.roots, [`${r}/data`, "/"]);
  } finally {
    cleanup(r);
  }
});

// ---- every guarded builtin --------------------------------------------------------------------

/** A snapshot of everything under `dir` (names, kinds, sizes, contents, link targets). */
function snapshot(dir: string): string {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = path.join(d, name);
      const st = lstatSync(p);
      if (st.isSymbolicLink()) out.push(`${p} -> link`);
      else if (st.isDirectory()) {
        out.push(`${p}/ ${st.mode}`);
        walk(p);
      } else out.push(`${p} ${st.mode} ${readFileSync(p, "utf8")}`);
    }
  };
  walk(dir);
  return out.join("\n");
}

const JSON_NULL = new JsonValue(null);

test("every guarded builtin is denied by default, with no effect", () => {
  const r = fixture();
  const tmpBefore = readdirSync(tmpdir()).filter((n) => n.startsWith("atlas_tmp_") || n.startsWith("den_"));
  const marker = path.join(r, "spawned");
  const envName = "ATLAS_PERMISSION_TEST_VAR";
  delete process.env[envName];
  const before = snapshot(r);
  try {
    const s = sys({}, r);
    const rd = (p: string): RegExp => new RegExp(`^Permission denied: read access to "${r}/${p}" \\(run with --allow-read=${r}/${p}\\)$`);
    const wr = (p: string): RegExp => new RegExp(`^Permission denied: write access to "${r}/${p}" \\(run with --allow-write=${r}/${p}\\)$`);
    const tmpDenied = new RegExp(`^Permission denied: write access to "${resolvePath(tmpdir(), "/")}"`);
    const rows: [string, Value[], string, RegExp][] = [
      ["readFile", ["data/in.txt"], "AT0300", rd("data/in.txt")],
      ["readDir", ["data"], "AT0300", rd("data")],
      ["fileInfo", ["data/in.txt"], "AT0300", rd("data/in.txt")],
      ["fileExists", ["data/nope"], "AT0300", rd("data/nope")],
      ["fsReaddir", ["data"], "AT0300", rd("data")],
      ["fsWalk", ["data"], "AT0300", rd("data")],
      ["fsSize", ["data/in.txt"], "AT0300", rd("data/in.txt")],
      ["fsMtime", ["data/in.txt"], "AT0300", rd("data/in.txt")],
      ["fsCtime", ["data/in.txt"], "AT0300", rd("data/in.txt")],
      ["fsAtime", ["data/in.txt"], "AT0300", rd("data/in.txt")],
      ["fsPermissions", ["data/in.txt"], "AT0300", rd("data/in.txt")],
      ["fsIsDir", ["data"], "AT0300", rd("data")],
      ["fsIsFile", ["data/in.txt"], "AT0300", rd("data/in.txt")],
      ["fsIsSymlink", ["data/link"], "AT0300", rd("data/link")],
      ["fsInode", ["data/in.txt"], "AT0300", rd("data/in.txt")],
      ["fsReadlink", ["data/link"], "AT0300", rd("data/link")],
      ["fsResolveSymlink", ["data/link"], "AT0300", rd("outside/secret.txt")],
      ["pathExists", ["data"], "AT0300", rd("data")],
      ["pathCanonical", ["alias"], "AT0300", rd("data")],
      ["writeFile", ["data/new.txt", "x"], "AT0300", wr("data/new.txt")],
      ["writeFile", ["data/in.txt", "x"], "AT0300", wr("data/in.txt")],
      ["appendFile", ["data/in.txt", "x"], "AT0300", wr("data/in.txt")],
      ["createDir", ["data/d1/d2"], "AT0300", wr("data/d1/d2")],
      ["removeFile", ["data/in.txt"], "AT0300", wr("data/in.txt")],
      ["removeFile", ["data/link"], "AT0300", wr("data/link")],
      ["removeDir", ["data/sub"], "AT0300", wr("data/sub")],
      ["fsMkdir", ["data/m"], "AT0300", wr("data/m")],
      ["fsMkdirp", ["data/m/n"], "AT0300", wr("data/m/n")],
      ["fsRmdir", ["data/sub"], "AT0300", wr("data/sub")],
      ["fsRmdirRecursive", ["data"], "AT0300", wr("data")],
      ["fsSymlink", ["in.txt", "data/l2"], "AT0300", wr("data/l2")],
      ["fsTmpfile", [], "AT0300", tmpDenied],
      ["fsTmpdir", [], "AT0300", tmpDenied],
      ["fsTmpfileNamed", ["den"], "AT0300", tmpDenied],
      ["exec", [["touch", marker]], "AT0302", /^Permission denied: run access to "touch" \(run with --allow-run=touch\)$/],
      ["exec", ["/bin/true"], "AT0302", /^Permission denied: run access to "\/bin\/true" \(run with --allow-run=\/bin\/true\)$/],
      ["shell", [`touch ${marker}`], "AT0302", /^Permission denied: run access to "sh" \(run with --allow-run=sh\)$/],
      ["shell", [`touch ${marker}`, JSON_NULL], "AT0302", /run access to "sh"/],
      ["getEnv", ["HOME"], "AT0303", /^Permission denied: env access to "HOME" \(run with --allow-env=HOME\)$/],
      ["getEnv", ["A=B"], "AT0303", /env access to "A=B"/],
      ["setEnv", [envName, "1"], "AT0303", new RegExp(`env access to "${envName}"`)],
      ["unsetEnv", ["PATH"], "AT0303", /env access to "PATH"/],
      ["listEnv", [], "AT0303", /^Permission denied: env access to all variables \(run with --allow-env\)$/],
      ["httpGet", ["http://127.0.0.1:9/"], "AT0301", /^Permission denied: net access to "127\.0\.0\.1:9" \(run with --allow-net=127\.0\.0\.1:9\)$/],
      ["httpGetJson", ["https://example.com/x"], "AT0301", /net access to "example\.com:443"/],
      ["httpPost", ["http://[::1]/", "b"], "AT0301", /net access to "\[::1\]:80"/],
      ["httpPut", ["http://h.test:8080/", "b"], "AT0301", /net access to "h\.test:8080"/],
      ["httpDelete", ["http://h.test/"], "AT0301", /net access to "h\.test:80"/],
      ["httpPatch", ["http://h.test/", "b"], "AT0301", /net access to "h\.test:80"/],
      ["httpPostJson", ["http://h.test/", JSON_NULL], "AT0301", /net access to "h\.test:80"/],
    ];
    for (const [name, args, code, message] of rows) raises(() => s.call(name, ...args), code, message);
    // A request value: the URL (with query parameters) is checked when it is sent.
    const req = s.call("httpRequestGet", "http://Example.COM./p");
    raises(() => s.call("httpSend", req), "AT0301", /net access to "example\.com:80"/);
    assert.equal(s.call("httpCheckPermission", "http://example.com/"), false);
  } finally {
    assert.equal(snapshot(r), before, "a denied operation changed the file system");
    assert.ok(!existsSync(marker), "a denied process ran");
    assert.equal(process.env[envName], undefined);
    assert.ok(process.env.PATH !== undefined);
    const tmpAfter = readdirSync(tmpdir()).filter((n) => n.startsWith("atlas_tmp_") || n.startsWith("den_"));
    assert.deepEqual(tmpAfter, tmpBefore, "a denied temp-file builtin created something");
    cleanup(r);
  }
});

test("argument validation comes before the permission check", () => {
  const s = sys({});
  raises(() => s.call("readFile", ""), "AT0400", "readFile: invalid path");
  raises(() => s.call("writeFile", "a\0b", "x"), "AT0400", "writeFile: invalid path");
  raises(() => s.call("writeFile", "a", 3), "AT0102", "writeFile(): expected string, got number");
  raises(() => s.call("fsTmpfileNamed", "a/b"), "AT0102", "fsTmpfileNamed(): prefix must not contain a path separator");
  raises(() => s.call("setEnv", "A=B", "1"), "AT0102", "setEnv(): invalid variable name");
  raises(() => s.call("setEnv", "A", "x\0"), "AT0102", "setEnv(): invalid value");
  raises(() => s.call("unsetEnv", ""), "AT0102", "unsetEnv(): invalid variable name");
  raises(() => s.call("exec", []), "AT0001", "Type error: Command array cannot be empty");
  raises(() => s.call("exec", [""]), "AT0102", "exec(): program must be a non-empty string");
  raises(() => s.call("exec", "ls", new JsonValue(3)), "AT0102", "exec(): options must be a json object or null");
  raises(() => s.call("httpGet", 5), "AT0102", "httpGet(): expected string, got number");
  // An invalid URL is a value, not a denial.
  assert.equal(String((s.call("httpGet", "ftp://x/") as { value: Value }).value), 'AT0122: httpGet: invalid URL (unsupported scheme "ftp:"): ftp://x/');
});

test("every guarded builtin works when granted", () => {
  const r = fixture();
  try {
    const s = sys({ read: [r], write: [r, tmpdir()], env: ["ATLAS_T1"], run: ["sh", "true"] }, r);
    assert.equal(s.call("readFile", "data/in.txt"), "inside\n");
    assert.deepEqual(s.call("readDir", "data"), ["dirlink", "in.txt", "link", "sub"]);
    assert.equal(s.call("fileExists", "data/in.txt"), true);
    s.call("writeFile", "data/out.txt", "a");
    s.call("appendFile", "data/out.txt", "b");
    assert.equal(s.call("readFile", "data/out.txt"), "ab");
    s.call("createDir", "data/c/d");
    s.call("removeDir", "data/c/d");
    s.call("removeFile", "data/out.txt");
    assert.ok(s.call("fileInfo", "data/in.txt") instanceof JsonValue);
    const tmp = s.call("fsTmpfile") as string;
    assert.ok(existsSync(tmp));
    cleanup(tmp);
    s.call("setEnv", "ATLAS_T1", "v");
    assert.equal(s.call("getEnv", "ATLAS_T1"), "v");
    s.call("unsetEnv", "ATLAS_T1");
    assert.equal(s.call("getEnv", "ATLAS_T1"), null);
    raises(() => s.call("getEnv", "ATLAS_T2"), "AT0303", /ATLAS_T2/);
    raises(() => s.call("listEnv"), "AT0303", /all variables/);
    const sh = s.call("shell", "echo hi") as { isOk: boolean; value: JsonValue };
    assert.ok(sh.isOk);
    assert.equal((sh.value.data as JsonObject).entries.get("stdout"), "hi\n");
    assert.ok((s.call("exec", "true") as { isOk: boolean }).isOk);
  } finally {
    cleanup(r);
  }
});

test("run grants match by name or by the same executable file", () => {
  const r = tempDir();
  try {
    const env = findExecutable("env", r, process.env.PATH ?? "");
    assert.ok(env !== null, "no env on PATH");
    const p = createPolicy({ run: ["env"] }, r);
    requireRun(p, "env", r, process.env.PATH ?? "");
    requireRun(p, env, r, process.env.PATH ?? "");
    writeFileSync(path.join(r, "env"), "#!/bin/sh\necho fake\n", { mode: 0o755 });
    assert.throws(
      () => requireRun(p, "./env", r, process.env.PATH ?? ""),
      (e: unknown) => e instanceof RuntimeError && e.message === 'Permission denied: run access to "./env" (run with --allow-run=./env)',
    );
    const byPath = createPolicy({ run: [env] }, r);
    requireRun(byPath, "env", r, process.env.PATH ?? "");
    assert.throws(() => requireRun(byPath, "ls", r, process.env.PATH ?? ""), (e: unknown) => e instanceof RuntimeError && e.code === "AT0302");
  } finally {
    cleanup(r);
  }
});

// ---- whole programs ---------------------------------------------------------------------------

test("the program's own source files are readable without a grant, nothing else", async () => {
  const r = tempDir();
  try {
    mkdirSync(path.join(r, "lib"));
    writeFileSync(path.join(r, "lib/m.atl"), "export fn two() -> number { return 2; }\n");
    writeFileSync(path.join(r, "other.txt"), "other\n");
    symlinkSync("main.atl", path.join(r, "self-link"));
    const src = [
      'import { two } from "./lib/m";',
      'print(len(readFile("main.atl")) > 0);',
      'print(readFile("./lib/../lib/m.atl"));',
      'print(len(readFile("self-link")) > 0);',
      "print(two());",
      'print(readFile("other.txt"));',
      "",
    ].join("\n");
    const res = await runProgram(r, src);
    assert.equal(res.stdout, "true\nexport fn two() -> number { return 2; }\n\ntrue\n2\n");
    assert.match(res.stderr, new RegExp(`^error\\[AT0300\\]: Permission denied: read access to "${r}/other.txt" \\(run with --allow-read=${r}/other.txt\\)\n`));
    assert.equal(res.exit, 1);
    const dir = await runProgram(r, 'print(readDir("."));\n');
    assert.match(dir.stderr, /AT0300/);
  } finally {
    cleanup(r);
  }
});

test("grant flags reach a program; relative grants are relative to its working directory", async () => {
  const r = fixture();
  try {
    const src = 'print(readFile("data/in.txt"));\nwriteFile("data/o.txt", "ok");\nprint(readFile("data/o.txt"));\n';
    const res = await runProgram(r, src, ["--allow-read=data", "--allow-write=data/o.txt"]);
    assert.deepEqual(res, { stdout: "inside\n\nok\n", stderr: "", exit: 0 });
    const denied = await runProgram(r, src, ["--allow-read=data"]);
    assert.equal(denied.exit, 1);
    assert.match(denied.stderr, /write access to ".*\/data\/o\.txt"/);
  } finally {
    cleanup(r);
  }
});
