// Start-up cache for the program worker. Loading ~85 separate ES modules costs a worker about
// 50 ms; one pre-linked script with a V8 code cache loads in a fraction of that. After each
// build the first `atlas` invocation starts a background process that writes the bundle
// (dist/src/.atlas-bundle.js, each module transpiled to a CommonJS-style function with
// TypeScript's transpileModule) and a manifest of the files it came from; later runs use it
// while every file is unchanged. Without TypeScript, with a read-only dist/ or with
// ATLAS_NO_BUNDLE=1, the worker simply loads the modules one by one. Nothing here is needed
// for correctness.
import { accessSync, closeSync, constants, openSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { Script } from "node:vm";
import { createRequire } from "node:module";
import * as path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/** dist/src (this file is dist/src/cli/bundle.js). */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const BUNDLE_FILE = path.join(ROOT, ".atlas-bundle.js");
export const CACHE_FILE = path.join(ROOT, ".atlas-bundle.cache");
const MANIFEST_FILE = path.join(ROOT, ".atlas-bundle.json");
const LOCK_FILE = path.join(ROOT, ".atlas-bundle.lock");
/** The module the worker starts from (relative to ROOT). */
export const ENTRY = "cli/worker-main.js";
/** The main thread's fast path (in-thread.ts), also taken from the bundle. */
export const IN_THREAD_ENTRY = "cli/in-thread.js";
const FORMAT = 2;
const LOCK_STALE_MS = 120_000;

interface Manifest {
  format: number;
  node: string;
  /** relative path → [mtimeMs, size] of the build stamps (STAMPS) when the bundle was made */
  stamps: Record<string, [number, number]>;
  /** relative path → [mtimeMs, size] of every module in the bundle (informational) */
  files: Record<string, [number, number]>;
  /** Set when building failed for these files (do not retry until they change). */
  failed?: string;
}

function disabled(): boolean {
  const v = process.env.ATLAS_NO_BUNDLE;
  return v !== undefined && v !== "" && v !== "0";
}

/**
 * Files whose [mtime, size] stand for the whole build: tsc rewrites its build info whenever it
 * emits anything, and the entry module is checked as well. Two stats keep start-up cheap.
 */
const STAMPS = ["../.tsbuildinfo", ENTRY];

function stamps(): Manifest["stamps"] {
  const out: Manifest["stamps"] = {};
  for (const rel of STAMPS) {
    const st = statSync(path.join(ROOT, rel), { throwIfNoEntry: false });
    if (st !== undefined) out[rel] = [st.mtimeMs, st.size];
  }
  return out;
}

/** Whether the manifest was made from the build now on disk. */
function fresh(m: Manifest): boolean {
  if (m.format !== FORMAT || m.node !== process.version || m.stamps === undefined) return false;
  const now = stamps();
  for (const rel of STAMPS) {
    const a = m.stamps[rel];
    const b = now[rel];
    if (a === undefined || b === undefined || a[0] !== b[0] || a[1] !== b[1]) return false;
  }
  return true;
}

function readManifest(): Manifest | null {
  try {
    return JSON.parse(readFileSync(MANIFEST_FILE, "utf8")) as Manifest;
  } catch {
    return null;
  }
}

/**
 * The bundle to start the worker from, or null (use the separate modules). When the bundle is
 * missing or stale, starts a background build for the next invocation.
 */
export function usableBundle(): string | null {
  if (disabled()) return null;
  try {
    const m = readManifest();
    if (m !== null && fresh(m)) return m.failed === undefined ? BUNDLE_FILE : null;
    startBackgroundBuild();
  } catch {
    // any trouble: run unbundled
  }
  return null;
}

function startBackgroundBuild(): void {
  accessSync(ROOT, constants.W_OK);
  createRequire(import.meta.url).resolve("typescript");
  const lock = statSync(LOCK_FILE, { throwIfNoEntry: false });
  if (lock !== undefined && Date.now() - lock.mtimeMs < LOCK_STALE_MS) return;
  void import("node:child_process").then(({ spawn }) => {
    const child = spawn(process.execPath, [fileURLToPath(import.meta.url), "--build"], { detached: true, stdio: "ignore" });
    child.unref();
  });
}

// ───────────────────────────── loading ─────────────────────────────

export interface LoadedBundle {
  /** Evaluates (once) and returns the exports of a module of the bundle, e.g. ENTRY. */
  load(id: string): unknown;
  /** Writes the V8 code cache if there was none (call after the job's code has run). */
  saveCache(): void;
}

/** Evaluates the bundle script on this thread, with its code cache when there is one. */
export function loadBundle(file: string, cacheFile: string): LoadedBundle {
  const code = readFileSync(file, "utf8");
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const script = new Script(code, { filename: file, ...(cachedData !== undefined ? { cachedData } : {}) });
  const needsCache = cachedData === undefined || script.cachedDataRejected === true;
  const rootUrl = pathToFileURL(path.dirname(file) + path.sep).href;
  const factory = script.runInThisContext() as (req: NodeJS.Require, root: string) => (id: string) => unknown;
  const load = factory(createRequire(file), rootUrl);
  let saved = !needsCache;
  return {
    load,
    saveCache(): void {
      if (saved) return;
      saved = true;
      try {
        writeAtomic(cacheFile, script.createCachedData());
      } catch {
        // the cache is an optimisation only
      }
    },
  };
}

// ───────────────────────────── building (background process) ─────────────────────────────

interface TsModule {
  transpileModule(src: string, opts: { compilerOptions: Record<string, unknown> }): { outputText: string };
  ModuleKind: { CommonJS: unknown };
  ScriptTarget: { ES2022: unknown };
}

/** External modules whose loading the bundle defers to their first use (see PRELUDE). */
const LAZY_EXTERNALS = ["undici", "node:http", "node:https", "node:child_process", "node:crypto", "node:net", "node:tls", "node:dns", "node:zlib"];

const PRELUDE = `(function (__nodeRequire, __rootUrl) {
"use strict";
const __defs = Object.create(null), __cache = Object.create(null);
function __norm(from, spec) {
  const parts = from.split("/");
  parts.pop();
  for (const s of spec.split("/")) { if (s === "..") parts.pop(); else if (s !== ".") parts.push(s); }
  return parts.join("/");
}
// Heavy external modules are loaded on first use, not when a module importing them loads:
// most programs never make an HTTP request or start a process.
const __lazy = new Set(${JSON.stringify(LAZY_EXTERNALS)});
function __external(spec) {
  if (!__lazy.has(spec)) return __nodeRequire(spec);
  let real;
  const get = () => (real === undefined ? (real = __nodeRequire(spec)) : real);
  return new Proxy(Object.create(null), {
    get: (_t, k) => get()[k],
    has: (_t, k) => k in get(),
    ownKeys: () => Reflect.ownKeys(get()),
    getOwnPropertyDescriptor: (_t, k) => {
      const d = Object.getOwnPropertyDescriptor(get(), k);
      return d === undefined ? undefined : { ...d, configurable: true };
    },
  });
}
function __req(from, spec) {
  if (spec[0] !== ".") return __external(spec);
  const id = __norm(from, spec);
  const c = __cache[id];
  if (c !== undefined) return c.exports;
  const m = { exports: {} };
  __cache[id] = m;
  const f = __defs[id];
  if (f === undefined) throw new Error("atlas bundle: missing module " + id);
  f.call(undefined, m, m.exports, (s) => __req(id, s), new URL(id, __rootUrl).href);
  return m.exports;
}
`;

/** Transpiles the module closure of ENTRY into one script; returns [script, manifest files]. */
async function bundle(): Promise<[string, Manifest["files"]]> {
  const ts = ((await import("typescript")) as { default: TsModule }).default;
  const modules = new Map<string, string>();
  const files: Manifest["files"] = {};
  const add = (id: string): void => {
    if (modules.has(id)) return;
    const abs = path.join(ROOT, id);
    const st = statSync(abs);
    files[id] = [st.mtimeMs, st.size];
    const src = readFileSync(abs, "utf8").replace(/\bimport\.meta\.url\b/g, "__importMetaUrl");
    const opts = { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true };
    const out = ts.transpileModule(src, { compilerOptions: opts }).outputText;
    // Top-level await cannot be expressed in a function wrapper: refuse to bundle.
    new Function("module", "exports", "require", "__importMetaUrl", out);
    modules.set(id, out);
    for (const m of out.matchAll(/require\("(\.[^"]+)"\)/g)) add(path.posix.normalize(path.posix.join(path.posix.dirname(id), m[1])));
  };
  add(ENTRY);
  add(IN_THREAD_ENTRY);
  let code = PRELUDE;
  for (const [id, out] of modules) {
    code += `__defs[${JSON.stringify(id)}] = function (module, exports, require, __importMetaUrl) {\n${out}\n};\n`;
  }
  code += `return function (id) { return __req("", "./" + id); };\n})`;
  return [code, files];
}

function writeAtomic(file: string, data: string | Uint8Array): void {
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, file);
}

async function build(): Promise<void> {
  let fd: number;
  try {
    fd = openSync(LOCK_FILE, "w");
  } catch {
    return;
  }
  closeSync(fd);
  const before = stamps();
  try {
    const [code, files] = await bundle();
    try {
      unlinkSync(CACHE_FILE);
    } catch {
      // no cache yet
    }
    writeAtomic(BUNDLE_FILE, code);
    // If a build happened meanwhile, the stamps no longer match and the next run rebuilds.
    writeAtomic(MANIFEST_FILE, JSON.stringify({ format: FORMAT, node: process.version, stamps: before, files } satisfies Manifest));
  } catch (e) {
    // Remember the failure for exactly this build, so that runs do not retry it.
    const failed = e instanceof Error ? e.message : String(e);
    writeAtomic(MANIFEST_FILE, JSON.stringify({ format: FORMAT, node: process.version, stamps: before, files: {}, failed } satisfies Manifest));
  } finally {
    try {
      unlinkSync(LOCK_FILE);
    } catch {
      // already gone
    }
  }
}

/** Builds the bundle now, in this process (tests use it to exercise the bundled path). */
export async function buildBundleNow(): Promise<boolean> {
  await build();
  const m = readManifest();
  return m !== null && m.failed === undefined && fresh(m);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href && process.argv[2] === "--build") {
  build().catch(() => process.exit(1));
}
