import type { InteractionUser } from '@/lib/oidc/interactions';

/**
 * A browser as far as the OpenID Provider cares: it keeps cookies and follows redirects
 * one at a time, so a test can see each hop of an authorization request.
 */
export class TestBrowser {
  readonly cookies = new Map<string, string>();

  constructor(readonly origin: string) {}

  cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async request(url: string | URL, init: { method?: string; body?: URLSearchParams } = {}) {
    const response = await fetch(new URL(url, this.origin), {
      method: init.method ?? 'GET',
      body: init.body,
      redirect: 'manual',
      headers: { cookie: this.cookieHeader(), ...(init.body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const at = pair!.indexOf('=');
      const name = pair!.slice(0, at).trim();
      const value = pair!.slice(at + 1).trim();
      const expired = attributes.some((a) => /max-age=0|expires=thu, 01 jan 1970/i.test(a.trim()));
      if (!value || expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return response;
  }

  /** GETs a URL and returns where it redirects to. */
  async redirectFrom(url: string | URL) {
    const response = await this.request(url);
    const location = response.headers.get('location');
    if (!location) throw new Error(`expected a redirect from ${String(url)}, got ${response.status}: ${await response.text()}`);
    return new URL(location, this.origin);
  }
}

export function interactionUser(session: { user: { id: string }; authMethods: string[]; authenticatedAt: string; sessionId: string }): InteractionUser {
  return { userId: session.user.id, authMethods: session.authMethods, authenticatedAt: session.authenticatedAt, sessionId: session.sessionId };
}
