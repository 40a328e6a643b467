'use client';

import { useTranslations } from 'next-intl';
import { OutcomeNotice } from './OutcomeNotice';

/**
 * The form-level message: an error (announced at once) or a confirmation. Given `outcome` (the
 * form's latest state), the message takes the focus after each answer of the server: the button
 * pressed is disabled while it works, and the focus would otherwise drop to the page's body.
 */
export function FormMessage({
  error,
  success,
  fieldErrorCount = 0,
  outcome,
}: {
  error?: string;
  success?: string;
  fieldErrorCount?: number;
  outcome?: unknown;
}) {
  const t = useTranslations();
  if (error || fieldErrorCount > 0) {
    const text = error ? t(error) : t('errors.formHasErrors', { count: fieldErrorCount });
    if (outcome !== undefined)
      return (
        <OutcomeNotice tone="error" focusKey={outcome}>
          {text}
        </OutcomeNotice>
      );
    return (
      <div role="alert" className="notice notice--error" tabIndex={-1}>
        {text}
      </div>
    );
  }
  if (success) {
    if (outcome !== undefined) return <OutcomeNotice focusKey={outcome}>{success}</OutcomeNotice>;
    return (
      <div role="status" className="notice notice--success">
        {success}
      </div>
    );
  }
  return null;
}
