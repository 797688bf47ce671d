// HTTP builtins (stdlib.md §16): request builders and setters (immutable requests), the
// Result-returning senders (exchange in http-client.ts), response accessors and
// httpCheckPermission. Transport failures are Err values; denials and bad arguments raise.
import { defineCtxFn, defineFn, type BuiltinContext } from "./define.js";
import { argError, typeError } from "../runtime/errors.js";
import { parseJsonText, stringifyJson, wrapJson } from "../runtime/json.js";
import { NONE, ResultValue, err, ok, some, type Value } from "../runtime/values.js";
import { netAllows } from "../security/capabilities.js";
import { HashMapValue } from "./collections-common.js";
import { policyOf } from "./file.js";
import { sendSync } from "./http-client.js";
import {
  HTTP_METHODS,
  HttpRequestValue,
  HttpResponseValue,
  basicAuth,
  checkHeader,
  checkUrl,
  invalidUrl,
  newRequest,
  setHeader,
  statusText,
  transportText,
} from "./http-model.js";
import { expected, json, num, str } from "./validate.js";

export { HttpRequestValue, HttpResponseValue } from "./http-model.js";

// ---- argument helpers -------------------------------------------------------------------------

function reqArg(fn: string, v: Value | undefined): HttpRequestValue {
  if (!(v instanceof HttpRequestValue)) throw expected(fn, "HttpRequest", v);
  return v;
}

function respArg(fn: string, v: Value | undefined): HttpResponseValue {
  if (!(v instanceof HttpResponseValue)) throw expected(fn, "HttpResponse", v);
  return v;
}

function boolArg(fn: string, v: Value | undefined): boolean {
  if (typeof v !== "boolean") throw expected(fn, "bool", v);
  return v;
}

/** A builder's URL: raises AT0122 `Invalid URL: <url> (<reason>)`. */
function builderUrl(fn: string, v: Value | undefined): string {
  const url = str(fn, v);
  const c = checkUrl(url);
  if (!c.ok) throw invalidUrl(url, c.reason);
  return url;
}

// ---- builders ---------------------------------------------------------------------------------

defineFn("httpRequest", "(method: string, url: string) -> HttpRequest", (mv: Value, uv: Value) => {
  const method = str("httpRequest", mv);
  const upper = method.toUpperCase();
  if (!(HTTP_METHODS as readonly string[]).includes(upper)) {
    throw typeError(`httpRequest: method must be GET, POST, PUT, DELETE, or PATCH, got: ${method}`);
  }
  return newRequest(upper, builderUrl("httpRequest", uv), null);
});

for (const method of ["Get", "Delete"]) {
  const name = `httpRequest${method}`;
  defineFn(name, "(url: string) -> HttpRequest", (uv: Value) => newRequest(method.toUpperCase(), builderUrl(name, uv), null));
}

for (const method of ["Post", "Put", "Patch"]) {
  const name = `httpRequest${method}`;
  defineFn(name, "(url: string, body: string) -> HttpRequest", (uv: Value, bv: Value) => {
    const url = builderUrl(name, uv);
    return newRequest(method.toUpperCase(), url, str(name, bv));
  });
}

// ---- setters ----------------------------------------------------------------------------------

defineFn("httpSetHeader", "(req: HttpRequest, name: string, value: string) -> HttpRequest", (r: Value, n: Value, v: Value) => {
  const req = reqArg("httpSetHeader", r);
  const name = str("httpSetHeader", n);
  const value = str("httpSetHeader", v);
  checkHeader("httpSetHeader", name, value);
  return req.with({ headers: setHeader(req.f.headers, name, value) });
});

defineFn("httpSetBody", "(req: HttpRequest, body: string) -> HttpRequest", (r: Value, b: Value) => {
  const req = reqArg("httpSetBody", r);
  return req.with({ body: str("httpSetBody", b) });
});

defineFn("httpSetTimeout", "(req: HttpRequest, seconds: number) -> HttpRequest", (r: Value, s: Value) => {
  const req = reqArg("httpSetTimeout", r);
  const seconds = num("httpSetTimeout", s);
  if (!(seconds >= 0)) throw typeError("httpSetTimeout: seconds must be non-negative");
  return req.with({ timeout: seconds === 0 ? 0 : seconds });
});

defineFn("httpSetQuery", "(req: HttpRequest, key: string, value: string) -> HttpRequest", (r: Value, k: Value, v: Value) => {
  const req = reqArg("httpSetQuery", r);
  const key = str("httpSetQuery", k);
  const value = str("httpSetQuery", v);
  return req.with({ query: [...req.f.query, [key, value]] });
});

defineFn("httpSetFollowRedirects", "(req: HttpRequest, follow: bool) -> HttpRequest", (r: Value, f: Value) => {
  const req = reqArg("httpSetFollowRedirects", r);
  return req.with({ follow: boolArg("httpSetFollowRedirects", f) });
});

defineFn("httpSetMaxRedirects", "(req: HttpRequest, max: number) -> HttpRequest", (r: Value, m: Value) => {
  const req = reqArg("httpSetMaxRedirects", r);
  const max = num("httpSetMaxRedirects", m);
  if (!Number.isInteger(max) || max < 0) throw argError("httpSetMaxRedirects", "max must be a non-negative integer");
  return req.with({ maxRedirects: max === 0 ? 0 : max });
});

