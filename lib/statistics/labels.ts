import { CENTRE_NAMES } from '../referrals/centre-names';

/**
 * Row and column labels of the statistics tables, in the user's language. `t` translates an
 * interface message key, `labels` are the check-list catalogue's labels, `country` names a
 * nationality code.
 */
export interface LabelContext {
  t: (key: string) => string;
  labels: Record<string, string>;
  country: (code: string) => string;
}

export function dimensionLabel(dimension: string, code: string, ctx: LabelContext): string {
  const { t, labels } = ctx;
  switch (dimension) {
    case 'region':
      return labels[`ctx.region=${code}`] ?? code;
    case 'sector':
      return code === 'unknown' ? t('statistics.unknown') : (labels[`ctx.sector=${code}`] ?? code);
    case 'nationality':
      return ctx.country(code);
    case 'sex':
      return t(`inbox.request.sexes.${code}`);
    case 'age_band':
      return t(`statistics.ageBands.${code}`);
    case 'indicator':
      return labels[code] ?? code;
    case 'eu':
      return t(`statistics.eu.${code}`);
    case 'residence':
      return code === 'unanswered' ? t('statistics.unanswered') : (labels[`doc.residence=${code}`] ?? code);
    case 'identity':
      return code === 'unanswered' ? t('statistics.unanswered') : (labels[`doc.identity=${code}`] ?? code);
    case 'centre':
      return CENTRE_NAMES[code] ?? code;
    case 'form':
      return labels[`ctx.forms=${code}`] ?? code;
    case 'minor':
      return t(code === 'minor' ? 'referral.minor' : 'referral.adult');
    case 'service':
      return t(`statistics.services.${code}`);
    case 'status':
      return t(`referral.statuses.${code}`);
    case 'outcome':
    case 'measure':
    case 'time_measure':
    case 'count':
      return t(`statistics.columns.${code}`);
    default:
      return code;
  }
}
