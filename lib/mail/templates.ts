import { createTranslator } from 'next-intl';
import de from '../i18n/messages/de.json';
import en from '../i18n/messages/en.json';
import fr from '../i18n/messages/fr.json';
import nl from '../i18n/messages/nl.json';
import { FORMAT_LOCALE, isLocale, type Locale } from '../i18n/locales';
import { BRUSSELS } from '../time';

/**
 * The e-mails Relais sends (decision 0027). A message carries only what lets its reader act:
 * the organisations, the case label (lib/referrals/case-label.ts), a status or a deadline, and a
 * link into Relais — never a person's name, nationality, birth date, contact or notes. The
 * parameters are a closed list (`MailParams`): a template cannot reach anything else.
 */
export const MAIL_KINDS = [
  'referral_received',
  'referral_minor',
  'referral_status',
  'overdue',
  'draft_warning',
  'security',
  'digest',
] as const;
export type MailKind = (typeof MAIL_KINDS)[number];

export const SECURITY_EVENTS = ['password_changed', 'role_changed', 'second_factor_changed', 'new_sign_in'] as const;
export type SecurityEvent = (typeof SECURITY_EVENTS)[number];

/** Everything a template may show. Adding a field here is a decision about what leaves Relais. */
export interface MailParams {
  /** Path inside Relais the message links to (e.g. `/referrals/<id>`). */
  path: string;
  /** The organisation that referred, and the receiving centre (their names). */
  organisation?: string;
  centre?: string;
  caseLabel?: string;
  /** A referral status code (its label is translated). */
  status?: string;
  minor?: boolean;
  hours?: number;
  /** A draft's label, its last change and deletion days (YYYY-MM-DD) and days left. */
  label?: string;
  since?: string;
  deleteOn?: string;
  days?: number;
  event?: SecurityEvent;
  role?: string;
  /** The recipient is an organisation's duty address (its name), not a person. */
  dutyOrganisation?: string;
  /** A digest's entries: each one a message's subject and link. */
  items?: { subject: string; path: string }[];
  day?: string;
}

export interface MailContent {
  subject: string;
  text: string;
  html: string;
}

const CATALOGUES = { fr, nl, de, en } as const;

