import { NextIntlClientProvider } from 'next-intl';
import { getMessages } from 'next-intl/server';

/** Namespaces every client component may use (labels of fields, form errors, the error page). */
export const BASE_CLIENT_NAMESPACES = ['common', 'errors', 'serverError'];

/**
 * Gives the client components below it the message namespaces they use — and only those: the
 * whole catalogue (~40 kB per language) would otherwise travel with every page.
 */
export async function ClientMessages({ namespaces, children }: { namespaces: string[]; children: React.ReactNode }) {
  const messages = (await getMessages()) as Record<string, unknown>;
  const picked = Object.fromEntries(
    [...BASE_CLIENT_NAMESPACES, ...namespaces].filter((n) => n in messages).map((n) => [n, messages[n]]),
  );
  return <NextIntlClientProvider messages={picked}>{children}</NextIntlClientProvider>;
}
