// The synchronous HTTP client (stdlib.md §16) against real servers on 127.0.0.1 (run in a
// Worker, see support/http-test-server.ts): statuses, headers, query, redirects and their
// permission checks, timeouts, transport errors, invalid URLs, large bodies, keep-alive.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { once } from "node:events";
import { Worker } from "node:worker_threads";
import { HashMapValue } from "../../src/stdlib/collections-common.js";
import { HttpRequestValue, HttpResponseValue } from "../../src/stdlib/http.js";
import { display } from "../../src/runtime/display.js";
import { JsonValue, OptionValue, ResultValue, type Value } from "../../src/runtime/values.js";
import { parseJsonOrThrow } from "../../src/runtime/json.js";
import { raises, sys, type Sys } from "./support/sys-harness.js";
import type { IoLimits } from "../../src/security/policy.js";

interface Stats {
  connections: { a: number; b: number; raw: number };
  log: { server: string; method: string; url: string; headers: string[]; body: string }[];
}

let server: Worker;
let ports: { a: number; b: number; raw: number; closed: number };
let A = "";
let B = "";

before(async () => {
  server = new Worker(new URL("./support/http-test-server.js", import.meta.url));
  const [m] = (await once(server, "message")) as [{ ports: typeof ports }];
  ports = m.ports;
  A = `http://127.0.0.1:${ports.a}`;
  B = `http://127.0.0.1:${ports.b}`;
});

after(async () => {
  server.postMessage({ type: "stop" });
  await server.terminate();
});

async function stats(): Promise<Stats> {
  server.postMessage({ type: "stats" });
  const [m] = (await once(server, "message")) as [Stats];
  return m;
}

async function resetServer(): Promise<void> {
  server.postMessage({ type: "reset" });
  await once(server, "message");
}

/** Builtins allowed to reach server A only (plus extra grants). */
function client(extraNet: string[] = [], limits: Partial<IoLimits> = {}): Sys {
  return sys({ net: [`127.0.0.1:${ports.a}`, ...extraNet] }, process.cwd(), limits);
}

function okResp(v: Value): HttpResponseValue {
  assert.ok(v instanceof ResultValue, `not a Result: ${display(v)}`);
  assert.ok(v.isOk, `expected Ok, got Err(${String(v.value)})`);
  assert.ok(v.value instanceof HttpResponseValue);
  return v.value;
}

function errText(v: Value): string {
  assert.ok(v instanceof ResultValue && !v.isOk, `expected Err, got ${display(v)}`);
  return v.value as string;
}

function echoOf(resp: HttpResponseValue): { method: string; url: string; headers: string[]; body: string; server: string } {
  return JSON.parse(resp.body) as { method: string; url: string; headers: string[]; body: string; server: string };
}

function headerPairs(flat: string[]): [string, string][] {
  const out: [string, string][] = [];
  for (let i = 0; i < flat.length; i += 2) out.push([flat[i].toLowerCase(), flat[i + 1]]);
  return out;
}

test("statuses: any status is Ok; predicates and status texts", () => {
  const s = client();
  const rows: [number, string, [boolean, boolean, boolean, boolean]][] = [
    [200, "OK", [true, false, false, false]],
    [201, "Created", [true, false, false, false]],
    [299, "Unknown", [true, false, false, false]],
    [304, "Not Modified", [false, true, false, false]],
    [404, "Not Found", [false, false, true, false]],
    [418, "I'm a Teapot", [false, false, true, false]],
    [500, "Internal Server Error", [false, false, false, true]],
    [599, "Unknown", [false, false, false, true]],
  ];
  for (const [code, text, preds] of rows) {
    const r = okResp(s.call("httpGet", `${A}/status/${code}`));
    assert.equal(s.call("httpStatus", r), code);
    assert.equal(s.call("httpStatusText", r), text);
    const got = ["httpIsSuccess", "httpIsRedirect", "httpIsClientError", "httpIsServerError"].map((f) => s.call(f, r));
    assert.deepEqual(got, preds, `status ${code}`);
    assert.equal(display(r), `<HttpResponse ${code}>`);
  }
  const r = okResp(s.call("httpGet", `${A}/status/200`));
  assert.equal(s.call("httpBody", r), "status 200");
  assert.equal(s.call("httpUrl", r), `${A}/status/200`);
});

