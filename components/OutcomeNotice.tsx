'use client';

import { useEffect, useRef, type ReactNode } from 'react';

/**
 * The outcome of what a person just did (a check-list completed, a referral moved…), shown after
 * the page changed: it takes the focus, so the keyboard carries on from there instead of from the
 * top of the page, and it is a live status, so a screen reader reads it out.
 */
export function OutcomeNotice({
  tone = 'success',
  children,
}: {
  tone?: 'success' | 'info' | 'warning';
  children: ReactNode;
}) {
  const ref = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return (
    <p ref={ref} role="status" tabIndex={-1} className={`notice notice--${tone} outcome-notice`}>
      {children}
    </p>
  );
}
