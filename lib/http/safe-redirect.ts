/**
 * Where to go after an auth step: only a same-origin path, never another site.
 * Rejects "//evil.example" and "/\\evil.example", which browsers treat as other origins.
 */
export function safeRedirect(next: string | null | undefined, fallback = '/account'): string {
  if (!next || typeof next !== 'string') return fallback;
  if (!next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return fallback;
  if (/[\u0000-\u001f\\]/.test(next)) return fallback;
  try {
    const url = new URL(next, 'http://gatehouse.invalid');
    if (url.origin !== 'http://gatehouse.invalid') return fallback;
    return url.pathname + url.search + url.hash;
  } catch {
    return fallback;
  }
}