test("requests: method, headers in order, body, query encoding; no Accept-Encoding", async () => {
  const s = client();
  let req = s.call("httpRequest", "post", `${A}/echo?x=1#frag`) as HttpRequestValue;
  req = s.call("httpSetHeader", req, "X-First", "1") as HttpRequestValue;
  req = s.call("httpSetHeader", req, "x-second", "zwei ü") as HttpRequestValue;
  req = s.call("httpSetHeader", req, "X-FIRST", "one") as HttpRequestValue;
  req = s.call("httpSetBody", req, "payload é") as HttpRequestValue;
  req = s.call("httpSetQuery", req, "a b", "é&=") as HttpRequestValue;
  req = s.call("httpSetQuery", req, "k", "~-._!*'()") as HttpRequestValue;
  req = s.call("httpSetQuery", req, "k", "2") as HttpRequestValue;
  assert.equal(display(req), `<HttpRequest POST ${A}/echo?x=1#frag>`);
  const e = echoOf(okResp(s.call("httpSend", req)));
  assert.equal(e.method, "POST");
  assert.equal(e.url, "/echo?x=1&a%20b=%C3%A9%26%3D&k=~-._%21%2A%27%28%29&k=2");
  assert.equal(e.body, "payload é");
  const h = headerPairs(e.headers);
  const names = h.map(([n]) => n);
  assert.deepEqual(
    h.filter(([n]) => n.startsWith("x-") || n === "user-agent"),
    [
      ["user-agent", "Atlas/0.1"],
      ["x-first", "one"],
      ["x-second", Buffer.from("zwei ü", "utf8").toString("latin1")],
    ],
  );
  assert.ok(names.includes("host") && names.includes("content-length"));
  assert.ok(!names.includes("accept-encoding"));
  assert.ok(!names.includes("content-type"), "no Content-Type is added");
  await resetServer();
});

test("query parameters: separators per URL shape", () => {
  const s = client();
  const rows: [string, string][] = [
    ["/echo", "/echo?q=1"],
    ["/echo?", "/echo?q=1"],
    ["/echo?a=1&", "/echo?a=1&q=1"],
    ["/echo?a=1", "/echo?a=1&q=1"],
  ];
  for (const [path, want] of rows) {
    const req = s.call("httpSetQuery", s.call("httpRequestGet", A + path), "q", "1");
    assert.equal(echoOf(okResp(s.call("httpSend", req))).url, want);
  }
});

test("senders: httpPost/Put/Patch/Delete, httpPostJson, auth and user agent", () => {
  const s = client();
  for (const [fn, method] of [
    ["httpPost", "POST"],
    ["httpPut", "PUT"],
    ["httpPatch", "PATCH"],
  ]) {
    const e = echoOf(okResp(s.call(fn, `${A}/echo`, "b")));
    assert.deepEqual([e.method, e.body], [method, "b"]);
  }
  assert.equal(echoOf(okResp(s.call("httpDelete", `${A}/echo`))).method, "DELETE");
  const pj = echoOf(okResp(s.call("httpPostJson", `${A}/echo`, new JsonValue(parseJsonOrThrow('{"k": [1, "ü"]}')))));
  assert.equal(pj.body, '{"k":[1,"ü"]}');
  assert.ok(headerPairs(pj.headers).some(([n, v]) => n === "content-type" && v === "application/json"));
  let req = s.call("httpRequestGet", `${A}/echo`);
  req = s.call("httpSetAuth", req, "user", "pä:ss");
  req = s.call("httpSetUserAgent", req, "Custom/2");
  const h = headerPairs(echoOf(okResp(s.call("httpSend", req))).headers);
  assert.ok(h.some(([n, v]) => n === "authorization" && v === "Basic " + Buffer.from("user:pä:ss").toString("base64")));
  assert.ok(h.some(([n, v]) => n === "user-agent" && v === "Custom/2"));
});

