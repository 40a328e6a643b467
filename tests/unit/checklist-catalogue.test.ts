import { describe, expect, it } from 'vitest';
import { CATALOGUES, getCatalogue, itemsOf } from '@/lib/checklist/catalogue';
import { CHECKLIST_LABELS } from '@/lib/checklist/labels';
import { LOCALES } from '@/lib/i18n/locales';

describe('check-list catalogue', () => {
  const catalogue = getCatalogue();
  const items = itemsOf(catalogue);

  it('has unique item codes, each in its section’s namespace', () => {
    const codes = items.map((i) => i.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const section of catalogue.sections) {
      for (const item of section.items) {
        expect(item.section).toBe(section.code);
        // act.* items are catalogue additions filed under the context section.
        expect(item.code.startsWith(`${section.code}.`) || item.code.startsWith('act.')).toBe(true);
      }
    }
  });

  it('holds every item checklist.md names', () => {
    const codes = new Set(items.map((i) => i.code));
    for (const code of [
      'ctx.reference',
      'ctx.control_date',
      'ctx.service',
      'ctx.team',
      'ctx.joint_with',
      'ctx.region',
      'ctx.investigation_status',
      'ctx.magistrate',
      'ctx.sector',
      'ctx.forms',
      'vic.name',
      'vic.sex',
      'vic.birth_date',
      'vic.age_estimate',
      'vic.age_doubt',
      'vic.nationality',
      'vic.languages',
      'vic.unaccompanied',
      'vic.contact',
      'doc.residence',
      'doc.identity',
      'doc.under_exploiter_identity',
      'pay.level',
      'pay.promised_unpaid',
      'pay.ceded',
      'pay.debt',
      'pay.dimona',
      'pay.limosa',
      'pay.work_permit',
      'exp.no_equipment',
      'exp.dangerous',
      'exp.no_contact',
      'exp.movement',
      'exp.housing',
      'exp.no_medical',
      'exp.long_hours',
      'agg.victim_minor',
      'agg.vulnerable',
      'agg.authority',
      'agg.public_officer',
      'agg.coercion',
      'agg.life_endangered',
      'agg.permanent_harm',
      'agg.partial_incapacity',
      'agg.death',
      'agg.habitual',
      'agg.association',
      'out.sufficient',
      'out.informed',
      'out.wish',
      'out.notes',
    ]) {
      expect(codes.has(code), code).toBe(true);
    }
  });

  it('lists the 10 ONSS provincial directions and the 18 sectors of the report (plus other)', () => {
    const region = items.find((i) => i.code === 'ctx.region')!;
    const sector = items.find((i) => i.code === 'ctx.sector')!;
    expect(region.type.kind === 'choice' && region.type.options.length).toBe(10);
    expect(sector.type.kind === 'choice' && sector.type.options.length).toBe(19);
  });

  it('has every label, option and section in French, Dutch, German and English', () => {
    for (const version of Object.keys(CATALOGUES)) {
      for (const locale of LOCALES) {
        const labels = CHECKLIST_LABELS[locale];
        const missing: string[] = [];
        for (const section of getCatalogue(version).sections)
          if (!labels[`section.${section.code}`]) missing.push(`section.${section.code}`);
        for (const item of itemsOf(getCatalogue(version))) {
          if (!labels[item.code]?.trim()) missing.push(item.code);
          if (item.type.kind === 'choice' || item.type.kind === 'multi') {
            for (const o of item.type.options)
              if (!labels[`${item.code}=${o}`]?.trim()) missing.push(`${item.code}=${o}`);
          }
        }
        for (const k of [
          'answer.yes',
          'answer.no',
          'answer.unknown',
          'answer.note',
          'addition',
          'country.stateless',
          'country.unknown',
        ])
          if (!labels[k]) missing.push(k);
        expect(missing, `${locale} @ ${version}`).toEqual([]);
      }
    }
  });

  it('keeps the four label files in step (same keys)', () => {
    const fr = Object.keys(CHECKLIST_LABELS.fr).sort();
    for (const locale of LOCALES) expect(Object.keys(CHECKLIST_LABELS[locale]).sort()).toEqual(fr);
  });

  it('marks Relais’s own items as additions pending the official annex', () => {
    const additions = items.filter((i) => i.addition).map((i) => i.code);
    expect(additions).toEqual(
      expect.arrayContaining(['act.recruited', 'exp.sex_earnings_handed', 'exp.sex_no_choice']),
    );
    expect(additions).not.toContain('exp.housing');
  });
});
