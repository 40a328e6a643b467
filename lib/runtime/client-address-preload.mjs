/**
 * Preloaded into every worker of the production server (serve.mjs, `node --import`), before
 * Next.js creates its HTTP server: each request gets the header `x-relais-client-ip` from its
 * socket (and from the proxies RELAIS_TRUSTED_PROXIES trusts) before any code of Next.js or of
 * the application sees it, and a value sent by the client is thrown away. Route handlers and
 * server components cannot see the socket; they read that header (lib/server/auth/client-ip.ts).
 */
import http from 'node:http';
import { markStamped, stampClientAddress, trustedProxyCount } from './client-address.mjs';

// Read once: a mistyped value stops the worker at start rather than trusting the wrong entry.
const trustedProxies = trustedProxyCount(process.env.RELAIS_TRUSTED_PROXIES);

// Every event that hands a new request to the server's listeners ('checkContinue' and
// 'checkExpectation' replace 'request' for an `Expect` header when someone listens to them).
const REQUEST_EVENTS = new Set(['request', 'checkContinue', 'checkExpectation', 'upgrade']);

const emit = http.Server.prototype.emit;
http.Server.prototype.emit = function emitWithClientAddress(event, ...args) {
  if (REQUEST_EVENTS.has(event) && args[0] instanceof http.IncomingMessage) stampClientAddress(args[0], trustedProxies);
  return emit.call(this, event, ...args);
};
markStamped();
