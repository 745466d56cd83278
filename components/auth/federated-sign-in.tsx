'use client';

import { useState } from 'react';
import { Button } from '@/components/ui/button';

export type FederatedProvider = { id: string; name: string };

/**
 * Sends the browser to an upstream provider through Auth.js, which adds PKCE, state and
 * nonce. This is the POST next-auth/react's signIn() makes, without its look-up of
 * /api/auth/providers first: enterprise connections are built only for the request that
 * names them, so that list never includes them.
 */
export async function startFederatedSignIn(provider: FederatedProvider, next: string | undefined, loginHint?: string) {
  const { csrfToken } = (await (await fetch('/api/auth/csrf')).json()) as { csrfToken: string };
  const query = loginHint ? `?${new URLSearchParams({ login_hint: loginHint })}` : '';
  const response = await fetch(`/api/auth/signin/${encodeURIComponent(provider.id)}${query}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Auth-Return-Redirect': '1' },
    body: new URLSearchParams({ csrfToken, callbackUrl: next ?? '/account' }),
  });
  const { url } = (await response.json()) as { url: string };
  window.location.href = url;
}

/** "Continue with Google" and friends: only the providers switched on in this deployment. */
export function SocialSignIn({ providers, next }: { providers: FederatedProvider[]; next?: string }) {
  const [leaving, setLeaving] = useState<string | null>(null);
  if (providers.length === 0) return null;
  return (
    <div className="space-y-3">
      {providers.map((p) => (
        <Button
          key={p.id}
          type="button"
          variant="secondary"
          disabled={leaving !== null}
          onClick={() => {
            setLeaving(p.id);
            void startFederatedSignIn(p, next);
          }}
        >
          {leaving === p.id ? `Opening ${p.name}…` : `Continue with ${p.name}`}
        </Button>
      ))}
    </div>
  );
}
