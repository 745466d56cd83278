const BASE = 'http://gatehouse.invalid';

/**
 * Where to go after an auth step: only a same-origin path, never another site.
 * The output is checked, not only the input: URL parsing turns "/.//evil.example",
 * "/..//evil.example" and "/%2e//evil.example" into "//evil.example", which a browser
 * reads as another origin (ASVS 5.0 V3.7: redirects go only to allowed destinations).
 */
export function safeRedirect(next: string | null | undefined, fallback = '/account'): string {
  if (!next || typeof next !== 'string') return fallback;
  if (!next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return fallback;
  if (/[\u0000-\u001f\u007f\\]/.test(next)) return fallback;
  let path: string;
  try {
    const url = new URL(next, BASE);
    if (url.origin !== BASE) return fallback;
    path = url.pathname + url.search + url.hash;
  } catch {
    return fallback;
  }
  return isSameOriginPath(path) ? path : fallback;
}

function isSameOriginPath(path: string): boolean {
  if (!path.startsWith('/') || path.startsWith('//') || path.startsWith('/\\')) return false;
  if (/[\u0000-\u001f\u007f\\]/.test(path)) return false;
  try {
    // What a browser would do with the Location header we are about to send.
    return new URL(path, BASE).origin === BASE;
  } catch {
    return false;
  }
}
