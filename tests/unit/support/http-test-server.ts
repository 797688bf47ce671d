// Test HTTP servers for tests/unit/http.test.ts, run in a Worker thread: the synchronous
// client blocks the test's own thread in Atomics.wait, so servers cannot live there. Two
// node:http servers on 127.0.0.1 (A: the routes, B: a second origin for redirects) and a raw
// TCP server for malformed responses; the parent asks for stats through messages.
import * as http from "node:http";
import * as net from "node:net";
import { parentPort } from "node:worker_threads";
import { sendBig, sendEncoded } from "./http-bodies.js";

interface Logged {
  server: string;
  method: string;
  url: string;
  headers: string[];
  body: string;
}

const log: Logged[] = [];
const connections: Record<string, number> = { a: 0, b: 0, raw: 0 };

function handler(name: string): http.RequestListener {
  return (req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      log.push({ server: name, method: req.method ?? "", url: req.url ?? "", headers: req.rawHeaders, body });
      route(name, req, res, body);
    });
  };
}

function route(name: string, req: http.IncomingMessage, res: http.ServerResponse, body: string): void {
  const u = new URL(req.url ?? "/", "http://x");
  const q = (k: string): string => u.searchParams.get(k) ?? "";
  const p = u.pathname;
  if (p === "/echo") {
    res.setHeader("Content-Type", "application/json");
    res.end(JSON.stringify({ server: name, method: req.method, url: req.url, headers: req.rawHeaders, body }));
  } else if (p.startsWith("/status/")) {
    res.statusCode = Number(p.slice(8));
    res.end(`status ${res.statusCode}`);
  } else if (p === "/headers") {
    res.setHeader("X-Multi", ["one", "two"]);
    res.setHeader("Content-Type", "text/plain; charset=iso-8859-1");
    res.setHeader("X-Utf8", Buffer.from("café", "utf8").toString("latin1"));
    res.end(Buffer.from([0x63, 0x61, 0x66, 0xe9])); // "café" in latin1
  } else if (p === "/badutf8") {
    res.end(Buffer.from([0x61, 0xff, 0x62]));
  } else if (p === "/redirect") {
    res.statusCode = Number(q("code") || "302");
    res.setHeader("Location", q("to"));
    res.end("redirecting");
  } else if (p === "/loop") {
    res.statusCode = 302;
    res.setHeader("Location", "/loop");
    res.end();
  } else if (p === "/nolocation") {
    res.statusCode = 302;
    res.end("no location");
  } else if (p === "/slow") {
    const t = setTimeout(() => res.end("slow done"), Number(q("ms")));
    res.on("close", () => clearTimeout(t));
  } else if (p === "/slowbody") {
    res.writeHead(200, { "Content-Type": "text/plain" });
    res.write("part1 ");
    const t = setTimeout(() => res.end("part2"), Number(q("ms")));
    res.on("close", () => clearTimeout(t));
  } else if (p === "/big") {
    sendBig(res, Number(q("n")), q("chunked") === "1");
  } else if (p === "/encoded") {
    sendEncoded(res, Buffer.from("compressed ünïcode ".repeat(50), "utf8"), q("coding"));
  } else if (p === "/json") {
    res.setHeader("Content-Type", "application/json");
    res.end('{"a": [1, 2, {"b": null}], "s": "ü"}');
  } else if (p === "/badjson") {
    res.statusCode = 500;
    res.end("{oops");
  } else if (p === "/reset") {
    req.socket.destroy();
  } else if (p === "/length") {
    res.setHeader("Content-Length", "5");
    res.end("12345");
  } else {
    res.statusCode = 404;
    res.end("not found");
  }
}

function listen(server: net.Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve((server.address() as net.AddressInfo).port)));
}

const a = http.createServer(handler("a"));
const b = http.createServer(handler("b"));
a.on("connection", () => connections.a++);
b.on("connection", () => connections.b++);
const raw = net.createServer((socket) => {
  connections.raw++;
  socket.once("data", () => socket.end("HTTP/1.1 abc nonsense\r\n\r\n"));
});

const ports = { a: await listen(a), b: await listen(b), raw: await listen(raw) };
// A port that was free a moment ago: connecting to it is refused.
const closed = net.createServer();
const closedPort = await listen(closed);
await new Promise((r) => closed.close(r));

parentPort?.on("message", (m: { type: string }) => {
  if (m.type === "stats") parentPort?.postMessage({ type: "stats", connections: { ...connections }, log: [...log] });
  else if (m.type === "reset") {
    log.length = 0;
    for (const k of Object.keys(connections)) connections[k] = 0;
    a.closeAllConnections();
    b.closeAllConnections();
    parentPort?.postMessage({ type: "reset" });
  } else if (m.type === "stop") {
    a.closeAllConnections();
    b.closeAllConnections();
    a.close();
    b.close();
    raw.close();
    parentPort?.close();
  }
});
parentPort?.postMessage({ type: "ready", ports: { ...ports, closed: closedPort } });
