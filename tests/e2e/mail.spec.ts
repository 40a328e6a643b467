import { expect, test } from '@playwright/test';
import fs from 'node:fs';
import {
  ADULT_ANSWERS,
  DEMO_PASSWORD,
  draft,
  freshDatabase,
  killRelais,
  MINOR_ANSWERS,
  refer,
  setDuty,
  signedIn,
  startRelais,
  TestSmtp,
  transition,
  withDb,
  type ReceivedMail,
  type RelaisServer,
} from './mail-harness';

/**
 * E-mail end to end (decision 0027): a real SMTP server started here (smtp-server, with a user
 * name and password), the production launcher on a database and port of its own (E2E_PORT + 60)
 * whose RELAIS_SMTP_URL points at it, and every message read back from what that server accepted.
 * The escalation and the draft warning are reached by moving the records' timestamps back (the
 * controlled clock): the worker's scan, every second here, finds them as it would hours later.
 */
test.describe.configure({ mode: 'serial' });

const PORT = Number(process.env.E2E_PORT ?? 3100) + 60;
const smtp = new TestSmtp();
let relais: RelaisServer;
let dbFile = '';
let dir = '';

const SURYA = 'duty@surya.test';
const ESPERANTO = 'duty@esperanto.test';
const TUTELLES = 'duty@tutelles.test';
const ON_CALL = 'oncall@cic.test';
const PERSONAL = ['Ion', 'Popescu', 'Amira', 'Kowalczyk', '1990', '2010', 'Nigeria', 'Roumanie', 'Romania'];

/** Waits until the SMTP server accepted a message matching `match` (a few seconds at most). */
async function received(match: (m: ReceivedMail) => boolean, timeout = 15_000): Promise<ReceivedMail> {
  await expect.poll(() => smtp.received.filter(match).length, { timeout }).toBeGreaterThan(0);
  return smtp.received.find(match)!;
}
const about = (id: string) => (m: ReceivedMail) => m.text.includes(`/referrals/${id}`);
const outbox = (where: string, ...params: unknown[]) =>
  withDb(dbFile, (db) =>
    db
      .prepare(`SELECT id, recipient, kind, status, attempts, last_error FROM mail_outbox WHERE ${where}`)
      .all(...params),
  ) as { id: string; recipient: string; kind: string; status: string; attempts: number; last_error: string | null }[];

test.beforeAll(async () => {
  test.setTimeout(120_000);
  await smtp.start();
  ({ dir, dbFile } = freshDatabase());
  setDuty(dbFile, 'surya', [SURYA]);
  setDuty(dbFile, 'esperanto', [ESPERANTO], 'nl');
  setDuty(dbFile, 'tutelles', [TUTELLES]);
  relais = await startRelais({ port: PORT, dbFile, smtpUrl: smtp.url });
});

