// Process and environment builtins (stdlib.md §15): exec/shell results and failures, options,
// the capture limit, output flushing, and the environment functions.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { JsonObject, JsonValue, ResultValue, type JsonData, type Value } from "../../src/runtime/values.js";
import { parseJsonOrThrow } from "../../src/runtime/json.js";
import { cleanup, raises, sys, tempDir } from "./support/sys-harness.js";

const ALL = { run: true as const, env: true as const };

function json(text: string): JsonValue {
  return new JsonValue(parseJsonOrThrow(text));
}

function okFields(v: Value): Record<string, JsonData> {
  assert.ok(v instanceof ResultValue, "not a Result");
  assert.ok(v.isOk, `expected Ok, got Err(${String(v.value)})`);
  assert.ok(v.value instanceof JsonValue && v.value.data instanceof JsonObject);
  assert.deepEqual([...v.value.data.entries.keys()], ["exitCode", "stdout", "stderr", "success"]);
  return Object.fromEntries(v.value.data.entries);
}

function errText(v: Value): string {
  assert.ok(v instanceof ResultValue && !v.isOk, "expected Err");
  return v.value as string;
}

test("exec: program and arguments, captured output, exit codes", () => {
  const s = sys(ALL);
  assert.deepEqual(okFields(s.call("exec", ["echo", "a b", "ü"])), { exitCode: 0, stdout: "a b ü\n", stderr: "", success: true });
  assert.deepEqual(okFields(s.call("exec", ["sh", "-c", "printf out; printf err >&2"])).stderr, "err");
  assert.equal(okFields(s.call("exec", "true")).stdout, "");
  assert.equal(errText(s.call("exec", ["sh", "-c", "exit 3"])), "Command failed with exit code 3");
  assert.equal(errText(s.call("exec", "false")), "Command failed with exit code 1");
  assert.equal(errText(s.call("exec", ["sh", "-c", "kill -9 $$"])), "Command failed with exit code -1");
  assert.equal(okFields(s.call("exec", ["printf", "\\377x"])).stdout, "\uFFFDx", "invalid UTF-8 becomes U+FFFD");
  // A string is the program, never split on spaces.
  raises(() => s.call("exec", "echo hi"), "AT0400", "exec: ENOENT: no such file or directory: echo hi");
  raises(() => s.call("exec", ["/nonexistent/prog"]), "AT0400", "exec: ENOENT: no such file or directory: /nonexistent/prog");
});

test("exec: stdin is empty; options env, cwd, inherit", () => {
  const dir = tempDir();
  try {
    mkdirSync(path.join(dir, "sub"));
    const s = sys(ALL, dir);
    assert.equal(okFields(s.call("exec", "cat")).stdout, "");
    assert.equal(okFields(s.call("exec", "pwd")).stdout, dir + "\n");
    assert.equal(okFields(s.call("exec", "pwd", json('{"cwd": "sub"}'))).stdout, path.join(dir, "sub") + "\n");
    const env = okFields(s.call("exec", ["sh", "-c", 'echo "$ATLAS_X-$HOME"'], json('{"env": {"ATLAS_X": "1"}, "other": 5}')));
    assert.equal(env.stdout, `1-${process.env.HOME ?? ""}\n`);
    assert.deepEqual(okFields(s.call("exec", ["sh", "-c", "exit 0"], json('{"inherit": true}'))), {
      exitCode: 0,
      stdout: "",
      stderr: "",
      success: true,
    });
    assert.equal(okFields(s.call("exec", "true", new JsonValue(null))).exitCode, 0);
    assert.equal(okFields(s.call("exec", "true", null)).exitCode, 0);
    raises(() => s.call("exec", "pwd", json('{"cwd": "missing"}')), "AT0400", "exec: ENOENT: no such file or directory: pwd");
    writeFileSync(path.join(dir, "noexec.sh"), "echo hi\n", { mode: 0o644 });
    raises(() => s.call("exec", "./noexec.sh"), "AT0400", "exec: EACCES: permission denied: ./noexec.sh");
  } finally {
    cleanup(dir);
  }
});

