/**
 * Which address a request comes from, for the per-address sign-in limit and the audit trail.
 *
 * A client can write anything in `X-Forwarded-For`, and Next.js adds the socket address to that
 * header only when the request has none, so no entry of it can be trusted on its own. The
 * address is the socket's; behind reverse proxies, RELAIS_TRUSTED_PROXIES says how many proxies
 * stand between the clients and this server: the socket peer is then the last of them, and the
 * entry that proxies wrote for the client is the N-th from the right of `X-Forwarded-For`
 * (each proxy appends the address of its own peer; what a client sent stays on the left).
 *
 * Plain JavaScript: the production server preloads it into each worker before Next.js loads
 * (client-address-preload.mjs), and the application reads the result from one request header.
 */
import { isIP } from 'node:net';

/** The request header that carries the address; set by the server, never taken from a client. */
export const CLIENT_ADDRESS_HEADER = 'x-relais-client-ip';

/** Present on the global object only in a process whose HTTP server sets the header. */
const STAMPED = Symbol.for('relais.client-address-stamped');

/** More proxies than this in front of one application is a mistyped setting, not a network. */
const MAX_TRUSTED_PROXIES = 10;

/**
 * RELAIS_TRUSTED_PROXIES as a number: unset or empty is 0 (no proxy: the socket address).
 * Anything else than a whole number from 0 to 10 is refused, so that a mistyped setting stops
 * the server instead of trusting the wrong entry.
 */
export function trustedProxyCount(value) {
  if (value === undefined || value === null || String(value).trim() === '') return 0;
  const text = String(value).trim();
  const n = Number(text);
  if (!/^\d+$/.test(text) || n > MAX_TRUSTED_PROXIES) {
    throw new Error(
      `RELAIS_TRUSTED_PROXIES must be the number of trusted reverse proxies (0 to ${MAX_TRUSTED_PROXIES}), not ${JSON.stringify(text)}`,
    );
  }
  return n;
}

/**
 * An address as the audit trail shows it: an IPv4 address that reached a dual-stack socket as
 * `::ffff:a.b.c.d` is written a.b.c.d; a port some proxies add is dropped. Not an address: null.
 */
export function normaliseAddress(raw) {
  if (typeof raw !== 'string') return null;
  let a = raw.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(a);
  if (bracketed) a = bracketed[1];
  const v4WithPort = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(a);
  if (v4WithPort) a = v4WithPort[1];
  a = a.toLowerCase();
  if (a.startsWith('::ffff:') && isIP(a.slice(7)) === 4) a = a.slice(7);
  return isIP(a) ? a : null;
}

/**
 * The client's address: with no trusted proxy, the socket's (`X-Forwarded-For` is ignored
 * whole); with N, the N-th entry from the right of `X-Forwarded-For`. A shorter list means the
 * request met fewer proxies than N: its first entry was then written by a trusted proxy. When
 * the header is absent (a request from the proxy host itself) or the entry is not an address,
 * the socket's address.
 */
export function clientAddress({ socketAddress, forwardedFor, trustedProxies }) {
  const socket = normaliseAddress(socketAddress);
  if (!trustedProxies) return socket;
  const joined = Array.isArray(forwardedFor) ? forwardedFor.join(',') : (forwardedFor ?? '');
  const hops = joined
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (hops.length === 0) return socket;
  return normaliseAddress(hops[Math.max(0, hops.length - trustedProxies)]) ?? socket;
}

/**
 * Replaces whatever the client sent as CLIENT_ADDRESS_HEADER with the address of `req`
 * (a node:http IncomingMessage), in `headers` and in `rawHeaders` alike.
 */
export function stampClientAddress(req, trustedProxies) {
  const address = clientAddress({
    socketAddress: req.socket?.remoteAddress,
    forwardedFor: req.headers['x-forwarded-for'],
    trustedProxies,
  });
  const raw = req.rawHeaders;
  const kept = [];
  for (let i = 0; i + 1 < raw.length; i += 2) {
    if (raw[i].toLowerCase() !== CLIENT_ADDRESS_HEADER) kept.push(raw[i], raw[i + 1]);
  }
  if (address) kept.push(CLIENT_ADDRESS_HEADER, address);
  raw.splice(0, raw.length, ...kept);
  delete req.headers[CLIENT_ADDRESS_HEADER];
  if (address) req.headers[CLIENT_ADDRESS_HEADER] = address;
  return address;
}

export function markStamped() {
  globalThis[STAMPED] = true;
}

/**
 * Whether this process sets the header itself. Under `next dev`, or `next start` run without
 * the production launcher, nothing removes a header a client sent: it must not be believed.
 */
export function isStamped() {
  return globalThis[STAMPED] === true;
}