defineFn("httpSetUserAgent", "(req: HttpRequest, agent: string) -> HttpRequest", (r: Value, a: Value) => {
  const req = reqArg("httpSetUserAgent", r);
  const agent = str("httpSetUserAgent", a);
  checkHeader("httpSetUserAgent", "User-Agent", agent);
  return req.with({ headers: setHeader(req.f.headers, "User-Agent", agent) });
});

defineFn("httpSetAuth", "(req: HttpRequest, user: string, password: string) -> HttpRequest", (r: Value, u: Value, p: Value) => {
  const req = reqArg("httpSetAuth", r);
  const user = str("httpSetAuth", u);
  const password = str("httpSetAuth", p);
  if (user.includes(":")) throw argError("httpSetAuth", "user must not contain ':'");
  return req.with({ headers: setHeader(req.f.headers, "Authorization", basicAuth(user, password)) });
});

// ---- sending ----------------------------------------------------------------------------------

defineCtxFn("httpSend", "(req: HttpRequest) -> Result<HttpResponse, string>", (ctx) => (r: Value) =>
  sendSync(ctx, "httpSend", reqArg("httpSend", r).f),
);

/** Builds and sends; an invalid URL is `Err("AT0122: <fn>: invalid URL (<reason>): <url>")`. */
function sendTo(ctx: BuiltinContext, fn: string, method: string, url: string, body: string | null, extra?: [string, string]): Value {
  const c = checkUrl(url);
  if (!c.ok) return err(transportText("AT0122", fn, `invalid URL (${c.reason})`, url));
  let req = newRequest(method, url, body);
  if (extra !== undefined) req = req.with({ headers: [...req.f.headers, extra] });
  return sendSync(ctx, fn, req.f);
}

for (const method of ["Get", "Delete"]) {
  const name = `http${method}`;
  defineCtxFn(name, "(url: string) -> Result<HttpResponse, string>", (ctx) => (u: Value) =>
    sendTo(ctx, name, method.toUpperCase(), str(name, u), null),
  );
}

for (const method of ["Post", "Put", "Patch"]) {
  const name = `http${method}`;
  defineCtxFn(name, "(url: string, body: string) -> Result<HttpResponse, string>", (ctx) => (u: Value, b: Value) => {
    const url = str(name, u);
    return sendTo(ctx, name, method.toUpperCase(), url, str(name, b));
  });
}

defineCtxFn("httpPostJson", "(url: string, data: json) -> Result<HttpResponse, string>", (ctx) => (u: Value, d: Value) => {
  const url = str("httpPostJson", u);
  const body = stringifyJson(json("httpPostJson", d).data, "httpPostJson");
  return sendTo(ctx, "httpPostJson", "POST", url, body, ["Content-Type", "application/json"]);
});

/** `httpParseJson`'s result for a response. */
function parseBody(resp: HttpResponseValue): Value {
  const r = parseJsonText(resp.body);
  return r.ok ? ok(wrapJson(r.data)) : err(`httpParseJson: failed to parse JSON: ${r.error.text}`);
}

defineCtxFn("httpGetJson", "(url: string) -> Result<json, string>", (ctx) => (u: Value) => {
  const sent = sendTo(ctx, "httpGetJson", "GET", str("httpGetJson", u), null);
  if (sent instanceof ResultValue && sent.isOk && sent.value instanceof HttpResponseValue) return parseBody(sent.value);
  return sent;
});

defineFn("httpParseJson", "(resp: HttpResponse) -> Result<json, string>", (r: Value) => parseBody(respArg("httpParseJson", r)));

defineCtxFn("httpCheckPermission", "(url: string) -> bool", (ctx) => (u: Value) => {
  const c = checkUrl(str("httpCheckPermission", u));
  return c.ok && netAllows(policyOf(ctx), c.url);
});

// ---- responses --------------------------------------------------------------------------------

const R = "(resp: HttpResponse)";

defineFn("httpStatus", `${R} -> number`, (r: Value) => respArg("httpStatus", r).status);
defineFn("httpBody", `${R} -> string`, (r: Value) => respArg("httpBody", r).body);

defineFn("httpHeader", "(resp: HttpResponse, name: string) -> Option<string>", (r: Value, n: Value) => {
  const resp = respArg("httpHeader", r);
  const v = resp.headers.get(str("httpHeader", n).toLowerCase());
  return v === undefined ? NONE : some(v);
});

defineFn("httpHeaders", `${R} -> HashMap<string, string>`, (r: Value) => {
  const m = new HashMapValue();
  for (const [k, v] of respArg("httpHeaders", r).headers) m.entries.set(k, v);
  return m;
});

defineFn("httpUrl", `${R} -> string`, (r: Value) => respArg("httpUrl", r).url);

function statusClass(name: string, lo: number): void {
  defineFn(name, `${R} -> bool`, (r: Value) => {
    const s = respArg(name, r).status;
    return s >= lo && s <= lo + 99;
  });
}
statusClass("httpIsSuccess", 200);
statusClass("httpIsRedirect", 300);
statusClass("httpIsClientError", 400);
statusClass("httpIsServerError", 500);

defineFn("httpStatusText", `${R} -> string`, (r: Value) => statusText(respArg("httpStatusText", r).status));

defineFn("httpContentType", `${R} -> Option<string>`, (r: Value) => {
  const v = respArg("httpContentType", r).headers.get("content-type");
  return v === undefined ? NONE : some(v);
});

defineFn("httpContentLength", `${R} -> Option<number>`, (r: Value) => {
  const v = respArg("httpContentLength", r).headers.get("content-length");
  if (v === undefined || !/^\s*[0-9]+\s*$/.test(v)) return NONE;
  return some(Number(v.trim()));
});

