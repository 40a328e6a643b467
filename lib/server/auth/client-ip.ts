/**
 * The client address for the audit trail and the per-address limit. Next's server appends
 * the socket address to `x-forwarded-for`, so the last entry is the one a client cannot forge.
 * Behind a trusted reverse proxy, RELAIS_TRUSTED_PROXIES tells how many entries the proxies
 * appended after the client's.
 */
export function clientIpFrom(header: (name: string) => string | null): string | null {
  const xff = header('x-forwarded-for');
  if (!xff) return null;
  const hops = xff.split(',').map((s) => s.trim()).filter(Boolean);
  const trusted = Math.max(0, Number(process.env.RELAIS_TRUSTED_PROXIES ?? 0) || 0);
  const ip = hops[Math.max(0, hops.length - 1 - trusted)] ?? null;
  return ip ? ip.slice(0, 64) : null;
}
