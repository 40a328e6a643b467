'use client';

import { useRouter } from 'next/navigation';
import { useEffect } from 'react';

/** Keeps a page current without anyone asking: re-renders it from the server every few seconds while visible. */
export function LiveRefresh({ seconds = 10 }: { seconds?: number }) {
  const router = useRouter();
  useEffect(() => {
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') router.refresh();
    }, seconds * 1000);
    return () => clearInterval(timer);
  }, [router, seconds]);
  return null;
}
