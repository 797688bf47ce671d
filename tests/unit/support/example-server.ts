// A small loopback HTTP server for the examples and the async guide (examples.test.ts,
// async-guide.test.ts): a crawlable site (with a flaky, a slow and a missing page), a JSON API
// with partial failures, and a ping endpoint that records arrival times (rate limiting).
// Listens on 127.0.0.1, port 0; `stop()` closes it and every connection.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface ExampleServer {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** Requests per path (query excluded). */
  readonly hits: Map<string, number>;
  /** /ping requests: wall-clock arrival time and the client's `start` parameter (ms since the epoch). */
  readonly pings: { at: number; start: number }[];
  stop(): Promise<void>;
}

const PAGES: Record<string, string> = {
  "/site/index.html": page("Home", ["/site/a.html", "b.html", "/site/flaky.html", "/site/slow.html", "/site/missing.html", "http://example.invalid/elsewhere"]),
  "/site/a.html": page("A", ["/site/index.html", "/site/c.html"]),
  "/site/b.html": page("B", ["/site/a.html", "/site/c.html"]),
  "/site/c.html": page("C", []),
  "/site/d.html": page("D", ["/site/index.html"]),
};

function page(title: string, links: string[]): string {
  const items = links.map((l) => `<li><a href="${l}">${l}</a></li>`).join("\n");
  return `<!doctype html>\n<html><head><title>${title}</title></head>\n<body><h1>${title}</h1>\n<ul>\n${items}\n</ul></body></html>\n`;
}

/** The users of the JSON API: 4 answers 500, 5 sends broken JSON, 6 is too slow. */
const USERS: Record<number, { name: string; orders: number }> = {
  1: { name: "Ada", orders: 3 },
  2: { name: "Grace", orders: 5 },
  3: { name: "Linus", orders: 2 },
  7: { name: "Barbara", orders: 4 },
};

function send(res: ServerResponse, status: number, body: string, type = "text/html"): void {
  res.writeHead(status, { "content-type": type, "content-length": Buffer.byteLength(body) });
  res.end(body);
}

function handle(req: IncomingMessage, res: ServerResponse, hits: Map<string, number>, pings: ExampleServer["pings"]): void {
  const url = new URL(req.url ?? "/", "http://127.0.0.1");
  const p = url.pathname;
  const n = (hits.get(p) ?? 0) + 1;
  hits.set(p, n);
  if (p in PAGES) return send(res, 200, PAGES[p]);
  if (p === "/site/flaky.html") {
    // Fails twice, then works: the crawler's retry gets it on the third attempt.
    if (n <= 2) return send(res, 503, "try again later", "text/plain");
    return send(res, 200, page("Flaky", ["/site/d.html"]));
  }
  if (p === "/site/slow.html") {
    setTimeout(() => send(res, 200, page("Slow", [])), 2000).unref();
    return;
  }
  if (p === "/api/users") return send(res, 200, JSON.stringify([1, 2, 3, 4, 5, 6, 7]), "application/json");
  const m = /^\/api\/users\/(\d+)$/.exec(p);
  if (m !== null) {
    const id = Number(m[1]);
    if (id === 4) return send(res, 500, JSON.stringify({ error: "database unavailable" }), "application/json");
    if (id === 5) return send(res, 200, "{\"id\": 5, \"name\": ", "application/json");
    if (id === 6) {
      setTimeout(() => send(res, 200, JSON.stringify({ id: 6, name: "Slow", orders: 1 }), "application/json"), 2000).unref();
      return;
    }
    const u = USERS[id];
    if (u === undefined) return send(res, 404, JSON.stringify({ error: "no such user" }), "application/json");
    return send(res, 200, JSON.stringify({ id, ...u }), "application/json");
  }
  if (p === "/ping") {
    pings.push({ at: Date.now(), start: Number(url.searchParams.get("start") ?? "NaN") });
    return send(res, 200, `pong ${url.searchParams.get("i") ?? "?"}`, "text/plain");
  }
  send(res, 404, "not found", "text/plain");
}

/** Starts the server on 127.0.0.1 with an ephemeral port. */
export async function startExampleServer(): Promise<ExampleServer> {
  const hits = new Map<string, number>();
  const pings: ExampleServer["pings"] = [];
  const server = createServer((req, res) => handle(req, res, hits, pings));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hits,
    pings,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
