import { NextResponse, type NextRequest } from 'next/server';

/**
 * Runs before every request: a fresh CSP nonce (Next.js reads it from the request's CSP header
 * and puts it on its own scripts, so no inline script runs without it), and the path for the
 * server components (redirect targets, audit). Authorization is NOT done here: every page,
 * action and route handler checks the actor itself (docs/decisions/0001-layers-and-data-access.md).
 */
export function proxy(request: NextRequest) {
  const refused = refusedServerAction(request);
  if (refused) return refused;
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(18))).toString('base64');
  const dev = process.env.NODE_ENV === 'development';
  const csp = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    // React and Next set style attributes; no inline script is allowed, inline style is.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "frame-src 'none'",
    "worker-src 'self'",
    "manifest-src 'self'",
  ].join('; ');

  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('x-nonce', nonce);
  requestHeaders.set('content-security-policy', csp);
  // Overwritten on every request, so a client cannot choose what the server believes the path is.
  requestHeaders.set('x-relais-path', request.nextUrl.pathname + request.nextUrl.search);

  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set('Content-Security-Policy', csp);
  return response;
}

/** Server actions accept bodies up to 1 MB (Next.js' default, kept). */
const ACTION_BODY_LIMIT = 1024 * 1024;

/**
 * A server action call Next.js would refuse anyway, answered here with a 4xx that says why
 * instead of Next.js' 500 (and without the body reaching the log): a foreign or `null` Origin
 * (cross-site request forgery; browsers send the page's origin with every fetch) and a body over
 * the limit. An action call without Origin (a direct POST, not a browser) goes on: the action
 * authenticates and validates on its own.
 */
function refusedServerAction(request: NextRequest): NextResponse | null {
  if (request.method !== 'POST' || !request.headers.has('next-action')) return null;
  const origin = request.headers.get('origin');
  if (origin !== null) {
    const host = request.headers.get('x-forwarded-host') ?? request.headers.get('host');
    let originHost: string | null = null;
    try {
      originHost = origin === 'null' ? null : new URL(origin).host;
    } catch {
      originHost = null;
    }
    if (!originHost || originHost !== host) return refusal(403, 'cross-origin request refused');
  }
  if (Number(request.headers.get('content-length') ?? 0) > ACTION_BODY_LIMIT)
    return refusal(413, 'request body over 1 MB refused');
  return null;
}

function refusal(status: number, message: string): NextResponse {
  return new NextResponse(`${message}\n`, {
    status,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' },
  });
}

export const config = {
  matcher: [
    {
      // Not the CSV import: Next.js buffers a body for the proxy and passes the route handler only
      // its first 10 MB (proxyClientMaxBodySize), so an upload of 11 MB would arrive cut short. The
      // import answers JSON (no page, no nonce) and reads its body itself, up to its own limit.
      // The centre requests' import takes files of the same size, for the same reason.
      source: '/((?!_next/static|_next/image|favicon.ico|api/v1/checklists/import|api/v1/centre-requests/import).*)',
    },
  ],
};
