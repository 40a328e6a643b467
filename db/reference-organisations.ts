import type { OrganisationKind } from '../lib/roles';

/**
 * The real organisations of the Belgian referral mechanism (docs/domain/access.md, report ch. 8),
 * keyed by a stable code. The ten ONSS provincial directions match the `ctx.region` codes.
 */
/** Detecting service (ctx.service) of a referring organisation. */
export function serviceOf(code: string, kind: OrganisationKind): string | null {
  if (kind === 'police') return code === 'police-djsoc-teh' ? 'police_federal' : 'police_local';
  if (kind === 'onss' || kind === 'cls' || kind === 'guardianship') return kind;
  return null;
}

export const REFERENCE_ORGANISATIONS: { code: string; name: string; kind: OrganisationKind }[] = [
  { code: 'police-bru-ixelles', name: 'Zone de police Bruxelles-Capitale/Ixelles', kind: 'police' },
  { code: 'police-antwerpen', name: 'Politiezone Antwerpen', kind: 'police' },
  { code: 'police-liege', name: 'Zone de police de Liège', kind: 'police' },
  { code: 'police-gent', name: 'Politiezone Gent', kind: 'police' },
  { code: 'police-djsoc-teh', name: 'Police fédérale — DJSOC, service Traite des êtres humains', kind: 'police' },
  { code: 'onss-wvl', name: 'ONSS — Direction provinciale Flandre occidentale', kind: 'onss' },
  { code: 'onss-ovl', name: 'ONSS — Direction provinciale Flandre orientale', kind: 'onss' },
  { code: 'onss-ant', name: 'ONSS — Direction provinciale Anvers', kind: 'onss' },
  { code: 'onss-lim', name: 'ONSS — Direction provinciale Limbourg', kind: 'onss' },
  { code: 'onss-hai', name: 'ONSS — Direction provinciale Hainaut', kind: 'onss' },
  { code: 'onss-nam_lux', name: 'ONSS — Direction provinciale Namur-Luxembourg', kind: 'onss' },
  { code: 'onss-lie', name: 'ONSS — Direction provinciale Liège', kind: 'onss' },
  { code: 'onss-vbr', name: 'ONSS — Direction provinciale Brabant flamand', kind: 'onss' },
  { code: 'onss-bru', name: 'ONSS — Direction provinciale Bruxelles', kind: 'onss' },
  { code: 'onss-bwa', name: 'ONSS — Direction provinciale Brabant wallon', kind: 'onss' },
  { code: 'cls', name: 'Contrôle des lois sociales (CLS)', kind: 'cls' },
  { code: 'tutelles', name: 'Service des Tutelles', kind: 'guardianship' },
  { code: 'pag-asa', name: 'PAG-ASA', kind: 'centre' },
  { code: 'payoke', name: 'Payoke', kind: 'centre' },
  { code: 'surya', name: 'Sürya', kind: 'centre' },
  { code: 'esperanto', name: 'Esperanto', kind: 'centre' },
  { code: 'cic', name: 'Cellule interdépartementale de coordination (CIC)', kind: 'coordination' },
  { code: 'spc', name: 'Service de la Politique criminelle (SPC)', kind: 'coordination' },
  { code: 'myria', name: 'Myria — Centre fédéral Migration', kind: 'coordination' },
];

export const DEMO_PASSWORD = 'Relais-demo-2026';

/** Demo users (decision 0007): other checks rely on these e-mails. */
export const DEMO_USERS: {
  email: string;
  name: string;
  role: 'referrer' | 'centre_staff' | 'coordinator' | 'admin';
  organisation: string;
}[] = [
  {
    email: 'police@demo.relais.be',
    name: 'Inspecteur Demo (police)',
    role: 'referrer',
    organisation: 'police-bru-ixelles',
  },
  { email: 'onss@demo.relais.be', name: 'Inspectrice Demo (ONSS)', role: 'referrer', organisation: 'onss-bru' },
  { email: 'cls@demo.relais.be', name: 'Inspecteur Demo (CLS)', role: 'referrer', organisation: 'cls' },
  { email: 'tutelles@demo.relais.be', name: 'Tutelles Demo', role: 'referrer', organisation: 'tutelles' },
  { email: 'pagasa@demo.relais.be', name: 'PAG-ASA Demo', role: 'centre_staff', organisation: 'pag-asa' },
  { email: 'payoke@demo.relais.be', name: 'Payoke Demo', role: 'centre_staff', organisation: 'payoke' },
  { email: 'surya@demo.relais.be', name: 'Sürya Demo', role: 'centre_staff', organisation: 'surya' },
  { email: 'esperanto@demo.relais.be', name: 'Esperanto Demo', role: 'centre_staff', organisation: 'esperanto' },
  { email: 'coordination@demo.relais.be', name: 'Coordination Demo', role: 'coordinator', organisation: 'cic' },
  { email: 'admin@demo.relais.be', name: 'Administrateur Demo', role: 'admin', organisation: 'cic' },
];
