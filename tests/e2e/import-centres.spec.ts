import { randomUUID } from 'node:crypto';
import { expect, test } from './fixtures';

const HEADER =
  'centre,received_on,source,sex,age,minor,nationality,forms,case_type,outcome,outcome_reason,outcome_on,note';

test.describe('import of centres’ earlier requests over HTTP', () => {
  test('a coordinator imports a good file once; the same file again is refused by row and imports nothing', async ({
    page,
    signInAs,
  }) => {
    await signInAs({ role: 'coordinator', organisation: 'spc' });
    // A note of its own, so that this run's rows are new whatever ran before.
    const note = `e2e ${randomUUID()}`;
    const file = [
      HEADER,
      `pag-asa,2013-03-04,ngo,f,27,,RO,sexual,thb,accepted,,2013-03-06,${note}`,
      `esperanto,2013-05-10,child_focus,m,15,,AF,begging,thb,lost_contact,,2013-06-01,${note}`,
      '',
    ].join('\n');
    const send = (body: string) =>
      page.request.post('/api/v1/centre-requests/import', { headers: { 'Content-Type': 'text/csv' }, data: body });

    const first = await send(file);
    expect(first.status()).toBe(200);
    expect(await first.json()).toEqual({ imported: 2, rows: 2 });

    // The same rows, written with Windows line endings and no trailing newline.
    const again = await send(file.replace(/\n/g, '\r\n').replace(/\r\n$/, ''));
    expect(again.status()).toBe(422);
    const refused = (await again.json()) as { errorCount: number; errors: { row: number; key: string }[] };
    expect(refused.errorCount).toBe(2);
    expect(refused.errors.map((e) => [e.row, e.key])).toEqual([
      [2, 'errors.import.alreadyImported'],
      [3, 'errors.import.alreadyImported'],
    ]);
  });

  test('a centre’s staff cannot import another centre’s rows', async ({ page, signInAs }) => {
    await signInAs({ role: 'centre_staff', organisation: 'surya' });
    const answer = await page.request.post('/api/v1/centre-requests/import', {
      headers: { 'Content-Type': 'text/csv' },
      data: `${HEADER}\npayoke,2013-01-02,ngo,f,30,,RO,sexual,thb,,,,e2e ${randomUUID()}\n`,
    });
    expect(answer.status()).toBe(422);
    const body = (await answer.json()) as { errors: { row: number; column: string; key: string }[] };
    expect(body.errors).toEqual([
      expect.objectContaining({ row: 2, column: 'centre', key: 'errors.import.otherCentre' }),
    ]);
  });

  test('on the Import page, a centre’s staff imports with the centres’ form; a coordinator has both forms', async ({
    page,
    signInAs,
    person,
  }) => {
    await signInAs({ role: 'centre_staff', organisation: 'surya' });
    await page.goto('/import');
    await expect(page.getByRole('heading', { level: 2 })).toHaveText(['Demandes et accompagnements des centres']);
    await expect(page.getByLabel('Fichier CSV')).toHaveCount(0);
    await page.getByLabel('Fichier des demandes (CSV)').setInputFiles({
      name: 'surya.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(
        `${HEADER}\nsurya,2012-04-02,outreach,f,33,,BR,sexual,thb,accepted,,2012-04-03,e2e ${randomUUID()}\n`,
      ),
    });
    await page.getByRole('button', { name: 'Importer les demandes' }).click();
    await expect(page.getByRole('alert').filter({ hasText: '1 demande importée.' })).toBeVisible();

    const coordinator = await person({ role: 'coordinator', organisation: 'spc' });
    await coordinator.page.goto('/import');
    await expect(coordinator.page.getByRole('heading', { level: 2 })).toHaveText([
      'Check-lists',
      'Demandes et accompagnements des centres',
    ]);
    // One form each, each found by its own name.
    await expect(coordinator.page.getByLabel('Fichier CSV')).toHaveCount(1);
    await expect(coordinator.page.getByLabel('Fichier des demandes (CSV)')).toHaveCount(1);
    await expect(coordinator.page.getByRole('button', { name: 'Vérifier et importer' })).toHaveCount(1);
  });
});
