// Messages between the synchronous HTTP client (http-client.ts, on the program's thread) and
// its worker (http-worker.ts), which performs one hop of an exchange with undici per request.
// Plain data only (structured clone); the worker never sees the permission policy.
import type { MessagePort } from "node:worker_threads";

export interface WireRequest {
  readonly id: number;
  readonly method: string;
  readonly url: string;
  /** Flat [name, value, …]; values are latin1 strings carrying UTF-8 bytes. */
  readonly headers: string[];
  readonly body: string | null;
  /** Bounds this hop (connect, headers and body); 0 = none. */
  readonly timeoutMs: number;
  /** Largest body accepted, in bytes (raw and decoded). */
  readonly bodyLimit: number;
  /** A redirect the client will follow: discard the body instead of reading it. */
  readonly followRedirects: boolean;
}

export type WireResult =
  | {
      readonly id: number;
      readonly ok: true;
      readonly status: number;
      /** Received order, names as received. */
      readonly headers: [string, string][];
      /** null when the body of a followed redirect was discarded. */
      readonly body: string | null;
    }
  | {
      readonly id: number;
      readonly ok: false;
      /** AT0120 … AT0124, or AT0170 for the timeout. */
      readonly code: string;
      readonly description: string;
    };

/** What the worker thread is started with. */
export interface WorkerInit {
  readonly port: MessagePort;
  /** Int32 slot 0: set to 1 by the worker after posting a result. */
  readonly signal: SharedArrayBuffer;
  readonly connections: number;
}

export const FOLLOWED_STATUSES: readonly number[] = [301, 302, 303, 307, 308];
