import type { useTranslations } from 'next-intl';
import type { Ref } from 'react';

/**
 * Every problem that stops the check-list, each a link that focuses its item (`_form` is a
 * problem with the whole check-list, shown as text). The anchor stays in place, empty, so that
 * focus can be moved to it when the list appears.
 */
export function ErrorSummary({
  ref,
  errors,
  label,
  t,
}: {
  ref: Ref<HTMLDivElement>;
  errors: Record<string, string[]>;
  label: (key: string) => string;
  t: ReturnType<typeof useTranslations>;
}) {
  const errorCodes = Object.keys(errors);
  return (
    <div ref={ref} tabIndex={-1} className="error-summary-anchor">
      {errorCodes.length > 0 ? (
        <div role="alert" className="notice notice--error error-summary">
          <p>{t('checklist.errorSummary', { count: errorCodes.length })}</p>
          <ul>
            {errorCodes.map((code) => (
              <li key={code}>
                {code === '_form' ? (
                  t(errors[code]![0]!)
                ) : (
                  <a
                    href={`#item-${code}`}
                    onClick={(e) => {
                      e.preventDefault();
                      const el = document.getElementById(`item-${code}`);
                      el?.focus();
                      el?.scrollIntoView({ block: 'center' });
                    }}
                  >
                    {code === 'reason' ? t('checklist.correctionReason') : label(code)} :{' '}
                    {errors[code]!.map((k) => t(k)).join(' ')}
                  </a>
                )}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
