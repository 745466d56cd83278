import { describe, expect, it } from 'vitest';
import { safeRedirect } from './safe-redirect';

const BASE = 'https://id.example';

/** The ways a browser could read the output as another site. */
function leavesTheSite(output: string) {
  return output.startsWith('//') || output.startsWith('/\\') || /^[a-z][a-z0-9+.-]*:/i.test(output) || new URL(output, BASE).origin !== BASE;
}

describe('safeRedirect', () => {
  it.each([
    ['/account', '/account'],
    ['/account/recovery?x=1#y', '/account/recovery?x=1#y'],
    ['/authorize/abc%2Fdef', '/authorize/abc%2Fdef'],
    ['https://evil.example', '/account'],
    ['//evil.example', '/account'],
    ['/\\evil.example', '/account'],
    ['javascript:alert(1)', '/account'],
    ['/%0d%0aSet-Cookie:x', '/%0d%0aSet-Cookie:x'],
    ['/.//evil.example', '/account'],
    ['/..//evil.example', '/account'],
    ['/%2e//evil.example', '/account'],
    ['', '/account'],
    [undefined, '/account'],
  ])('%s → %s', (input, expected) => {
    expect(safeRedirect(input)).toBe(expected);
  });

  // Property-style: every combination of a prefix that normalises away, a separator and a host.
  const prefixes = ['/', '/.', '/..', '/./.', '/%2e', '/%2E', '/%2e%2e', '/.%2e', '/a/..', '/a/../..', '/%2e/..', '/./..'];
  const separators = ['/', '//', '\\', '/\\', '\\/', '%2f', '%2F', '%5c', '%5C', '/%2f', '%2f/', '\t/', '/\t', '\n/', '/\r', '\u0000/', ' /'];
  const hosts = ['evil.example', 'evil.example/path?x=1', '@evil.example', 'evil.example:443', '%65vil.example'];
  const vectors = prefixes.flatMap((p) => separators.flatMap((s) => hosts.map((h) => `${p}${s}${h}`)));
  vectors.push('/\u3002/evil.example', '/％2e//evil.example', '/%252e//evil.example', 'https:/evil.example', '/https://evil.example', '\\\\evil.example', ' //evil.example', '/\u2028/evil.example');

  it(`never leaves the site, for ${vectors.length} encoded, backslash and control-character vectors`, () => {
    const escaped = vectors.filter((vector) => leavesTheSite(safeRedirect(vector)));
    expect(escaped).toEqual([]);
  });

  it('keeps the ordinary return paths it is given', () => {
    for (const path of ['/account', '/authorize/x1y2z3', '/account/security?tab=mfa', '/sign-in?next=%2Faccount']) {
      expect(safeRedirect(path, '/fallback')).toBe(path);
    }
  });
});
