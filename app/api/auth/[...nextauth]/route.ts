import NextAuth from 'next-auth';
import { getAuthOptions } from '@/lib/server/auth/auth-options';
import { clientIpFrom } from '@/lib/server/auth/client-ip';
import { withSingleSignOn } from '@/lib/server/auth/single-sign-on-options';

type Ctx = { params: Promise<{ nextauth: string[] }> };

// Options are built on first use (the secret may be read from the data folder), not at build time;
// the organisations' OpenID providers are added for each request (decision 0032).
// next-auth 4.24 awaits `context.params` itself (App Router route handler form).
function handler(req: Request, ctx: Ctx) {
  const ip = clientIpFrom((name) => req.headers.get(name)) ?? 'unknown';
  return NextAuth(req as never, ctx as never, withSingleSignOn(getAuthOptions(), ip));
}

export { handler as GET, handler as POST };
