/**
 * GET /healthz — "ok", prerendered at build time: for monitoring, and the framework's floor in
 * `npm run bench:load` (a static answer of the same build). Says nothing about the data.
 */
export const dynamic = 'force-static';

export function GET() {
  return new Response('ok\n', { headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
}
