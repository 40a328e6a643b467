import { CENTRE_NAMES } from '../referrals/centre-names';
import { ROW_PART_SEPARATOR } from './tables';

/**
 * Row and column labels of the statistics tables, in the user's language. `t` translates an
 * interface message key, `labels` are the check-list catalogue's labels, `country` names a
 * nationality code.
 */
export interface LabelContext {
  t: (key: string) => string;
  labels: Record<string, string>;
  country: (code: string) => string;
  /** The user's formatting locale (BCP 47), for percentages and alphabetical order; fr-BE when absent. */
  locale?: string;
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
      // The report's column and row headers ("Hommes", "Femmes").
      return t(`statistics.layout.sexes.${code}`);
    case 'region_nationality': {
      const [region, nationality] = code.split(ROW_PART_SEPARATOR) as [string, string];
      return `${labels[`ctx.region=${region}`] ?? region} — ${ctx.country(nationality)}`;
    }
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
      // The report's headers ("Exploitation économique"), shorter than the check-list's items.
      return t(`statistics.layout.forms.${code}`);
    case 'minor':
      return t(`statistics.layout.minor.${code}`);
    case 'service':
      return t(`statistics.services.${code}`);
    case 'status':
      return t(`referral.statuses.${code}`);
    case 'outcome':
      return t(`statistics.layout.outcomes.${code}`);
    case 'measure':
    case 'time_measure':
    case 'count':
      return t(`statistics.columns.${code}`);
    default:
      return code;
  }
}