test("responses: lowercase names, repeats joined, charset decoding, content length", () => {
  const s = client();
  const r = okResp(s.call("httpGet", `${A}/headers`));
  assert.equal(s.call("httpBody", r), "café");
  const hv = s.call("httpHeader", r, "X-MULTI");
  assert.ok(hv instanceof OptionValue && hv.isSome && hv.value === "one, two");
  assert.equal((s.call("httpHeader", r, "x-utf8") as OptionValue).value, "café");
  assert.equal((s.call("httpHeader", r, "nope") as OptionValue).isSome, false);
  assert.equal((s.call("httpContentType", r) as OptionValue).value, "text/plain; charset=iso-8859-1");
  assert.equal((s.call("httpContentLength", r) as OptionValue).value, 4);
  const all = s.call("httpHeaders", r);
  assert.ok(all instanceof HashMapValue);
  const keys = [...all.entries.keys()];
  assert.deepEqual(keys, keys.map((k) => String(k).toLowerCase()));
  assert.ok(keys.includes("x-multi") && keys.includes("content-type"));
  assert.equal(s.call("httpBody", okResp(s.call("httpGet", `${A}/badutf8`))), "a\uFFFDb");
  const chunked = okResp(s.call("httpGet", `${A}/big?n=10&chunked=1`));
  assert.equal((s.call("httpContentLength", chunked) as OptionValue).isSome, false);
  for (const coding of ["gzip", "br", "deflate"]) {
    assert.equal(s.call("httpBody", okResp(s.call("httpGet", `${A}/encoded?coding=${coding}`))), "compressed ünïcode ".repeat(50), coding);
  }
});

test("JSON: httpGetJson and httpParseJson on any status", () => {
  const s = client([`127.0.0.1:${ports.closed}`]);
  const j = s.call("httpGetJson", `${A}/json`);
  assert.ok(j instanceof ResultValue && j.isOk && j.value instanceof JsonValue);
  assert.equal(display(j.value), '{"a": [1, 2, {"b": null}], "s": "ü"}');
  assert.match(errText(s.call("httpGetJson", `${A}/badjson`)), /^httpParseJson: failed to parse JSON: .* at line 1, column \d+$/);
  const r = okResp(s.call("httpGet", `${A}/json`));
  assert.ok((s.call("httpParseJson", r) as ResultValue).isOk);
  assert.equal(errText(s.call("httpGetJson", `http://127.0.0.1:${ports.closed}/`)).split(":")[0], "AT0120");
});

test("redirects: methods, bodies, credentials, limits, final URL", async () => {
  const s = client([`127.0.0.1:${ports.b}`]);
  await resetServer();
  const target = encodeURIComponent(`${A}/echo`);
  for (const code of [301, 302, 303]) {
    let req = s.call("httpRequestPost", `${A}/redirect?code=${code}&to=${target}`, "data");
    req = s.call("httpSetHeader", req, "Content-Type", "text/plain");
    const r = okResp(s.call("httpSend", req));
    const e = echoOf(r);
    assert.deepEqual([e.method, e.body], ["GET", ""], `after ${code}`);
    assert.ok(!headerPairs(e.headers).some(([n]) => n === "content-type"), `Content-Type dropped after ${code}`);
    assert.equal(s.call("httpUrl", r), `${A}/echo`);
  }
  for (const code of [307, 308]) {
    let req = s.call("httpRequestPut", `${A}/redirect?code=${code}&to=${target}`, "data");
    req = s.call("httpSetHeader", req, "Content-Type", "text/plain");
    const e = echoOf(okResp(s.call("httpSend", req)));
    assert.deepEqual([e.method, e.body], ["PUT", "data"], `after ${code}`);
    assert.ok(headerPairs(e.headers).some(([n]) => n === "content-type"));
  }
  // Relative Location, same origin keeps Authorization; another origin drops it.
  let auth = s.call("httpSetAuth", s.call("httpRequestGet", `${A}/redirect?to=%2Fecho`), "u", "p");
  auth = s.call("httpSetHeader", auth, "Cookie", "c=1");
  auth = s.call("httpSetHeader", auth, "X-Keep", "k");
  let h = headerPairs(echoOf(okResp(s.call("httpSend", auth))).headers).map(([n]) => n);
  assert.ok(h.includes("authorization") && h.includes("cookie") && h.includes("x-keep"));
  auth = s.call("httpSetAuth", s.call("httpRequestGet", `${A}/redirect?to=${encodeURIComponent(`${B}/echo`)}`), "u", "p");
  auth = s.call("httpSetHeader", auth, "Cookie", "c=1");
  auth = s.call("httpSetHeader", auth, "X-Keep", "k");
  const crossed = echoOf(okResp(s.call("httpSend", auth)));
  assert.equal(crossed.server, "b");
  h = headerPairs(crossed.headers).map(([n]) => n);
  assert.ok(!h.includes("authorization") && !h.includes("cookie") && h.includes("x-keep"));
  // Limits.
  assert.equal(errText(s.call("httpGet", `${A}/loop`)), `AT0123: httpGet: too many redirects (limit 10): ${A}/loop`);
  const none = s.call("httpSetMaxRedirects", s.call("httpRequestGet", `${A}/redirect?to=%2Fecho`), 0);
  assert.equal(errText(s.call("httpSend", none)), `AT0123: httpSend: too many redirects (limit 0): ${A}/redirect?to=%2Fecho`);
  const two = s.call("httpSetMaxRedirects", s.call("httpRequestGet", `${A}/redirect?to=${encodeURIComponent("/redirect?to=%2Fecho")}`), 2);
  assert.equal(echoOf(okResp(s.call("httpSend", two))).url, "/echo");
  const off = s.call("httpSetFollowRedirects", s.call("httpRequestGet", `${A}/redirect?to=%2Fecho`), false);
  const r = okResp(s.call("httpSend", off));
  assert.equal(r.status, 302);
  assert.equal(r.body, "redirecting");
  assert.equal((s.call("httpHeader", r, "location") as OptionValue).value, "/echo");
  assert.equal(okResp(s.call("httpGet", `${A}/nolocation`)).body, "no location");
  assert.equal(
    errText(s.call("httpGet", `${A}/redirect?to=${encodeURIComponent("ftp://x/y")}`)),
    'AT0122: httpGet: invalid URL (unsupported scheme "ftp:"): ftp://x/y',
  );
});

