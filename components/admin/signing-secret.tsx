'use client';

import { useState } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { inputClass } from '@/components/ui/field';

const WEBHOOK_HINT = 'Copy it now into the receiving system: it is not shown again. Receivers use it to check the webhook-signature header; if it is lost, rotate it.';

/** A secret shown the one time it exists in the clear, with a way to copy it. */
export function SigningSecret({ secret, label = 'Signing secret', hint = WEBHOOK_HINT }: { secret: string; label?: string; hint?: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <Alert tone="warning">
      <div className="space-y-2">
        <label htmlFor="signing-secret" className="block font-medium">
          {label}
        </label>
        <div className="flex flex-wrap gap-2">
          <input id="signing-secret" readOnly value={secret} aria-describedby="signing-secret-hint" className={`${inputClass} flex-1 font-mono text-sm`} onFocus={(e) => e.currentTarget.select()} />
          <Button
            type="button"
            variant="secondary"
            className="sm:w-auto"
            onClick={async () => {
              await navigator.clipboard?.writeText(secret).catch(() => undefined);
              setCopied(true);
            }}
          >
            {copied ? 'Copied' : 'Copy'}
          </Button>
        </div>
        <p id="signing-secret-hint">{hint}</p>
      </div>
    </Alert>
  );
}
