'use client';

import { useFormStatus } from 'react-dom';

/** A submit button that says when it is working; `accessibleLabel` names it fully for screen readers (e.g. which user). */
export function SubmitButton({
  label,
  pendingLabel,
  accessibleLabel,
  className = 'button',
}: {
  label: string;
  pendingLabel: string;
  accessibleLabel?: string;
  className?: string;
}) {
  const { pending } = useFormStatus();
  return (
    <button type="submit" className={className} disabled={pending} aria-label={accessibleLabel}>
      {pending ? pendingLabel : label}
    </button>
  );
}
