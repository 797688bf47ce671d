// The async HTTP client (async.md §A8) against real node:http servers on 127.0.0.1 started here:
// statuses, methods, headers, JSON, redirects (including to a denied host), transport errors
// (refused, reset before and during the body, malformed), whole-exchange timeouts, body limits,
// content codings, the pool limit (server-side connection counts), many concurrent clients,
// cancellation reaching the socket (the server sees the connection closed), the idle pool never
// keeping a program alive, httpStreamAsync with body channels, and programs on both engines.
import { after, before, beforeEach, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { Channel } from "../../src/runtime/channel.js";
import { display } from "../../src/runtime/display.js";
import { Future } from "../../src/runtime/future.js";
import { JsonValue, type Value } from "../../src/runtime/values.js";
import { parseJsonOrThrow, wrapJson } from "../../src/runtime/json.js";
import { HttpRequestValue, HttpResponseValue } from "../../src/stdlib/http.js";
import { httpConnectionCount, HttpStreamedResponse } from "../../src/stdlib/async-http-client.js";
import { cleanup, tempDir } from "./support/sys-harness.js";
import { closedPort, garbageServer, TestServer } from "./support/async-http-server.js";
import { drain, ENGINES, ioDrained, rejectionOf, rejects, runAtlas, runtime, settled, until, valueOf, type Rt } from "./support/async-io.js";
import type { IoLimits } from "../../src/security/policy.js";
import { Runtime } from "../../src/api/runtime.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
let A: TestServer;
let B: TestServer;
let dir = "";

before(async () => {
  A = new TestServer();
  B = new TestServer();
  await A.start();
  await B.start();
  dir = tempDir("atlas-async-http-");
});

after(async () => {
  await A.stop();
  await B.stop();
  cleanup(dir);
});

beforeEach(() => {
  A.reset();
  B.reset();
});

/** A runtime allowed to reach server A (plus extra net entries). */
function client(extra: string[] = [], limits: Partial<IoLimits> = {}): Rt {
  return runtime({ net: [`127.0.0.1:${A.port}`, ...extra] }, dir, limits);
}

async function resp(f: Value): Promise<HttpResponseValue> {
  const v = await valueOf(f);
  assert.ok(v instanceof HttpResponseValue, `not a response: ${display(v)}`);
  return v;
}

function echoOf(r: HttpResponseValue): { method: string; url: string; headers: string[]; body: string } {
  return JSON.parse(r.body) as { method: string; url: string; headers: string[]; body: string };
}

/** Distinct client connections the server has seen requests on since the last reset. */
function ports(): number {
  return new Set(A.log.map((l) => l.port)).size;
}

function req(s: Rt, url: string): HttpRequestValue {
  return s.call("httpRequestGet", url) as HttpRequestValue;
}

// ---- requests and responses ------------------------------------------------------------------------

test("httpGetAsync: status, headers (lowercase, repeats joined), body, final URL", async () => {
  const s = client();
  const r = await resp(s.call("httpGetAsync", `${A.base}/text?t=h%C3%A9`));
  assert.equal(r.status, 200);
  assert.equal(r.body, "hé");
  assert.equal(r.headers.get("x-multi"), "one, two");
  assert.equal(r.headers.get("content-type"), "text/plain; charset=utf-8");
  assert.equal(r.url, `${A.base}/text?t=h%C3%A9`);
  assert.equal(display(r), "<HttpResponse 200>");
});

test("any status resolves: 2xx–5xx are responses, not rejections", async () => {
  const s = client();
  for (const code of [200, 201, 204, 301, 400, 404, 418, 500, 503]) {
    const r = await resp(s.call("httpGetAsync", `${A.base}/status/${code}?x`));
    assert.equal(r.status, code);
  }
});

test("methods and bodies: POST, PUT, PATCH, DELETE and httpSendAsync", async () => {
  const s = client();
  for (const [fn, method] of [
    ["httpPostAsync", "POST"],
    ["httpPutAsync", "PUT"],
    ["httpPatchAsync", "PATCH"],
  ]) {
    const e = echoOf(await resp(s.call(fn, `${A.base}/echo`, `body of ${method} ü`)));
    assert.equal(e.method, method);
    assert.equal(e.body, `body of ${method} ü`);
  }
  assert.equal(echoOf(await resp(s.call("httpDeleteAsync", `${A.base}/echo`))).method, "DELETE");
  let rq = s.call("httpRequest", "put", `${A.base}/echo`) as HttpRequestValue;
  rq = s.call("httpSetHeader", rq, "X-Test", "v1") as HttpRequestValue;
  rq = s.call("httpSetQuery", rq, "a b", "ü&") as HttpRequestValue;
  rq = s.call("httpSetBody", rq, "sent") as HttpRequestValue;
  const e = echoOf(await resp(s.call("httpSendAsync", rq)));
  assert.equal(e.method, "PUT");
  assert.equal(e.url, "/echo?a%20b=%C3%BC%26");
  assert.equal(e.body, "sent");
  const hs = e.headers;
  assert.equal(hs[hs.findIndex((h) => h.toLowerCase() === "x-test") + 1], "v1");
  assert.equal(hs[hs.findIndex((h) => h.toLowerCase() === "user-agent") + 1], "Atlas/0.1");
});

test("httpPostJsonAsync sends toJSON(data) with Content-Type; httpGetJsonAsync parses any status", async () => {
  const s = client();
  const data = wrapJson(parseJsonOrThrow('{"k": [1, "two", null]}'));
  const e = echoOf(await resp(s.call("httpPostJsonAsync", `${A.base}/echo`, data)));
  assert.equal(e.body, '{"k":[1,"two",null]}');
  assert.equal(e.headers[e.headers.findIndex((h) => h.toLowerCase() === "content-type") + 1], "application/json");
  const j = await valueOf(s.call("httpGetJsonAsync", `${A.base}/json`));
  assert.ok(j instanceof JsonValue);
  assert.equal(display(j), '{"a": [1, 2, {"b": null}], "s": "ü"}');
  await rejects(s.call("httpGetJsonAsync", `${A.base}/badjson`), "AT0001", /^Type error: httpGetJsonAsync: failed to parse JSON: .*: http:\/\/127\.0\.0\.1:\d+\/badjson$/);
});

test("charset of Content-Type decodes the body; gzip, deflate and br are undone", async () => {
  const s = client();
  assert.equal((await resp(s.call("httpGetAsync", `${A.base}/latin1`))).body, "café\nx");
  const want = Array.from({ length: 50 }, (_, i) => `compressed ünïcode ${i}\n`).join("");
  for (const coding of ["gzip", "deflate", "br"]) {
    assert.equal((await resp(s.call("httpGetAsync", `${A.base}/encoded?coding=${coding}`))).body, want, coding);
  }
});

test("chunked bodies are assembled", async () => {
  const r = await resp(client().call("httpGetAsync", `${A.base}/chunked?n=500`));
  assert.equal(r.body, Array.from({ length: 500 }, (_, i) => `chunk${i};`).join(""));
});

// ---- redirects and permissions ----------------------------------------------------------------------------

test("redirects are followed (303 turns POST into GET; 307 keeps method and body)", async () => {
  const s = client();
  const to = encodeURIComponent("/echo");
  const r303 = await resp(s.call("httpPostAsync", `${A.base}/redirect?code=303&to=${to}`, "data"));
  assert.equal(echoOf(r303).method, "GET");
  assert.equal(r303.url, `${A.base}/echo`);
  const r307 = await resp(s.call("httpPostAsync", `${A.base}/redirect?code=307&to=${to}`, "data"));
  assert.deepEqual([echoOf(r307).method, echoOf(r307).body], ["POST", "data"]);
  await rejects(s.call("httpGetAsync", `${A.base}/loop`), "AT0123", `httpGetAsync: too many redirects (limit 10): ${A.base}/loop`);
});

test("a redirect to a denied host rejects with AT0301 and nothing reaches that host", async () => {
  const s = client();
  const target = encodeURIComponent(`${B.base}/echo`);
  await rejects(
    s.call("httpGetAsync", `${A.base}/redirect?to=${target}`),
    "AT0301",
    `Permission denied: net access to "127.0.0.1:${B.port}" (run with --allow-net=127.0.0.1:${B.port})`,
  );
  assert.equal(B.connections, 0);
  const allowed = client([`127.0.0.1:${B.port}`]);
  assert.equal((await resp(allowed.call("httpGetAsync", `${A.base}/redirect?to=${target}`))).url, `${B.base}/echo`);
});

test("a denied URL rejects with AT0301 before any connection (never raises)", async () => {
  const s = runtime({ net: ["example.com"] }, dir);
  const f = s.call("httpGetAsync", `${A.base}/echo`); // does not throw (async.md §A2.5)
  await rejects(f, "AT0301", `Permission denied: net access to "127.0.0.1:${A.port}" (run with --allow-net=127.0.0.1:${A.port})`);
  assert.equal(A.connections, 0);
  assert.equal(s.rt.scheduler.pendingIo, 0);
  await rejects(s.call("httpStreamAsync", req(s, `${A.base}/echo`)), "AT0301", /^Permission denied: net access/);
});

test("invalid URLs and bad arguments reject (AT0122 / AT0102)", async () => {
  const s = client();
  await rejects(s.call("httpGetAsync", "ftp://x/"), "AT0122", 'httpGetAsync: invalid URL (unsupported scheme "ftp:"): ftp://x/');
  await rejects(s.call("httpPostAsync", "not a url", "b"), "AT0122", "httpPostAsync: invalid URL (not a valid URL): not a url");
  await rejects(s.call("httpGetJsonAsync", "http://u:p@h/"), "AT0122", /^httpGetJsonAsync: invalid URL \(credentials/);
  await rejects(s.call("httpGetAsync", 5), "AT0102", "httpGetAsync(): expected string, got number");
  await rejects(s.call("httpSendAsync", "x"), "AT0102", "httpSendAsync(): expected HttpRequest, got string");
  await rejects(s.call("httpPostJsonAsync", `${A.base}/echo`, 1), "AT0102", "httpPostJsonAsync(): expected json, got number");
});

// ---- transport failures ----------------------------------------------------------------------------------

test("connection refused → AT0120; reset before the response → AT0120; malformed → AT0123", async () => {
  const port = await closedPort();
  const g = await garbageServer();
  const s = client([`127.0.0.1:${port}`, `127.0.0.1:${g.port}`]);
  await rejects(s.call("httpGetAsync", `http://127.0.0.1:${port}/`), "AT0120", `httpGetAsync: connection refused: http://127.0.0.1:${port}/`);
  await rejects(s.call("httpGetAsync", `${A.base}/reset`), "AT0120", /^httpGetAsync: (connection reset|connection closed by the server|connection failed.*): /);
  await rejects(s.call("httpGetAsync", `http://127.0.0.1:${g.port}/`), "AT0123", /^httpGetAsync: malformed response: /);
  await g.stop();
});

test("a reset in the middle of the body → AT0124", async () => {
  await rejects(client().call("httpGetAsync", `${A.base}/resetmid`), "AT0124", /^httpGetAsync: failed to read response body: .*\/resetmid$/);
});

test("the request timeout bounds the whole exchange, body included (AT0170), and closes the connection", async () => {
  const s = client();
  const slow = s.call("httpSetTimeout", req(s, `${A.base}/slow?ms=5000`), 0.15);
  const t0 = Date.now();
  await rejects(s.call("httpSendAsync", slow), "AT0170", `httpSendAsync: request timeout after 0.15 seconds: ${A.base}/slow?ms=5000`);
  assert.ok(Date.now() - t0 < 2000);
  const body = s.call("httpSetTimeout", req(s, `${A.base}/slowbody?ms=5000`), 0.15);
  await rejects(s.call("httpSendAsync", body), "AT0170", /^httpSendAsync: request timeout after 0.15 seconds/);
  await until(() => A.aborted.length === 2, "the server to see both connections closed");
});

test("a body larger than the limit rejects with AT0124 (Content-Length and chunked)", async () => {
  const s = client([], { httpBodyLimit: 100_000 });
  await rejects(s.call("httpGetAsync", `${A.base}/big?n=100001`), "AT0124", `httpGetAsync: response body too large (limit 100000 bytes): ${A.base}/big?n=100001`);
  await rejects(s.call("httpGetAsync", `${A.base}/big?n=300000&chunked=1`), "AT0124", /^httpGetAsync: response body too large \(limit 100000 bytes\)/);
  assert.equal((await resp(s.call("httpGetAsync", `${A.base}/big?n=100000`))).body.length, 100_000);
});

test("the default body limit is 64 MiB", async () => {
  const s = client();
  await rejects(s.call("httpGetAsync", `${A.base}/big?n=${64 * 1024 * 1024 + 1}&chunked=1`), "AT0124", /limit 67108864 bytes/);
});

// ---- the pool ---------------------------------------------------------------------------------------------

test("keep-alive: sequential requests to one origin reuse one connection", async () => {
  const s = client();
  for (let i = 0; i < 20; i++) await resp(s.call("httpGetAsync", `${A.base}/text`));
  assert.equal(new Set(A.log.map((l) => l.port)).size, 1, "one connection served all 20");
  assert.equal(httpConnectionCount(s.rt), 1);
});

test("futureAll over 1,000 requests to one origin never opens more sockets than the limit (8)", async () => {
  const s = client([], { httpConnections: 8 });
  const fs: Value[] = [];
  for (let i = 0; i < 1000; i++) fs.push(s.call("httpGetAsync", `${A.base}/slow?ms=2&t=${i}`));
  const all = await valueOf(s.call("futureAll", fs));
  assert.ok(Array.isArray(all) && all.length === 1000);
  assert.ok(all.every((r, i) => r instanceof HttpResponseValue && r.body === String(i)));
  // Counted on the server: the connections these requests came over (another runtime's stray
  // reconnect cannot blur it).
  assert.ok(ports() <= 8, `${ports()} connections used`);
  assert.ok(httpConnectionCount(s.rt) <= 8);
});

test("the default limit is 32 connections per origin", async () => {
  const s = client();
  const fs: Value[] = [];
  for (let i = 0; i < 1000; i++) fs.push(s.call("httpGetAsync", `${A.base}/slow?ms=5`));
  await valueOf(s.call("futureAll", fs));
  assert.ok(ports() <= 32 && ports() > 8, `${ports()} connections used`);
});

test("many concurrent clients: 4 runtimes × 250 requests, each with its own pool", async () => {
  const rts = [client(), client(), client(), client()];
  const all = rts.map((s) => {
    const fs: Value[] = [];
    for (let i = 0; i < 250; i++) fs.push(s.call("httpPostAsync", `${A.base}/echo`, `r${i}`));
    return valueOf(s.call("futureAll", fs));
  });
  for (const v of await Promise.all(all)) {
    assert.ok(Array.isArray(v));
    assert.ok(v.every((r, i) => r instanceof HttpResponseValue && echoOf(r).body === `r${i}`));
  }
  assert.ok(A.connections <= 4 * 32);
});

test("I/O in flight is counted until the exchange ends; idle connections are not", async () => {
  const s = client();
  const f = s.call("httpGetAsync", `${A.base}/slow?ms=30`);
  assert.equal(s.rt.scheduler.pendingIo, 1);
  await resp(f);
  assert.equal(s.rt.scheduler.pendingIo, 0);
  assert.equal(httpConnectionCount(s.rt), 1, "an idle pooled connection stays open");
  assert.equal(s.rt.scheduler.isIdle, true);
});

test("the runtime ending closes its pool (the server sees the connection go)", async () => {
  const s = client();
  await resp(s.call("httpGetAsync", `${A.base}/text`));
  assert.equal(A.open, 1);
  s.close();
  await until(() => A.open === 0, "the pooled connection to close");
});

// ---- cancellation reaches the socket ----------------------------------------------------------------------

test("futureCancel aborts the request: AT0171, the server sees the connection closed", async () => {
  const s = client();
  const f = s.call("httpGetAsync", `${A.base}/hold`) as Future;
  await until(() => A.log.length === 1, "the request to arrive");
  assert.equal(f.cancel(), true);
  await rejects(f, "AT0171", `httpGetAsync(${A.base}/hold) was cancelled`);
  await until(() => A.aborted.includes("/hold"), "the server to see the connection closed");
  await ioDrained(s.rt);
  assert.equal(f.cancel(), false);
});

test("timeout() cancels the request and the connection is closed", async () => {
  const s = client();
  const f = s.call("timeout", s.call("httpGetAsync", `${A.base}/hold`), 50);
  await rejects(f, "AT0170", "Operation timed out after 50 ms");
  await until(() => A.aborted.includes("/hold"), "the server to see the connection closed");
});

test("a cancelled request frees its pool slot (limit 1: the next request still runs)", async () => {
  const s = client([], { httpConnections: 1 });
  const held = s.call("httpGetAsync", `${A.base}/hold`) as Future;
  const next = s.call("httpGetAsync", `${A.base}/text?t=after`);
  await until(() => A.log.length === 1, "the first request to arrive");
  held.cancel();
  assert.equal((await resp(next)).body, "after");
});

test("cancelling a task that awaits a request closes the connection (both engines)", async () => {
  for (const engine of ENGINES) {
    A.reset();
    const src = [
      `let t = spawn(async fn() -> Future<number> { return httpStatus(await httpGetAsync("${A.base}/hold")); }, "fetch");`,
      "await sleep(100);",
      "print(taskCancel(t));",
      "print(taskStatus(t));",
      "print(await futureResult(t));",
    ].join("\n");
    // /hold never answers: the run ends only because the cancellation reached the request.
    const r = await runAtlas(dir, src, [`--allow-net=127.0.0.1:${A.port}`], engine);
    assert.equal(r.stdout, "true\nCancelled\nErr(AT0171: Task 'fetch' (#2) was cancelled)\n", engine);
    await until(() => A.aborted.includes("/hold"), "the server to see the connection closed");
  }
});

test("an async call cancelled by timeout() stops its request (cancel scopes)", async () => {
  const src = [
    "async fn fetchBody(u: string) -> Future<string> {",
    "    let r = await httpGetAsync(u);",
    "    return httpBody(r);",
    "}",
    `print(await futureResult(timeout(fetchBody("${A.base}/hold"), 80)));`,
  ].join("\n");
  const r = await runAtlas(dir, src, [`--allow-net=127.0.0.1:${A.port}`], "compiled");
  assert.equal(r.stderr, "");
  assert.equal(r.stdout, "Err(AT0170: Operation timed out after 80 ms)\n");
  await until(() => A.aborted.includes("/hold"), "the server to see the connection closed");
});

// ---- program end ------------------------------------------------------------------------------------------

test("idle pooled connections never keep a program alive (atlas run exits at once)", async () => {
  const prog = path.join(dir, "idle.atl");
  const { writeFileSync } = await import("node:fs");
  writeFileSync(prog, `print(httpStatus(await httpGetAsync("${A.base}/text")));\n`);
  const child = spawn(process.execPath, [path.join(ROOT, "bin/atlas.js"), "run", `--allow-net=127.0.0.1:${A.port}`, prog], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let printedAt = 0;
  child.stdout.on("data", (c: Buffer) => {
    out += c.toString();
    printedAt = Date.now();
  });
  const code = await new Promise((r) => child.once("exit", r));
  const lingered = Date.now() - printedAt;
  assert.equal(code, 0);
  assert.equal(out, "200\n");
  await until(() => A.open === 0, "the connection to be closed when the run ends");
  // The server keeps connections alive for 30 s and the pool for 4 s: neither holds the run.
  assert.ok(lingered < 2500, `the process lingered ${lingered} ms after its last output`);
});

test("runs end when the last request is done, not when the pool's idle timeout passes (embedded)", async () => {
  for (const engine of ENGINES) {
    const t0 = Date.now();
    const r = await runAtlas(dir, `print(httpBody(await httpGetAsync("${A.base}/text?t=x")));\n`, [`--allow-net=127.0.0.1:${A.port}`], engine);
    assert.equal(r.stdout, "x\n");
    assert.ok(Date.now() - t0 < 1500);
    await until(() => A.open === 0, "the pool to be closed at the end of the run");
  }
});

test("a program awaiting a slow request is not a deadlock (I/O in flight)", async () => {
  const r = await runAtlas(dir, `let r = await httpGetAsync("${A.base}/slow?ms=300&t=late");\nprint(httpBody(r));\n`, [`--allow-net=127.0.0.1:${A.port}`], "interp");
  assert.equal(r.stderr, "");
  assert.equal(r.stdout, "late\n");
});

// ---- streamed responses -----------------------------------------------------------------------------------

test("httpStreamAsync resolves at the headers, before the body has been sent", async () => {
  const s = client();
  const t0 = Date.now();
  const r = await resp(s.call("httpStreamAsync", req(s, `${A.base}/slowbody?ms=400`)));
  assert.ok(Date.now() - t0 < 300, "resolved before the body was complete");
  assert.ok(r instanceof HttpStreamedResponse);
  assert.equal(r.status, 200);
  const d = await drain(s.rt, s.call("httpBodyChunks", r));
  assert.deepEqual(d.items.join(""), "part1 part2");
});

test("httpBody (and httpParseJson) on a streamed response is AT0124", async () => {
  const s = client();
  const r = await resp(s.call("httpStreamAsync", req(s, `${A.base}/json`)));
  for (const fn of ["httpBody", "httpParseJson"]) {
    assert.throws(
      () => s.call(fn, r),
      (e: unknown) => (e as { code?: string }).code === "AT0124" && /streamed response/.test((e as { message: string }).message),
    );
  }
  (r as HttpStreamedResponse).discard();
});

test("httpBodyLines: line rules over a chunked body; the channel closes at the end", async () => {
  const s = client();
  const r = await resp(s.call("httpStreamAsync", req(s, `${A.base}/lines?n=5000`)));
  const d = await drain(s.rt, s.call("httpBodyLines", r));
  assert.equal(d.error, null);
  assert.deepEqual(d.items, Array.from({ length: 5000 }, (_, i) => `row ${i}`));
});

test("httpBodyLines: lines arrive as the server sends them", async () => {
  const s = client();
  const r = await resp(s.call("httpStreamAsync", req(s, `${A.base}/drip?n=4&ms=50`)));
  const ch = s.call("httpBodyLines", r) as Channel;
  assert.equal(ch.capacity, 64);
  const t0 = Date.now();
  const first = await drain(s.rt, ch, 1);
  assert.deepEqual(first.items, ["line 0"]);
  assert.ok(Date.now() - t0 < 150);
  assert.deepEqual((await drain(s.rt, ch)).items, ["line 1", "line 2", "line 3"]);
});

test("httpBodyChunks: default 16,384 code points, custom sizes, charset and codings", async () => {
  const s = client();
  const big = await resp(s.call("httpStreamAsync", req(s, `${A.base}/big?n=40000`)));
  const d = await drain(s.rt, s.call("httpBodyChunks", big));
  assert.deepEqual(
    d.items.map((c) => (c as string).length),
    [16384, 16384, 40000 - 2 * 16384],
  );
  const lat = await resp(s.call("httpStreamAsync", req(s, `${A.base}/latin1`)));
  assert.deepEqual((await drain(s.rt, s.call("httpBodyChunks", lat, 2))).items, ["ca", "fé", "\nx"]);
  const gz = await resp(s.call("httpStreamAsync", req(s, `${A.base}/encoded?coding=gzip`)));
  const lines = (await drain(s.rt, s.call("httpBodyLines", gz))).items;
  assert.equal(lines.length, 50);
  assert.equal(lines[49], "compressed ünïcode 49");
});

test("the body can be read once: a second channel is closed with AT0124", async () => {
  const s = client();
  const r = await resp(s.call("httpStreamAsync", req(s, `${A.base}/lines?n=3`)));
  await drain(s.rt, s.call("httpBodyLines", r));
  const again = await drain(s.rt, s.call("httpBodyLines", r));
  assert.equal(again.error?.code, "AT0124");
  assert.equal(again.error?.message, `httpBodyLines: the response body was already consumed: ${A.base}/lines?n=3`);
});

test("httpBodyLines on a buffered response streams its body text", async () => {
  const s = client();
  const r = await resp(s.call("httpGetAsync", `${A.base}/lines?n=4`));
  assert.deepEqual((await drain(s.rt, s.call("httpBodyLines", r))).items, ["row 0", "row 1", "row 2", "row 3"]);
  const bad = await drain(s.rt, s.call("httpBodyLines", "nope"));
  assert.equal(bad.error?.message, "httpBodyLines(): expected HttpResponse, got string");
  const badSize = await drain(s.rt, s.call("httpBodyChunks", r, 0));
  assert.equal(badSize.error?.message, "httpBodyChunks(): chunkChars must be an integer >= 1, got 0");
});

test("closing a body channel early aborts the transfer and the server sees the connection closed", async () => {
  const s = client();
  const r = await resp(s.call("httpStreamAsync", req(s, `${A.base}/endless`)));
  const ch = s.call("httpBodyLines", r) as Channel;
  const first = await drain(s.rt, ch, 2);
  assert.equal(first.items.length, 2);
  s.call("channelClose", ch);
  await until(() => A.aborted.includes("/endless"), "the server to see the connection closed");
  await ioDrained(s.rt);
});

test("streamed bodies are bounded per chunk: a stall closes the channel with AT0170 after the good lines", async () => {
  const s = client();
  const rq = s.call("httpSetTimeout", req(s, `${A.base}/drip?n=3&ms=400`), 0.2);
  const r = await resp(s.call("httpStreamAsync", rq));
  const d = await drain(s.rt, s.call("httpBodyLines", r));
  assert.deepEqual(d.items, ["line 0"]);
  assert.equal(d.error?.code, "AT0170");
  assert.equal(d.error?.message, `httpBodyLines: request timeout after 0.2 seconds: ${A.base}/drip?n=3&ms=400`);
  // A slow but steady stream within the per-chunk bound is fine even if the whole takes longer.
  const steady = s.call("httpSetTimeout", req(s, `${A.base}/drip?n=6&ms=60`), 0.2);
  const ok = await drain(s.rt, s.call("httpBodyLines", await resp(s.call("httpStreamAsync", steady))));
  assert.equal(ok.error, null);
  assert.equal(ok.items.length, 6);
});

test("a reset during a streamed body closes the channel with AT0124 after the good lines", async () => {
  const s = client();
  const r = await resp(s.call("httpStreamAsync", req(s, `${A.base}/resetmid`)));
  const d = await drain(s.rt, s.call("httpBodyLines", r));
  assert.deepEqual(d.items, ["good 1", "good 2"]);
  assert.equal(d.error?.code, "AT0124");
  assert.match(d.error?.message ?? "", /^httpBodyLines: failed to read response body: .*\/resetmid$/);
});

test("httpStreamAsync follows redirects and checks every target", async () => {
  const s = client();
  const r = await resp(s.call("httpStreamAsync", req(s, `${A.base}/redirect?to=${encodeURIComponent("/lines?n=2")}`)));
  assert.equal(r.url, `${A.base}/lines?n=2`);
  assert.deepEqual((await drain(s.rt, s.call("httpBodyLines", r))).items, ["row 0", "row 1"]);
  const denied = s.call("httpStreamAsync", req(s, `${A.base}/redirect?to=${encodeURIComponent(`${B.base}/x`)}`));
  assert.equal((await rejectionOf(denied)).code, "AT0301");
  assert.equal(B.connections, 0);
});

test("httpStreamAsync: a timeout before the headers rejects with AT0170; cancelling closes the connection", async () => {
  const s = client();
  const rq = s.call("httpSetTimeout", req(s, `${A.base}/hold`), 0.1);
  await rejects(s.call("httpStreamAsync", rq), "AT0170", `httpStreamAsync: request timeout after 0.1 seconds: ${A.base}/hold`);
  A.reset();
  const f = s.call("httpStreamAsync", req(s, `${A.base}/hold`)) as Future;
  await until(() => A.log.length === 1, "the request to arrive");
  f.cancel();
  await until(() => A.aborted.includes("/hold"), "the server to see the connection closed");
});

test("an unread streamed body is closed when the runtime ends", async () => {
  const s = client();
  await resp(s.call("httpStreamAsync", req(s, `${A.base}/endless`)));
  s.close();
  await until(() => A.aborted.includes("/endless"), "the server to see the connection closed");
});

// ---- whole programs ---------------------------------------------------------------------------------------

test("programs: the §A8 functions behave the same on both engines", async () => {
  const src = [
    `let base = "${A.base}";`,
    'let r = await httpGetAsync(base + "/text?t=hi");',
    'print(str(httpStatus(r)) + " " + httpBody(r) + " " + unwrap(httpHeader(r, "X-Multi")));',
    'print(httpStatus(await httpPostAsync(base + "/status/201", "x")));',
    'print(await httpGetJsonAsync(base + "/json"));',
    'var fs: Future<HttpResponse>[] = [];',
    'for (var i = 0; i < 50; i++) { push(fs, httpGetAsync(base + "/slow?ms=5&t=" + str(i))); }',
    "let all = await futureAll(fs);",
    "print(httpBody(all[49]));",
    'let s = await httpStreamAsync(httpRequestGet(base + "/lines?n=3"));',
    "let ch = httpBodyLines(s);",
    "while (true) { match await channelReceive(ch) { Some(l) => { print(l); }, None => { break; } } }",
    'print(await futureResult(httpGetAsync("http://127.0.0.1:1/x")));',
    'print(await futureResult(httpGetAsync("http://example.com/")));',
    'print(await futureResult(timeout(httpGetAsync(base + "/hold"), 30)));',
    'print(await futureResult(httpSendAsync(httpSetTimeout(httpRequestGet(base + "/hold"), 0.05))));',
  ].join("\n");
  const want = [
    "200 hi one, two",
    "201",
    '{"a": [1, 2, {"b": null}], "s": "ü"}',
    "49",
    "row 0",
    "row 1",
    "row 2",
    "Err(AT0120: httpGetAsync: connection refused: http://127.0.0.1:1/x)",
    'Err(AT0301: Permission denied: net access to "example.com:80" (run with --allow-net=example.com:80))',
    "Err(AT0170: Operation timed out after 30 ms)",
    `Err(AT0170: httpSendAsync: request timeout after 0.05 seconds: ${A.base}/hold)`,
    "",
  ].join("\n");
  for (const engine of ENGINES) {
    const r = await runAtlas(dir, src, [`--allow-net=127.0.0.1`], engine);
    assert.equal(r.stderr, "", engine);
    assert.equal(r.stdout, want, engine);
  }
});

test("programs: --http-connections limits the pool of `atlas run`", async () => {
  const src = [
    'var fs: Future<HttpResponse>[] = [];',
    `for (var i = 0; i < 200; i++) { push(fs, httpGetAsync("${A.base}/slow?ms=3")); }`,
    "print(len(await futureAll(fs)));",
    "print(asyncStats()[\"pendingIo\"]);",
  ].join("\n");
  const r = await runAtlas(dir, src, [`--allow-net=127.0.0.1:${A.port}`], "compiled", "conns.atl", 3);
  assert.equal(r.stdout, "200\n0\n");
  assert.ok(ports() <= 3, `${ports()} connections`);
});

test("embedding: the Runtime option httpConnections limits the pool; close() ends it", async () => {
  const rt = new Runtime({ engine: "interp", permissions: { net: [`127.0.0.1:${A.port}`] }, httpConnections: 2, stdout: () => undefined });
  const src = `var fs: Future<HttpResponse>[] = [];\nfor (var i = 0; i < 100; i++) { push(fs, httpGetAsync("${A.base}/slow?ms=2")); }\nlen(await futureAll(fs))`;
  const r = await rt.eval(src);
  assert.ok(r.ok, JSON.stringify(r));
  assert.equal(r.value, 100);
  assert.ok(ports() <= 2, `${ports()} connections`);
  rt.close();
  await until(() => A.open === 0, "the pool to close with the runtime");
});

test("values: typeof, Display and rejection of a pending request future", async () => {
  const s = client();
  const f = s.call("httpGetAsync", `${A.base}/slow?ms=10`);
  assert.equal(display(f), "Future(pending)");
  assert.equal(s.call("typeof", f), "future");
  const r = await resp(f);
  assert.equal(s.call("typeof", r), "HttpResponse");
  assert.equal((await settled(f)).state, 1);
});
