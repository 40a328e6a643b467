'use client';

import { signOut } from 'next-auth/react';
import { useState } from 'react';
import { clearDraftStorage } from './checklist/encrypted-draft-storage';
import { clearOfflinePage } from './offline/clear-offline-page';

export function SignOutButton({ label, pendingLabel }: { label: string; pendingLabel: string }) {
  const [pending, setPending] = useState(false);
  return (
    <button
      type="button"
      className="button button--quiet"
      disabled={pending}
      onClick={async () => {
        setPending(true);
        // Browser-side copies (changes waiting to be sent, and their key; the offline form's page) are wiped before the session ends.
        await Promise.all([clearDraftStorage(), clearOfflinePage()]);
        await signOut({ callbackUrl: '/signin?signedOut=1' });
      }}
    >
      {pending ? pendingLabel : label}
    </button>
  );
}
