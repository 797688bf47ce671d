// A real node:http test server on 127.0.0.1 for the async HTTP tests (async.md §A8), run in the
// test's own thread (the async client never blocks it): routes for statuses, echo, redirects,
// slow and dripping responses, chunked and huge bodies, resets before and during the body,
// content codings; it counts connections (total, open, peak) and records which requests were
// closed by the client before their response ended. Plus a raw TCP server that answers garbage.
import * as http from "node:http";
import * as net from "node:net";
import { sendBig, sendEncoded } from "./http-bodies.js";

export interface Logged {
  /** The client's port: requests with the same port came over the same connection. */
  port: number;
  method: string;
  url: string;
  headers: string[];
  body: string;
}

export class TestServer {
  readonly log: Logged[] = [];
  connections = 0;
  open = 0;
  peakOpen = 0;
  /** URLs of requests whose connection closed before the response was complete. */
  readonly aborted: string[] = [];
  private readonly server: http.Server;
  private readonly sockets = new Set<net.Socket>();
  port = 0;

  constructor() {
    this.server = http.createServer((req, res) => this.handle(req, res));
    this.server.keepAliveTimeout = 30_000;
    this.server.on("connection", (s: net.Socket) => {
      this.connections++;
      this.open++;
      this.peakOpen = Math.max(this.peakOpen, this.open);
      this.sockets.add(s);
      s.on("close", () => {
        this.open--;
        this.sockets.delete(s);
      });
    });
  }

  get base(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    await new Promise<void>((r) => this.server.listen(0, "127.0.0.1", () => r()));
    this.port = (this.server.address() as net.AddressInfo).port;
  }

  /** Forgets counters and closes every connection. */
  reset(): void {
    this.log.length = 0;
    this.aborted.length = 0;
    for (const s of this.sockets) s.destroy();
    this.connections = 0;
    this.peakOpen = 0;
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((r) => this.server.close(() => r()));
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      this.log.push({ port: req.socket.remotePort ?? 0, method: req.method ?? "", url: req.url ?? "", headers: req.rawHeaders, body });
      res.on("close", () => {
        if (!res.writableFinished) this.aborted.push(req.url ?? "");
      });
      this.route(req, res, body);
    });
  }

  private route(req: http.IncomingMessage, res: http.ServerResponse, body: string): void {
    const u = new URL(req.url ?? "/", "http://x");
    const q = (k: string, d = ""): string => u.searchParams.get(k) ?? d;
    const later = (ms: number, f: () => void): void => {
      const t = setTimeout(f, ms);
      res.on("close", () => clearTimeout(t));
    };
    switch (u.pathname) {
      case "/echo":
        res.setHeader("Content-Type", "application/json");
        res.end(JSON.stringify({ method: req.method, url: req.url, headers: req.rawHeaders, body }));
        return;
      case "/text":
        res.setHeader("Content-Type", "text/plain; charset=utf-8");
        res.setHeader("X-Multi", ["one", "two"]);
        res.end(q("t", "hello"));
        return;
      case "/latin1":
        res.setHeader("Content-Type", "text/plain; charset=iso-8859-1");
        res.end(Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a, 0x78])); // "café\nx" in latin1
        return;
      case "/slow":
        later(Number(q("ms", "20")), () => res.end(q("t", "slow")));
        return;
      case "/hold":
        return; // never answers: the client must give up
      case "/slowbody":
        res.writeHead(200, { "Content-Type": "text/plain" });
        res.write("part1 ");
        later(Number(q("ms")), () => res.end("part2"));
        return;
      case "/drip": {
        // n lines, one every ms (chunked)
        const n = Number(q("n", "5"));
        const ms = Number(q("ms", "10"));
        res.writeHead(200, { "Content-Type": "text/plain" });
        let i = 0;
        const tick = (): void => {
          if (i === n) return void res.end();
          res.write(`line ${i++}\n`);
          later(ms, tick);
        };
        tick();
        return;
      }
      case "/chunked": {
        const n = Number(q("n", "10"));
        res.writeHead(200, { "Content-Type": "text/plain" });
        for (let i = 0; i < n; i++) res.write(`chunk${i};`);
        res.end();
        return;
      }
      case "/lines": {
        const n = Number(q("n", "1000"));
        res.writeHead(200, { "Content-Type": "text/plain" });
        const parts: string[] = [];
        for (let i = 0; i < n; i++) parts.push(`row ${i}${i % 3 === 0 ? "\r" : ""}\n`);
        res.end(parts.join(""));
        return;
      }
      case "/big":
        sendBig(res, Number(q("n")), q("chunked") === "1");
        return;
      case "/endless": {
        // Writes forever (until the client goes away).
        res.writeHead(200, { "Content-Type": "text/plain" });
        const line = Buffer.from("y".repeat(1023) + "\n");
        const pump = (): void => {
          while (!res.destroyed && res.write(line));
          if (!res.destroyed) res.once("drain", pump);
        };
        pump();
        return;
      }
      case "/reset":
        req.socket.destroy();
        return;
      case "/resetmid":
        res.writeHead(200, { "Content-Type": "text/plain", "Content-Length": "100000" });
        res.write("good 1\ngood 2\npartial");
        later(20, () => req.socket.destroy());
        return;
      case "/redirect":
        res.statusCode = Number(q("code", "302"));
        res.setHeader("Location", q("to"));
        res.end("redirecting");
        return;
      case "/loop":
        res.statusCode = 302;
        res.setHeader("Location", "/loop");
        res.end();
        return;
      case "/json":
        res.setHeader("Content-Type", "application/json");
        res.end('{"a": [1, 2, {"b": null}], "s": "ü"}');
        return;
      case "/badjson":
        res.statusCode = 500;
        res.end("{oops");
        return;
      case "/encoded": {
        const text = Buffer.from(Array.from({ length: 50 }, (_, i) => `compressed ünïcode ${i}\n`).join(""), "utf8");
        sendEncoded(res, text, q("coding"));
        return;
      }
      default:
        if (u.pathname.startsWith("/status/")) {
          res.statusCode = Number(u.pathname.slice(8));
          res.end(`status ${res.statusCode}`);
          return;
        }
        res.statusCode = 404;
        res.end("not found");
    }
  }
}

/** A TCP server that answers every request with a malformed status line. */
export async function garbageServer(): Promise<{ port: number; stop: () => Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const s = net.createServer((socket) => {
    sockets.add(socket);
    socket.once("data", () => socket.end("HTTP/1.1 abc nonsense\r\n\r\n"));
  });
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", () => r()));
  return {
    port: (s.address() as net.AddressInfo).port,
    stop: async () => {
      for (const k of sockets) k.destroy();
      await new Promise<void>((r) => s.close(() => r()));
    },
  };
}

/** A port that was free a moment ago: connecting to it is refused. */
export async function closedPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", () => r()));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}
