'use client';

import { useState } from 'react';
import { signIn } from 'next-auth/react';
import { Button } from '@/components/ui/button';

export type FederatedProvider = { id: string; name: string };

/** Sends the browser to an upstream provider through Auth.js (which adds PKCE, state and nonce). */
export function startFederatedSignIn(provider: FederatedProvider, next: string | undefined, loginHint?: string) {
  return signIn(provider.id, { redirectTo: next ?? '/account' }, loginHint ? { login_hint: loginHint } : undefined);
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
