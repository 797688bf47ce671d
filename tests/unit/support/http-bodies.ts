// Response bodies shared by the test HTTP servers (http-test-server.ts for the synchronous
// client, async-http-server.ts for the async one): huge bodies and content-coded bodies.
import type * as http from "node:http";
import { brotliCompressSync, deflateSync, gzipSync } from "node:zlib";

/** `n` bytes: chunked ('a's, written with back-pressure) or with a Content-Length ('b's). */
export function sendBig(res: http.ServerResponse, n: number, chunked: boolean): void {
  if (chunked) {
    res.writeHead(200, { "Content-Type": "text/plain" });
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    let sent = 0;
    const pump = (): void => {
      while (sent < n) {
        const part = chunk.subarray(0, Math.min(chunk.length, n - sent));
        sent += part.length;
        if (!res.write(part)) return void res.once("drain", pump);
      }
      res.end();
    };
    pump();
  } else {
    res.setHeader("Content-Length", String(n));
    res.end(Buffer.alloc(n, 0x62));
  }
}

/** `text` compressed with `coding` (gzip, br, else deflate), labelled with that coding. */
export function sendEncoded(res: http.ServerResponse, text: Buffer, coding: string): void {
  const data = coding === "gzip" ? gzipSync(text) : coding === "br" ? brotliCompressSync(text) : deflateSync(text);
  res.setHeader("Content-Encoding", coding);
  res.end(data);
}
