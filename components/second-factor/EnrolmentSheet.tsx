import { useTranslations } from 'next-intl';

/**
 * What a person needs to set up their authenticator app: the secret to type in (and the
 * otpauth link, which phone apps open), and the ten recovery codes, shown this once. No QR code
 * yet: no QR encoder is among the dependencies (decision 0025).
 */
export function EnrolmentSheet({
  secret,
  uri,
  recoveryCodes,
}: {
  secret: string;
  uri: string;
  recoveryCodes: string[];
}) {
  const t = useTranslations('secondFactor.enrol');
  return (
    <section className="enrolment" aria-labelledby="enrolment-title">
      <h2 id="enrolment-title">{t('title')}</h2>
      <ol>
        <li>
          {t('stepApp')}
          <dl className="facts">
            <dt>{t('secret')}</dt>
            <dd>
              <code data-testid="totp-secret">{secret.replace(/(.{4})/g, '$1 ').trim()}</code>
            </dd>
            <dt>{t('link')}</dt>
            <dd>
              <a href={uri} data-testid="totp-uri">
                {t('openInApp')}
              </a>
            </dd>
          </dl>
        </li>
        <li>
          {t('stepCodes')}
          <ul className="recovery-codes" data-testid="recovery-codes">
            {recoveryCodes.map((c) => (
              <li key={c}>
                <code>{c}</code>
              </li>
            ))}
          </ul>
        </li>
        <li>{t('stepConfirm')}</li>
      </ol>
    </section>
  );
}