test("a redirect to a denied host raises AT0301 and nothing is sent there", async () => {
  const s = client();
  await resetServer();
  const to = encodeURIComponent(`http://127.0.0.1:${ports.b}/echo`);
  raises(
    () => s.call("httpGet", `${A}/redirect?to=${to}`),
    "AT0301",
    `Permission denied: net access to "127.0.0.1:${ports.b}" (run with --allow-net=127.0.0.1:${ports.b})`,
  );
  const localhost = encodeURIComponent(`http://localhost:${ports.a}/echo`);
  raises(() => s.call("httpGet", `${A}/redirect?to=${localhost}`), "AT0301", /net access to "localhost:\d+"/);
  const st = await stats();
  assert.equal(st.connections.b, 0);
  assert.ok(st.log.every((l) => l.server === "a" && l.url.startsWith("/redirect")));
});

test("a denied request opens no connection", async () => {
  await resetServer();
  const s = sys({ net: ["example.com"] });
  raises(() => s.call("httpGet", `${A}/echo`), "AT0301", /net access to "127\.0\.0\.1:\d+"/);
  raises(() => s.call("httpSend", s.call("httpRequestPost", `${B}/echo`, "x")), "AT0301", /127\.0\.0\.1/);
  assert.equal(s.call("httpCheckPermission", `${A}/`), false);
  assert.equal(s.call("httpCheckPermission", "http://EXAMPLE.com./x"), true);
  assert.equal(s.call("httpCheckPermission", "https://example.com:8443/"), true);
  const st = await stats();
  assert.deepEqual([st.connections.a, st.connections.b], [0, 0]);
});

test("httpCheckPermission: ports, hosts, invalid URLs; no I/O", () => {
  const s = sys({ net: ["a.test:8080", "[::1]", "b.test"] });
  const rows: [string, boolean][] = [
    ["http://a.test:8080/", true],
    ["http://a.test/", false],
    ["https://a.test:8080/", true],
    ["http://[::1]:1234/", true],
    ["http://B.TEST./", true],
    ["https://b.test/", true],
    ["http://c.test/", false],
    ["ftp://b.test/", false],
    ["not a url", false],
    ["http://u:p@b.test/", false],
  ];
  for (const [url, want] of rows) assert.equal(s.call("httpCheckPermission", url), want, url);
  assert.equal(sys({ net: true }).call("httpCheckPermission", "http://anything/"), true);
});