function makeTranslator(locale: Locale) {
  return createTranslator({ locale: FORMAT_LOCALE[locale], messages: CATALOGUES[locale] });
}
/** One translator per language: it keeps the messages it has parsed (the worker renders thousands). */
const translators = new Map<Locale, ReturnType<typeof makeTranslator>>();
function translator(locale: Locale) {
  let t = translators.get(locale);
  if (!t) translators.set(locale, (t = makeTranslator(locale)));
  return t;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A YYYY-MM-DD day written as the recipient's language writes dates. */
function longDay(day: string, locale: Locale): string {
  return new Intl.DateTimeFormat(FORMAT_LOCALE[locale], { dateStyle: 'long', timeZone: BRUSSELS }).format(
    new Date(`${day}T12:00:00Z`),
  );
}

/** The subject and paragraphs of one message (no link, no footer). */
function parts(
  kind: MailKind,
  p: MailParams,
  locale: Locale,
): { subject: string; paragraphs: string[]; list?: { subject: string; path: string }[] } {
  const t = translator(locale);
  const status = p.status ? t(`referral.statuses.${p.status}` as never) : '';
  const v = {
    organisation: p.organisation ?? '',
    centre: p.centre ?? '',
    caseLabel: p.caseLabel ?? '',
  };
  switch (kind) {
    case 'referral_received':
      return {
        subject: t('mail.referralReceived.subject', v),
        paragraphs: [
          t('mail.referralReceived.body', v),
          p.minor ? t('mail.referralReceived.minor') : t('mail.referralReceived.adult'),
        ],
      };
    case 'referral_minor':
      return { subject: t('mail.referralMinor.subject', v), paragraphs: [t('mail.referralMinor.body', v)] };
    case 'referral_status':
      return {
        subject: t('mail.referralStatus.subject', { ...v, status }),
        paragraphs: [t('mail.referralStatus.body', { ...v, status })],
      };
    case 'overdue':
      return {
        subject: t('mail.overdue.subject', v),
        paragraphs: [t('mail.overdue.body', { ...v, hours: p.hours ?? 24 })],
      };
    case 'draft_warning': {
      const w = {
        label: p.label ?? '',
        days: p.days ?? 0,
        since: p.since ? longDay(p.since, locale) : '',
        deleteOn: p.deleteOn ? longDay(p.deleteOn, locale) : '',
      };
      return { subject: t('mail.draftWarning.subject', w), paragraphs: [t('mail.draftWarning.body', w)] };
    }
    case 'security': {
      const event = p.event ?? 'password_changed';
      const role = p.role ? t(`mail.roles.${p.role}` as never) : '';
      return {
        subject: t(`mail.security.${event}.subject`),
        paragraphs: [t(`mail.security.${event}.body`, { role }), t('mail.common.mandatory')],
      };
    }
    case 'digest': {
      const items = p.items ?? [];
      return {
        subject: t('mail.digest.subject', { count: items.length, day: p.day ? longDay(p.day, locale) : '' }),
        paragraphs: [t('mail.digest.body')],
        list: items,
      };
    }
  }
}

/**
 * Renders one message in the recipient's language: plain text and simple HTML with the same
 * content. `baseUrl` is the server's public address (links are absolute in an e-mail).
 */
export function renderMail(
  message: { kind: MailKind; locale: string; params: MailParams; urgent: boolean },
  { baseUrl }: { baseUrl: string },
): MailContent {
  const locale: Locale = isLocale(message.locale) ? message.locale : 'fr';
  const t = translator(locale);
  const base = baseUrl.replace(/\/+$/, '');
  const link = `${base}${message.params.path}`;
  const { subject: bare, paragraphs, list } = parts(message.kind, message.params, locale);
  const subject = message.urgent ? `[${t('mail.common.urgent')}] ${bare}` : bare;
  const footer = [
    t('mail.common.footer'),
    message.params.dutyOrganisation
      ? t('mail.common.footerDuty', { organisation: message.params.dutyOrganisation })
      : t('mail.common.footerPerson', { link: `${base}/account` }),
  ];
  const listText = (list ?? []).map((i) => `- ${i.subject}\n  ${base}${i.path}`);
  const body = [...paragraphs, ...(listText.length > 0 ? [listText.join('\n')] : []), t('mail.common.open', { link })];
  // "-- " on its own line: mail readers show what follows as a signature.
  const text = `${body.join('\n\n')}\n\n-- \n${footer.join('\n')}\n`;
  const h = escapeHtml;
  const listHtml =
    list && list.length > 0
      ? `<ul>${list.map((i) => `<li><a href="${h(base + i.path)}">${h(i.subject)}</a></li>`).join('')}</ul>`
      : '';
  const html = [
    `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><title>${h(subject)}</title></head>`,
    '<body style="font-family:sans-serif;line-height:1.5;color:#1a1a1a;max-width:40em">',
    message.urgent ? `<p><strong style="color:#a00000">${h(t('mail.common.urgent'))}</strong></p>` : '',
    ...paragraphs.map((x) => `<p>${h(x)}</p>`),
    listHtml,
    `<p><a href="${h(link)}">${h(t('mail.common.openButton'))}</a></p>`,
    `<hr><p style="font-size:small;color:#555">${footer.map(h).join('<br>')}</p>`,
    '</body></html>',
  ].join('');
  return { subject, text, html };
}

/** The subject alone (a digest lists its entries by subject). */
export function mailSubject(message: { kind: MailKind; locale: string; params: MailParams; urgent: boolean }): string {
  return renderMail(message, { baseUrl: '' }).subject;
}
