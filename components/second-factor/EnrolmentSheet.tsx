import { useTranslations } from 'next-intl';

/**
 * What a person needs to set up their authenticator app: a QR code of the otpauth link for the
 * app's camera, the same secret as text to type in (and the link, which phone apps open), and
 * the ten recovery codes, shown this once. The QR code is SVG drawn on the server from the
 * link alone (decision 0025): no image request, nothing sent elsewhere.
 */
export function EnrolmentSheet({
  secret,
  uri,
  qrSvg,
  recoveryCodes,
}: {
  secret: string;
  uri: string;
  qrSvg: string;
  recoveryCodes: string[];
}) {
  const t = useTranslations('secondFactor.enrol');
  return (
    <section className="enrolment" aria-labelledby="enrolment-title">
      <h2 id="enrolment-title">{t('title')}</h2>
      <ol>
        <li>
          {t('stepScan')}
          <div
            className="qr-code"
            role="img"
            aria-label={t('qrLabel')}
            data-testid="totp-qr"
            // Markup of the qrcode package from the otpauth link: paths only, no script, no link.
            dangerouslySetInnerHTML={{ __html: qrSvg }}
          />
        </li>
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
