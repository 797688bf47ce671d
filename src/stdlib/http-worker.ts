// The HTTP worker thread behind the synchronous client (stdlib.md §16.7): one undici Agent with
// a keep-alive pool, performing one hop per request message (http-hop.ts) and answering on the
// port, then waking the waiting program thread through the shared signal.
import { workerData } from "node:worker_threads";
import { createAgent, performHop } from "./http-hop.js";
import type { WireRequest, WireResult, WorkerInit } from "./http-wire.js";

const init = workerData as WorkerInit;
const signal = new Int32Array(init.signal);
const agent = createAgent(init.connections);

function reply(r: WireResult): void {
  init.port.postMessage(r);
  Atomics.store(signal, 0, 1);
  Atomics.notify(signal, 0);
}

/** The request being performed (requests are strictly sequential). */
let current = -1;

init.port.on("message", (req: WireRequest) => {
  current = req.id;
  performHop(agent, req).then(answer, (e: unknown) => answer(failed(req.id, e)));
});

function answer(r: WireResult): void {
  if (r.id !== current) return; // already answered by the safety net below
  current = -1;
  reply(r);
}

function failed(id: number, e: unknown): WireResult {
  const message = e instanceof Error ? e.message : String(e);
  return { id, ok: false, code: "AT0120", description: `connection failed: ${message}` };
}

// Safety net: a stray host error must not kill the thread while the program waits for it.
process.on("uncaughtException", (e) => {
  if (current >= 0) answer(failed(current, e));
});

// Tells the waiting client that the worker is up (result id 0).
reply({ id: 0, ok: true, status: 0, headers: [], body: null });
