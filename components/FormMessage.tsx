'use client';

import { useTranslations } from 'next-intl';

/** The form-level message: an error (announced at once) or a confirmation. */
export function FormMessage({
  error,
  success,
  fieldErrorCount = 0,
}: {
  error?: string;
  success?: string;
  fieldErrorCount?: number;
}) {
  const t = useTranslations();
  if (error || fieldErrorCount > 0) {
    return (
      <div role="alert" className="notice notice--error" tabIndex={-1}>
        {error ? t(error) : t('errors.formHasErrors', { count: fieldErrorCount })}
      </div>
    );
  }
  if (success) {
    return (
      <div role="status" className="notice notice--success">
        {success}
      </div>
    );
  }
  return null;
}