test("timeouts bound the whole exchange, body included; 0 means none", () => {
  const s = client();
  const slow = s.call("httpSetTimeout", s.call("httpRequestGet", `${A}/slow?ms=3000`), 0.3);
  const t0 = Date.now();
  assert.equal(errText(s.call("httpSend", slow)), `AT0170: httpSend: request timeout after 0.3 seconds: ${A}/slow?ms=3000`);
  assert.ok(Date.now() - t0 < 2500);
  const body = s.call("httpSetTimeout", s.call("httpRequestGet", `${A}/slowbody?ms=3000`), 0.3);
  assert.match(errText(s.call("httpSend", body)), /^AT0170: httpSend: request timeout after 0\.3 seconds: /);
  const chain = s.call("httpSetTimeout", s.call("httpRequestGet", `${A}/redirect?to=${encodeURIComponent("/slow?ms=3000")}`), 0.4);
  assert.equal(errText(s.call("httpSend", chain)), `AT0170: httpSend: request timeout after 0.4 seconds: ${A}/slow?ms=3000`);
  const none = s.call("httpSetTimeout", s.call("httpRequestGet", `${A}/slow?ms=200`), 0);
  assert.equal(okResp(s.call("httpSend", none)).body, "slow done");
  // The client keeps working after a timeout.
  assert.equal(okResp(s.call("httpGet", `${A}/status/200`)).status, 200);
});

test("transport errors: refused, reset, malformed, DNS", () => {
  const s = client([`127.0.0.1:${ports.closed}`, `127.0.0.1:${ports.raw}`, "no-such-host.invalid"]);
  assert.equal(errText(s.call("httpGet", `http://127.0.0.1:${ports.closed}/x`)), `AT0120: httpGet: connection refused: http://127.0.0.1:${ports.closed}/x`);
  assert.match(errText(s.call("httpGet", `${A}/reset`)), new RegExp(`^AT0120: httpGet: connection closed by the server: ${A}/reset$`));
  assert.match(errText(s.call("httpGet", `http://127.0.0.1:${ports.raw}/`)), /^AT0123: httpGet: malformed response: .*: http:\/\/127\.0\.0\.1:\d+\/$/);
  assert.equal(
    errText(s.call("httpGet", "http://no-such-host.invalid/")),
    "AT0121: httpGet: DNS lookup failed for no-such-host.invalid: http://no-such-host.invalid/",
  );
});

test("invalid URLs: builders raise AT0122, senders return Err", () => {
  const s = sys({ net: true });
  const rows: [string, string][] = [
    ["ftp://x/", 'unsupported scheme "ftp:"'],
    ["not a url", "not a valid URL"],
    ["/relative", "not a valid URL"],
    ["http://user:pw@h/", "credentials in URLs are not allowed; use httpSetAuth"],
    ["file:///etc/passwd", 'unsupported scheme "file:"'],
  ];
  for (const [url, reason] of rows) {
    raises(() => s.call("httpRequestGet", url), "AT0122", `Invalid URL: ${url} (${reason})`);
    raises(() => s.call("httpRequest", "GET", url), "AT0122", `Invalid URL: ${url} (${reason})`);
    assert.equal(errText(s.call("httpGet", url)), `AT0122: httpGet: invalid URL (${reason}): ${url}`);
    assert.equal(errText(s.call("httpPostJson", url, new JsonValue(null))), `AT0122: httpPostJson: invalid URL (${reason}): ${url}`);
  }
  assert.ok(s.call("httpRequestGet", "HTTPS://EXAMPLE.COM") instanceof HttpRequestValue);
});

