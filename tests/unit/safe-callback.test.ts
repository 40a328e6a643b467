import { describe, expect, it } from 'vitest';
import { safeCallback } from '@/lib/safe-callback';

/**
 * After sign-in the browser goes to `callbackUrl`: only a path of this site may be kept, read as
 * the browser will read it (it drops tab, CR and LF and takes `\` for `/`).
 */
describe('safeCallback', () => {
  it('keeps a path of this site, with its query and fragment', () => {
    expect(safeCallback('/')).toBe('/');
    expect(safeCallback('/referrals')).toBe('/referrals');
    expect(safeCallback('/checklists/3f1c?tab=answers#vic')).toBe('/checklists/3f1c?tab=answers#vic');
    expect(safeCallback('/admin/audit?user=a%40b.be&page=2')).toBe('/admin/audit?user=a%40b.be&page=2');
  });

  it('returns the path normalised, as the browser would go to it', () => {
    expect(safeCallback('/referrals/../admin')).toBe('/admin');
    expect(safeCallback('/a/./b')).toBe('/a/b');
    expect(safeCallback('/dossiers/é')).toBe('/dossiers/%C3%A9');
  });

  it('refuses the probe: a tab, a CR or a LF that the browser strips to leave "//evil.example"', () => {
    for (const probe of [
      '/\t/evil.example/phish',
      '/\n/evil.example/phish',
      '/\r/evil.example/phish',
      '/\r\n/evil.example',
      '\t//evil.example',
      '/%09/evil.example'.replace('%09', '\t'),
    ]) {
      expect(safeCallback(probe), JSON.stringify(probe)).toBeNull();
    }
  });

  it('refuses another host written with slashes or backslashes', () => {
    for (const probe of [
      '//evil.example',
      '///evil.example',
      '/\\evil.example',
      '\\/evil.example',
      '\\\\evil.example',
      '/\\/evil.example',
      '/.//evil.example',
      '/..//evil.example',
    ]) {
      expect(safeCallback(probe), JSON.stringify(probe)).toBeNull();
    }
  });

  it('keeps an encoded slash as a path of this site (the browser does not decode it into a host)', () => {
    expect(safeCallback('/%2F..')).toBe('/%2F..');
    expect(safeCallback('/%2F%2Fevil.example')).toBe('/%2F%2Fevil.example');
    expect(safeCallback('/%5Cevil.example')).toBe('/%5Cevil.example');
  });

  it('refuses absolute and scheme URLs, even of this site, and anything not starting with one slash', () => {
    for (const probe of [
      'http://evil.example/',
      'https://localhost:3000/referrals',
      'javascript:alert(1)',
      'data:text/html,x',
      'evil.example',
      '',
      ' /referrals',
      'referrals',
    ]) {
      expect(safeCallback(probe), JSON.stringify(probe)).toBeNull();
    }
  });

  it('refuses every other control character, and what is not a string', () => {
    for (const c of ['\u0000', '\u0007', '\u001B', ' ', '\u007F', '\u0085', '\u009F'])
      expect(safeCallback(`/a${c}b`), JSON.stringify(c)).toBeNull();
    for (const value of [undefined, null, 42, ['/referrals'], { toString: () => '/' }])
      expect(safeCallback(value)).toBeNull();
    expect(safeCallback(`/${'a'.repeat(2001)}`)).toBeNull();
  });

  it('whatever it keeps resolves to this site in a browser-like parser', () => {
    const probes = [
      '/',
      '/a',
      '/%2F..',
      '/a?b=//evil.example',
      '/a#//evil.example',
      '/referrals/../admin',
      '/dossiers/é',
    ];
    for (const probe of probes) {
      const kept = safeCallback(probe);
      expect(kept, probe).not.toBeNull();
      expect(new URL(kept!, 'https://relais.example').origin).toBe('https://relais.example');
    }
  });
});
