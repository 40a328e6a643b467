import fs from 'node:fs';
import path from 'node:path';
import { IntlMessageFormat } from 'intl-messageformat';
import { describe, expect, it } from 'vitest';
import { LOCALES, localeFromAcceptLanguage } from '@/lib/i18n/locales';

type Tree = { [key: string]: string | Tree };
const load = (l: string): Tree =>
  JSON.parse(fs.readFileSync(path.resolve(__dirname, `../../lib/i18n/messages/${l}.json`), 'utf8'));
const flatten = (t: Tree, prefix = ''): Record<string, string> =>
  Object.entries(t).reduce<Record<string, string>>((acc, [k, v]) => {
    const key = prefix ? `${prefix}.${k}` : k;
    return typeof v === 'string' ? { ...acc, [key]: v } : { ...acc, ...flatten(v, key) };
  }, {});

describe('message catalogues', () => {
  const catalogues = Object.fromEntries(LOCALES.map((l) => [l, flatten(load(l))]));

  it('have the same keys in French, Dutch, German and English', () => {
    const fr = Object.keys(catalogues.fr!).sort();
    for (const l of LOCALES) expect(Object.keys(catalogues[l]!).sort()).toEqual(fr);
  });

  it('have no empty message, and every message parses as ICU with the same arguments', () => {
    for (const [key, fr] of Object.entries(catalogues.fr!)) {
      const args = (m: string) => [...new Set([...m.matchAll(/\{(\w+)\s*[,}]/g)].map((x) => x[1]))].sort();
      for (const l of LOCALES) {
        const m = catalogues[l]![key]!;
        expect(m.trim(), `${l}:${key}`).not.toBe('');
        expect(() => new IntlMessageFormat(m, l), `${l}:${key}`).not.toThrow();
        expect(args(m), `${l}:${key}`).toEqual(args(fr));
      }
    }
  });

  it('uses each language’s own acronyms for the institutions (glossary.md)', () => {
    expect(catalogues.fr!['organisationKinds.onss']).toBe('ONSS');
    expect(catalogues.nl!['organisationKinds.onss']).toBe('RSZ');
    expect(catalogues.nl!['organisationKinds.cls']).toBe('TSW');
    expect(catalogues.de!['organisationKinds.onss']).toBe('LSS');
  });

  it('picks the first supported language of the browser, else none', () => {
    expect(localeFromAcceptLanguage('nl-BE,nl;q=0.9,fr;q=0.8')).toBe('nl');
    expect(localeFromAcceptLanguage('es-ES, de;q=0.5, en;q=0.7')).toBe('en');
    expect(localeFromAcceptLanguage('es-ES')).toBeNull();
    expect(localeFromAcceptLanguage(null)).toBeNull();
  });
});
