// Async HTTP builtins (async.md §A8): httpSendAsync and the URL-taking twins of stdlib.md §16.3,
// httpGetJsonAsync / httpPostJsonAsync, httpStreamAsync (resolves at the headers) and the body
// channels httpBodyLines / httpBodyChunks. Any status resolves; only transport failures, denials
// and bad arguments reject (never raise, §A2.5). The client is async-http-client.ts.
import { RuntimeError, typeError } from "../runtime/errors.js";
import { errorOfRuntimeError } from "../runtime/io.js";
import { parseJsonText, stringifyJson, wrapJson } from "../runtime/json.js";
import type { RuntimeContext } from "../runtime/runtime-context.js";
import type { Value } from "../runtime/values.js";
import type { Future } from "../runtime/future.js";
import { defineFutureFn, intAtLeast } from "./async-common.js";
import { BodySource, bodyFailure, HttpStreamedResponse, sendAsync, TextSource } from "./async-http-client.js";
import { ChunkSplitter, DEFAULT_LINE_BUFFER, defineStreamFn, LenientDecoder, LineSplitter, pumpChannel, type Splitter } from "./async-stream.js";
import { HttpRequestValue, HttpResponseValue, newRequest } from "./http-model.js";
import { expected, json, str } from "./validate.js";
import type { Channel } from "../runtime/channel.js";

/** Default chunk size of httpBodyChunks, in code points. */
export const DEFAULT_BODY_CHUNK = 16_384;

function reqArg(fn: string, v: Value | undefined): HttpRequestValue {
  if (!(v instanceof HttpRequestValue)) throw expected(fn, "HttpRequest", v);
  return v;
}

function respArg(fn: string, v: Value | undefined): HttpResponseValue {
  if (!(v instanceof HttpResponseValue)) throw expected(fn, "HttpResponse", v);
  return v;
}

/** Builds and sends (§16.3): an invalid URL rejects with AT0122 `<fn>: invalid URL (…): <url>`. */
function sendTo(rt: RuntimeContext, fn: string, method: string, url: string, body: string | null, extra?: [string, string]): Future {
  let req = newRequest(method, url, body);
  if (extra !== undefined) req = req.with({ headers: [...req.f.headers, extra] });
  return sendAsync(rt, fn, req.f, false);
}

defineFutureFn("httpSendAsync", "(req: HttpRequest) -> Future<HttpResponse>", (rt) => (r: Value) =>
  sendAsync(rt, "httpSendAsync", reqArg("httpSendAsync", r).f, false),
);

for (const method of ["Get", "Delete"]) {
  const name = `http${method}Async`;
  defineFutureFn(name, "(url: string) -> Future<HttpResponse>", (rt) => (u: Value) => sendTo(rt, name, method.toUpperCase(), str(name, u), null));
}

for (const method of ["Post", "Put", "Patch"]) {
  const name = `http${method}Async`;
  defineFutureFn(name, "(url: string, body: string) -> Future<HttpResponse>", (rt) => (u: Value, b: Value) => {
    const url = str(name, u);
    return sendTo(rt, name, method.toUpperCase(), url, str(name, b));
  });
}

defineFutureFn("httpPostJsonAsync", "(url: string, data: json) -> Future<HttpResponse>", (rt) => (u: Value, d: Value) => {
  const url = str("httpPostJsonAsync", u);
  const body = stringifyJson(json("httpPostJsonAsync", d).data, "httpPostJsonAsync");
  return sendTo(rt, "httpPostJsonAsync", "POST", url, body, ["Content-Type", "application/json"]);
});

/** The response's body parsed as JSON (any status), or AT0001 naming the URL. */
function parseResponse(resp: HttpResponseValue): Value {
  const r = parseJsonText(resp.body);
  if (!r.ok) throw typeError(`httpGetJsonAsync: failed to parse JSON: ${r.error.text}: ${resp.url}`);
  return wrapJson(r.data);
}

defineFutureFn("httpGetJsonAsync", "(url: string) -> Future<json>", (rt) => (u: Value) => {
  const sent = sendTo(rt, "httpGetJsonAsync", "GET", str("httpGetJsonAsync", u), null);
  // The parse runs when the response arrives; cancelling the result cancels the request.
  const out = rt.scheduler.newFuture();
  const origin = rt.callSpan;
  sent.observed = true;
  out.source = { cancel: () => sent.cancel(), waitingOn: sent };
  sent.onSettle((f) => {
    if (f.error !== null) {
      out.reject(f.error);
      return;
    }
    try {
      out.resolve(parseResponse(f.value as HttpResponseValue));
    } catch (e) {
      if (!(e instanceof RuntimeError)) throw e;
      out.reject(errorOfRuntimeError(e, origin));
    }
  });
  return out;
});

defineFutureFn("httpStreamAsync", "(req: HttpRequest) -> Future<HttpResponse>", (rt) => (r: Value) =>
  sendAsync(rt, "httpStreamAsync", reqArg("httpStreamAsync", r).f, true),
);

/** The body of `resp` as a channel of items cut by `splitter` (streamed or already buffered). */
function bodyChannel(rt: RuntimeContext, fn: string, resp: HttpResponseValue, capacity: number, splitter: Splitter): Channel {
  const charset = charsetOf(resp.headers.get("content-type"));
  const label = `${fn}(${resp.url})`;
  if (!(resp instanceof HttpStreamedResponse)) {
    return pumpChannel(rt, capacity, new TextSource(resp.body), new LenientDecoder(null), splitter, label, (e) => bodyFailure(fn, e, resp.url, 0));
  }
  const stream = resp.takeStream();
  if (stream === null) throw new RuntimeError("AT0124", `${fn}: the response body was already consumed: ${resp.url}`, null);
  const src = new BodySource(stream, resp.headers.get("content-encoding"), resp.chunkTimeoutMs);
  return pumpChannel(rt, capacity, src, new LenientDecoder(charset), splitter, label, (e) => bodyFailure(fn, e, resp.url, resp.timeoutSeconds));
}

const CHARSET = /;\s*charset\s*=\s*"?([^";\s]+)"?/i;

function charsetOf(contentType: string | undefined): string | null {
  const m = contentType === undefined ? null : CHARSET.exec(contentType);
  return m === null ? null : m[1];
}

defineStreamFn("httpBodyLines", "(resp: HttpResponse) -> Channel<string>", (rt) => (r: Value) =>
  bodyChannel(rt, "httpBodyLines", respArg("httpBodyLines", r), DEFAULT_LINE_BUFFER, new LineSplitter("httpBodyLines")),
);

defineStreamFn("httpBodyChunks", "(resp: HttpResponse, chunkChars?: number) -> Channel<string>", (rt) => (r: Value, n?: Value) => {
  const resp = respArg("httpBodyChunks", r);
  const size = n === undefined || n === null ? DEFAULT_BODY_CHUNK : intAtLeast("httpBodyChunks", "chunkChars", n, 1);
  return bodyChannel(rt, "httpBodyChunks", resp, DEFAULT_LINE_BUFFER, new ChunkSplitter(size, "httpBodyChunks"));
});