test("exec/shell: option and argument errors", () => {
  const s = sys(ALL);
  const rows: [Value[], string, string][] = [
    [["true", json('{"env": {"A": 1}}')], "AT0001", "Type error: Environment variable values must be strings"],
    [["true", json('{"env": [1]}')], "AT0001", "Type error: Environment variable values must be strings"],
    [["true", json('{"cwd": 3}')], "AT0001", "Type error: Working directory must be a string"],
    [["true", json('{"inherit": "yes"}')], "AT0001", "Type error: Inherit option must be a boolean"],
    [["true", json("[1]")], "AT0102", "exec(): options must be a json object or null"],
    [["true", 5], "AT0102", "exec(): expected json or null, got number"],
    [[[]], "AT0001", "Type error: Command array cannot be empty"],
    [[[""]], "AT0102", "exec(): program must be a non-empty string"],
    [[""], "AT0102", "exec(): program must be a non-empty string"],
    [[["echo", 1]], "AT0102", "exec(): expected string, got number"],
    [[3], "AT0102", "exec(): expected string or string[], got number"],
    [[["echo", "a\0"]], "AT0102", "exec(): arguments must not contain U+0000"],
  ];
  for (const [args, code, message] of rows) raises(() => s.call("exec", ...args), code, message);
  raises(() => s.call("shell", "true", json('"x"')), "AT0102", "shell(): options must be a json object or null");
  raises(() => s.call("shell", 1), "AT0102", "shell(): expected string, got number");
});

test("shell runs sh -c", () => {
  const s = sys({ run: ["sh"] });
  const r = okFields(s.call("shell", "echo $((6*7)) | tr 4 X; echo e >&2"));
  assert.equal(r.stdout, "X2\n");
  assert.equal(r.stderr, "e\n");
  assert.equal(errText(s.call("shell", "exit 7")), "Shell command failed with exit code 7");
  assert.equal(errText(s.call("shell", "nonexistent-cmd-xyz 2>/dev/null")), "Shell command failed with exit code 127");
});

test("captured output beyond the limit kills the child and raises AT0007", () => {
  const s = sys(ALL, process.cwd(), { captureLimit: 1000 });
  raises(() => s.call("exec", ["head", "-c", "5000", "/dev/zero"]), "AT0007", "exec(): result too large (limit 1000)");
  raises(() => s.call("shell", "head -c 2000 /dev/zero >&2"), "AT0007", "shell(): result too large (limit 1000)");
  assert.equal((okFields(s.call("exec", ["head", "-c", "1000", "/dev/zero"])).stdout as string).length, 1000);
});

test("pending print output is flushed before a child starts", () => {
  const s = sys(ALL);
  let flushed = 0;
  s.ctx.writeErr = (t: string) => {
    if (t === "") flushed++;
  };
  s.call("exec", "true");
  assert.equal(flushed, 1);
});

test("environment: getEnv, setEnv, unsetEnv, listEnv", () => {
  const s = sys({ env: true, run: true });
  const name = "ATLAS_PROC_TEST";
  s.call("setEnv", name, "välue=1");
  assert.equal(s.call("getEnv", name), "välue=1");
  assert.equal(process.env[name], "välue=1");
  assert.equal(okFields(s.call("shell", `printf %s "$${name}"`)).stdout, "välue=1", "children see it");
  const all = s.call("listEnv");
  assert.ok(all instanceof JsonValue && all.data instanceof JsonObject);
  const keys = [...all.data.entries.keys()];
  assert.deepEqual(keys, [...keys].sort(), "keys sorted");
  assert.equal(all.data.entries.get(name), "välue=1");
  s.call("unsetEnv", name);
  s.call("unsetEnv", name);
  assert.equal(s.call("getEnv", name), null);
  assert.equal(s.call("getEnv", "A=B"), null);
  assert.equal(s.call("getEnv", ""), null);
  raises(() => s.call("setEnv", "", "v"), "AT0102", "setEnv(): invalid variable name");
  raises(() => s.call("getEnv", 3), "AT0102", "getEnv(): expected string, got number");
  assert.equal(s.call("getPid"), process.pid);
  assert.equal(s.call("getCwd"), process.cwd());
});

test("a denied exec starts nothing", () => {
  const dir = tempDir();
  try {
    const marker = path.join(dir, "ran");
    const s = sys({ run: ["echo"] }, dir);
    raises(() => s.call("exec", ["touch", marker]), "AT0302", 'Permission denied: run access to "touch" (run with --allow-run=touch)');
    raises(() => s.call("shell", `touch ${marker}`), "AT0302", 'Permission denied: run access to "sh" (run with --allow-run=sh)');
    assert.ok(!existsSync(marker));
    assert.equal(okFields(s.call("exec", ["echo", "ok"])).stdout, "ok\n");
  } finally {
    cleanup(dir);
  }
});