test("builders and setters: validation and immutability", () => {
  const s = sys({});
  const base = s.call("httpRequestGet", "http://h.test/a") as HttpRequestValue;
  const rows: [string, Value[], string, string][] = [
    ["httpRequest", ["HEAD", "http://h/"], "AT0001", "Type error: httpRequest: method must be GET, POST, PUT, DELETE, or PATCH, got: HEAD"],
    ["httpSetHeader", [base, "Bad Name", "v"], "AT0102", "httpSetHeader(): invalid header name"],
    ["httpSetHeader", [base, "", "v"], "AT0102", "httpSetHeader(): invalid header name"],
    ["httpSetHeader", [base, "X", "a\r\nb"], "AT0102", "httpSetHeader(): invalid header value"],
    ["httpSetHeader", [base, "X", "a\0"], "AT0102", "httpSetHeader(): invalid header value"],
    ["httpSetHeader", [base, "content-LENGTH", "1"], "AT0102", "httpSetHeader(): header 'content-LENGTH' is managed by the client"],
    ["httpSetHeader", [base, "Transfer-Encoding", "x"], "AT0102", "httpSetHeader(): header 'Transfer-Encoding' is managed by the client"],
    ["httpSetUserAgent", [base, "a\nb"], "AT0102", "httpSetUserAgent(): invalid header value"],
    ["httpSetTimeout", [base, -1], "AT0001", "Type error: httpSetTimeout: seconds must be non-negative"],
    ["httpSetTimeout", [base, NaN], "AT0001", "Type error: httpSetTimeout: seconds must be non-negative"],
    ["httpSetMaxRedirects", [base, 1.5], "AT0102", "httpSetMaxRedirects(): max must be a non-negative integer"],
    ["httpSetMaxRedirects", [base, -1], "AT0102", "httpSetMaxRedirects(): max must be a non-negative integer"],
    ["httpSetAuth", [base, "a:b", "p"], "AT0102", "httpSetAuth(): user must not contain ':'"],
    ["httpSetBody", ["req", "b"], "AT0102", "httpSetBody(): expected HttpRequest, got string"],
    ["httpStatus", [base], "AT0102", "httpStatus(): expected HttpResponse, got HttpRequest"],
    ["httpSetFollowRedirects", [base, 1], "AT0102", "httpSetFollowRedirects(): expected bool, got number"],
  ];
  for (const [name, args, code, message] of rows) raises(() => s.call(name, ...args), code, message);
  const changed = s.call("httpSetHeader", base, "X-A", "1") as HttpRequestValue;
  assert.notEqual(changed, base);
  assert.deepEqual(base.f.headers, [["User-Agent", "Atlas/0.1"]]);
  assert.deepEqual(changed.f.headers, [
    ["User-Agent", "Atlas/0.1"],
    ["X-A", "1"],
  ]);
  assert.equal(display(s.call("httpRequest", "patch", "http://h.test/x")), "<HttpRequest PATCH http://h.test/x>");
  assert.equal((s.call("httpSetTimeout", base, 2.5) as HttpRequestValue).f.timeout, 2.5);
});

test("large bodies and the body limit", () => {
  const s = client();
  const big = okResp(s.call("httpGet", `${A}/big?n=${5 * 1024 * 1024}`));
  assert.equal(big.body.length, 5 * 1024 * 1024);
  assert.equal(okResp(s.call("httpGet", `${A}/big?n=${3 * 1024 * 1024 + 7}&chunked=1`)).body.length, 3 * 1024 * 1024 + 7);
  const small = client([], { httpBodyLimit: 1000 });
  assert.equal(okResp(small.call("httpGet", `${A}/big?n=1000`)).body.length, 1000);
  assert.equal(errText(small.call("httpGet", `${A}/big?n=1001`)), `AT0124: httpGet: response body too large (limit 1000 bytes): ${A}/big?n=1001`);
  assert.match(errText(small.call("httpGet", `${A}/big?n=100000&chunked=1`)), /^AT0124: httpGet: response body too large \(limit 1000 bytes\)/);
  assert.match(errText(small.call("httpGet", `${A}/encoded?coding=gzip`)), /^AT0124: httpGet: response body too large \(limit 1000 bytes\)/);
  assert.equal(okResp(small.call("httpGet", `${A}/status/200`)).status, 200, "the connection is usable afterwards");
});

test("sequential requests to one origin reuse one connection", async () => {
  await resetServer();
  const s = client();
  for (let i = 0; i < 5; i++) okResp(s.call("httpGet", `${A}/status/200`));
  okResp(s.call("httpPost", `${A}/echo`, "x"));
  const st = await stats();
  assert.equal(st.connections.a, 1);
  assert.equal(st.log.length, 6);
});
