/**
 * GET /healthz — for monitoring: "ok" (200), or "degraded" (503) when the continuous replication
 * is behind or its state unknown (decision 0028). Anonymous callers get that word only; an
 * administrator of the coordination platform, signed in, gets the replication's details as JSON.
 * Without a session cookie it reads no session and no data (the framework's floor in
 * `npm run bench:load`). Outside the route wrappers: an anonymous answer is its purpose.
 */
import { cookies } from 'next/headers';
import { currentActor } from '@/lib/http/current-actor';
import { sessionCookieName } from '@/lib/server/auth/auth-options';
import { adminScopeIsPlatform, can } from '@/lib/permissions';
import { readReplicationStatus, replicationHealthy } from '@/lib/replication/status';
import { getReplicationStatus } from '@/lib/server/replication/get-replication-status';

export const dynamic = 'force-dynamic';

export async function GET() {
  const status = readReplicationStatus();
  const healthy = replicationHealthy(status);
  const code = healthy ? 200 : 503;
  if ((await cookies()).has(sessionCookieName())) {
    const actor = await currentActor();
    if (
      actor &&
      !actor.mustChangePassword &&
      can(actor.role, 'replication.read') &&
      adminScopeIsPlatform(actor.organisationKind)
    )
      return Response.json(
        { status: healthy ? 'ok' : 'degraded', replication: getReplicationStatus({ actor }) },
        { status: code, headers: { 'Cache-Control': 'no-store' } },
      );
  }
  return new Response(healthy ? 'ok\n' : 'degraded\n', {
    status: code,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' },
  });
}
