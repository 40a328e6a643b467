import { CLIENT_ADDRESS_HEADER, isStamped } from '../../runtime/client-address.mjs';

/**
 * The client address for the audit trail and the per-address sign-in limit. Route handlers and
 * server components cannot see the socket: the production server sets CLIENT_ADDRESS_HEADER on
 * every request from the socket (and the reverse proxies RELAIS_TRUSTED_PROXIES trusts), after
 * throwing away any value the client sent (lib/runtime/client-address.mjs).
 * `X-Forwarded-For` is never read here: its entries are whatever the client wrote.
 *
 * Null when the process does not set the header (`next dev`, or `next start` without the
 * production launcher), since a client could then write it.
 */
export function clientIpFrom(header: (name: string) => string | null): string | null {
  if (!isStamped()) return null;
  const value = header(CLIENT_ADDRESS_HEADER)?.trim();
  return value ? value.slice(0, 64) : null;
}