test.afterAll(async () => {
  if (relais) await killRelais(relais, 'SIGTERM');
  await smtp.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test('the administrators see that e-mail is on and set the coordination on-call address', async ({ page }) => {
  await page.goto(`${relais.baseURL}/signin`);
  await page.getByLabel('Adresse e-mail').fill('admin@demo.relais.be');
  await page.getByLabel('Mot de passe').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Se connecter', exact: true }).click();
  await page.waitForURL(/\/admin\/users/);
  await page.goto(`${relais.baseURL}/admin/mail`);
  await expect(page.getByRole('status').filter({ hasText: 'Les e-mails sont activés' })).toContainText(
    `smtp://127.0.0.1:${smtp.port}`,
  );
  // The credentials of the SMTP URL never reach the screen.
  await expect(page.locator('body')).not.toContainText(smtp.password);
  await page.getByRole('textbox', { name: 'Adresses' }).fill(ON_CALL);
  await page.getByRole('button', { name: 'Enregistrer les adresses' }).click();
  await expect(page.getByText('Adresses enregistrées.')).toBeVisible();
  expect(
    withDb(dbFile, (db) =>
      db
        .prepare(
          'SELECT duty_addresses FROM organisation_mail o JOIN organisations g ON g.id = o.organisation_id WHERE g.code = ?',
        )
        .pluck()
        .get('cic'),
    ),
  ).toBe(ON_CALL);
});

test('a referral reaches the centre duty address within seconds; the referrer hears when the centre acts', async () => {
  const police = await signedIn(relais.baseURL, 'police');
  const id = await refer(police, ADULT_ANSWERS);
  const mail = await received((m) => m.to.includes(SURYA) && about(id)(m));
  expect(mail.kind).toBe('referral_received');
  expect(mail.urgent).toBe(false);
  expect(mail.subject).toMatch(/^Nouvelle orientation R-[0-9A-F]{8} de /);
  for (const word of PERSONAL) expect(`${mail.subject}\n${mail.text}`).not.toContain(word);

  const surya = await signedIn(relais.baseURL, 'surya');
  await transition(surya, id, 'acknowledged', 1);
  await transition(surya, id, 'accepted', 2);
  const accepted = await received(
    (m) => m.to.includes('police@demo.relais.be') && about(id)(m) && /accompagnement/i.test(m.subject),
  );
  expect(accepted.kind).toBe('referral_status');
  expect(accepted.text).toContain('Sürya');
});

test('a minor: Esperanto and the Service des Tutelles, both marked urgent, in their languages', async () => {
  const police = await signedIn(relais.baseURL, 'police');
  const id = await refer(police, { ...MINOR_ANSWERS, 'ctx.region': 'ovl' });
  const centre = await received((m) => m.to.includes(ESPERANTO) && about(id)(m));
  const tutelles = await received((m) => m.to.includes(TUTELLES) && about(id)(m));
  expect(centre.urgent && tutelles.urgent).toBe(true);
  expect(centre.subject).toMatch(/^\[DRINGEND\] Nieuwe doorverwijzing/);
  expect(tutelles.kind).toBe('referral_minor');
  expect(tutelles.subject).toMatch(/^\[URGENT\] Mineur orienté vers Esperanto/);
  for (const m of [centre, tutelles])
    for (const word of PERSONAL) expect(`${m.subject}\n${m.text}`).not.toContain(word);
});

test('overdue: escalated to the centre and the on-call address once the deadline passed (controlled clock)', async () => {
  const police = await signedIn(relais.baseURL, 'police');
  const id = await refer(police, ADULT_ANSWERS);
  await received((m) => m.to.includes(SURYA) && about(id)(m));
  expect(smtp.received.filter((m) => m.kind === 'overdue' && about(id)(m))).toEqual([]);
  // 25 hours ago: an adult's referral unanswered for more than a day.
  withDb(dbFile, (db) =>
    db
      .prepare('UPDATE referrals SET received_at = ? WHERE id = ?')
      .run(new Date(Date.now() - 25 * 3_600_000).toISOString(), id),
  );
  const centre = await received((m) => m.kind === 'overdue' && m.to.includes(SURYA) && about(id)(m));
  const onCall = await received((m) => m.kind === 'overdue' && m.to.includes(ON_CALL) && about(id)(m));
  expect(centre.subject).toMatch(/^\[URGENT\] En retard : R-/);
  expect(onCall.text).toContain('24');
  // The scan keeps running: still one escalation per address.
  await expect
    .poll(() => outbox("kind = 'overdue' AND referral_id = ?", id).every((r) => r.status === 'sent'))
    .toBe(true);
  expect(smtp.received.filter((m) => m.kind === 'overdue' && about(id)(m))).toHaveLength(2);
});

test('a draft untouched for 23 days: its author is warned 7 days before deletion', async () => {
  const police = await signedIn(relais.baseURL, 'police');
  const id = await draft(police, { 'vic.name': 'Ion Popescu' });
  withDb(dbFile, (db) =>
    db
      .prepare('UPDATE checklists SET updated_at = ? WHERE id = ?')
      .run(new Date(Date.now() - 23.2 * 86_400_000).toISOString(), id),
  );
  const warning = await received((m) => m.kind === 'draft_warning' && m.text.includes(`/checklists/${id}`));
  expect(warning.to).toEqual(['police@demo.relais.be']);
  expect(warning.subject).toMatch(/sera supprimé dans 7 jours$/);
  expect(warning.text).not.toContain('Popescu');
});

test('SMTP down: the referral succeeds, the message goes out when SMTP is back; a refused one is retried by an administrator', async ({
  page,
}) => {
  test.setTimeout(90_000);
  await smtp.stop();
  const police = await signedIn(relais.baseURL, 'police');
  const id = await refer(police, ADULT_ANSWERS);
  await expect
    .poll(() => outbox('referral_id = ? AND recipient = ?', id, SURYA)[0]?.last_error ?? '', { timeout: 15_000 })
    .toContain('ECONNREFUSED');
  expect(outbox('referral_id = ?', id)[0]?.status).toBe('pending');
  await smtp.start(smtp.port);
  await received((m) => m.to.includes(SURYA) && about(id)(m), 30_000);
  expect(outbox('referral_id = ? AND recipient = ?', id, SURYA)[0]?.status).toBe('sent');

  // A recipient the SMTP server refuses for good: failed, shown to administrators, sent again from their screen.
  smtp.refuse.add(SURYA);
  const refused = await refer(police, ADULT_ANSWERS);
  await expect.poll(() => outbox('referral_id = ?', refused)[0]?.status, { timeout: 15_000 }).toBe('failed');
  smtp.refuse.delete(SURYA);
  const [row] = outbox('referral_id = ?', refused);
  await page.goto(`${relais.baseURL}/signin`);
  await page.getByLabel('Adresse e-mail').fill('admin@demo.relais.be');
  await page.getByLabel('Mot de passe').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Se connecter', exact: true }).click();
  await page.waitForURL(/\/admin\/users/);
  await page.goto(`${relais.baseURL}/admin/mail`);
  const line = page.locator(`tr[data-mail-id="${row!.id}"]`);
  await expect(line).toContainText('en échec');
  await expect(line).toContainText('550');
  await line.getByRole('button', { name: 'Renvoyer' }).click();
  await received((m) => m.to.includes(SURYA) && about(refused)(m));
  await page.reload();
  await expect(page.locator(`tr[data-mail-id="${row!.id}"]`)).toContainText('envoyé');
});

test('SIGKILL between commit and send: exactly one message after the restart', async () => {
  test.setTimeout(120_000);
  smtp.stallFor.add(SURYA);
  const police = await signedIn(relais.baseURL, 'police');
  const id = await refer(police, ADULT_ANSWERS);
  // The worker has claimed the message and is sending it; the SMTP server has not answered yet.
  await expect.poll(() => smtp.stalled.length, { timeout: 15_000 }).toBeGreaterThan(0);
  const inFlight = smtp.stalled[0]!.messageId;
  expect(outbox('referral_id = ? AND recipient = ?', id, SURYA)[0]?.status).toBe('sending');
  await killRelais(relais, 'SIGKILL');
  for (const s of smtp.stalled) s.release();
  smtp.stalled = [];
  smtp.stallFor.delete(SURYA);
  expect(smtp.received.filter(about(id))).toEqual([]);

  relais = await startRelais({ port: PORT, dbFile, smtpUrl: smtp.url });
  // Sent again once the dead worker's lease ran out (6 s here), with the same Message-ID.
  const mail = await received((m) => m.to.includes(SURYA) && about(id)(m), 30_000);
  expect(mail.messageId).toBe(inFlight);
  await expect.poll(() => outbox('referral_id = ? AND recipient = ?', id, SURYA)[0]?.status).toBe('sent');
  expect(smtp.received.filter((m) => m.messageId === inFlight)).toHaveLength(1);
  // No message of the whole run was accepted twice.
  const ids = smtp.received.map((m) => m.messageId);
  expect(new Set(ids).size).toBe(ids.length);
});
