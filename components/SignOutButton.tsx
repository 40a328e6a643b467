'use client';

import { signOut } from 'next-auth/react';
import { useState } from 'react';

export function SignOutButton({ label, pendingLabel }: { label: string; pendingLabel: string }) {
  const [pending, setPending] = useState(false);
  return (
    <button
      type="button"
      className="button button--quiet"
      disabled={pending}
      onClick={async () => {
        setPending(true);
        // Browser-side copies (offline drafts) are wiped here before the session ends.
        try {
          window.localStorage.removeItem('relais:drafts');
        } catch {
          /* storage unavailable: nothing to wipe */
        }
        await signOut({ callbackUrl: '/signin?signedOut=1' });
      }}
    >
      {pending ? pendingLabel : label}
    </button>
  );
}
