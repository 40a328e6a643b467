import NextAuth from 'next-auth';
import { getAuthOptions } from '@/lib/server/auth/auth-options';

type Ctx = { params: Promise<{ nextauth: string[] }> };

// Options are built on first use (the secret may be read from the data folder), not at build time.
// next-auth 4.24 awaits `context.params` itself (App Router route handler form).
function handler(req: Request, ctx: Ctx) {
  return NextAuth(req as never, ctx as never, getAuthOptions());
}

export { handler as GET, handler as POST };
