'use client';

import { useEffect, useRef, type ReactNode } from 'react';

/**
 * The outcome of what a person just did (a check-list completed, a referral moved, a setting
 * saved…), shown after the page changed: it takes the focus, so the keyboard carries on from
 * there instead of from the top of the page (or from nowhere, when the button pressed has gone),
 * and it is a live region, so a screen reader reads it out. A refusal is an alert.
 *
 * It takes the focus when it appears, and again each time `focusKey` changes: a form that stays
 * on the page passes its latest answer, so a second save is announced like the first.
 */
export function OutcomeNotice({
  tone = 'success',
  focusKey,
  children,
}: {
  tone?: 'success' | 'info' | 'warning' | 'error';
  focusKey?: unknown;
  children: ReactNode;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, [focusKey]);
  return (
    <div
      ref={ref}
      role={tone === 'error' ? 'alert' : 'status'}
      tabIndex={-1}
      className={`notice notice--${tone} outcome-notice`}
      data-testid="outcome"
    >
      {children}
    </div>
  );
}
