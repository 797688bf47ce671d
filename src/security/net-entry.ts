// Net grant entries and request hosts (stdlib.md §11.4.1): `host`, `host:port`, `[ipv6]`,
// `[ipv6]:port`, compared after WHATWG URL host serialisation (lowercase, IDNA to punycode,
// IPv4 canonical form) without a trailing dot. No wildcards, no DNS.

export interface NetEntry {
  /** Serialised host (`example.com`, `127.0.0.1`, `[::1]`). */
  readonly host: string;
  /** null: every port of the host. */
  readonly port: number | null;
}

const BRACKETED = /^(\[[^\]]*\])(?::([0-9]+))?$/;
const PLAIN = /^([^:[\]]+)(?::([0-9]+))?$/;

/** Why a net entry is malformed, or null. Messages as the CLI prints them. */
export function netEntryProblem(entry: string): string | null {
  const m = BRACKETED.exec(entry) ?? PLAIN.exec(entry);
  if (m === null || serialiseHost(m[1]) === null) return `'${entry}' is not a host, host:port, [ipv6] or [ipv6]:port`;
  if (m[2] !== undefined && parsePort(m[2]) === null) return `'${entry}' has an invalid port`;
  return null;
}

/** The normalised entry, or null when malformed. */
export function normaliseNetEntry(entry: string): NetEntry | null {
  const m = BRACKETED.exec(entry) ?? PLAIN.exec(entry);
  if (m === null) return null;
  const host = serialiseHost(m[1]);
  if (host === null) return null;
  if (m[2] === undefined) return { host, port: null };
  const port = parsePort(m[2]);
  return port === null ? null : { host, port };
}

function parsePort(digits: string): number | null {
  if (digits.length > 5) return null;
  const n = Number(digits);
  return n >= 1 && n <= 65535 ? n : null;
}

/** WHATWG serialisation of a bare host, without a trailing dot; null if it is not one. */
export function serialiseHost(host: string): string | null {
  if (host === "" || /[/?#@\\\s%]/.test(host)) return null;
  let u: URL;
  try {
    u = new URL(`http://${host}/`);
  } catch {
    return null;
  }
  if (u.username !== "" || u.password !== "" || u.port !== "" || u.pathname !== "/") return null;
  return stripDot(u.hostname);
}

export function stripDot(hostname: string): string {
  return hostname.endsWith(".") && hostname.length > 1 ? hostname.slice(0, -1) : hostname;
}

/** The host and effective port a URL connects to (§11.4.1); the URL must be http(s). */
export function urlTarget(u: URL): NetEntry & { readonly port: number } {
  const port = u.port !== "" ? Number(u.port) : u.protocol === "https:" ? 443 : 80;
  return { host: stripDot(u.hostname), port };
}

/** `host:port` as shown in denial messages and suggested flags. */
export function targetText(t: { host: string; port: number }): string {
  return `${t.host}:${t.port}`;
}
