'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useActionForm, type ActionResult } from '@/components/forms/use-action-form';
import { Field, describedBy, inputClass } from '@/components/ui/field';
import { Button } from '@/components/ui/button';
import { Alert } from '@/components/ui/alert';
import { confirmTotpSchema, type ConfirmTotpInput } from '@/lib/validation/mfa';
import { useShowRecoveryCodes } from './fresh-recovery-codes';

export type CodesResult = { ok: true; recoveryCodes: string[] } | Exclude<ActionResult, { ok: true }>;

type Setup = { qrCodeDataUrl: string; manualKey: string };

/** Scan (or type) the key, then prove the app works with one code; the recovery codes follow. */
export function TwoStepSetup({ setup, brandName, accountName, confirm }: { setup: Setup; brandName: string; accountName: string; confirm: (v: ConfirmTotpInput) => Promise<CodesResult> }) {
  const showCodes = useShowRecoveryCodes();
  const { form, onSubmit, formError, submitting, ready } = useActionForm<ConfirmTotpInput>({
    resolver: zodResolver(confirmTotpSchema) as never,
    defaultValues: { code: '' },
    action: async (values) => {
      const result = await confirm(values);
      if (result.ok) showCodes(result.recoveryCodes);
      return result.ok ? { ok: true } : result;
    },
  });
  const error = form.formState.errors.code?.message;
  return (
    <div className="space-y-6">
      <ol className="list-decimal space-y-6 pl-5 text-sm text-zinc-700 dark:text-zinc-300">
        <li className="space-y-3">
          <p>Open an authenticator app (such as Google Authenticator, Microsoft Authenticator, 1Password or Aegis) and scan this QR code.</p>
          {/* eslint-disable-next-line @next/next/no-img-element -- a data URL made on the server; next/image adds nothing here */}
          <img
            src={setup.qrCodeDataUrl}
            width={208}
            height={208}
            alt={`QR code to add ${brandName} (${accountName}) to your authenticator app. If you cannot scan it, use the setup key below.`}
            className="rounded-lg border border-zinc-200 bg-white dark:border-zinc-700"
          />
        </li>
        <li>
          <Field id="setup-key" label="Setup key" hint="Cannot scan? Choose “Enter a setup key” in your app and type this key. Spaces do not matter.">
            <input
              {...describedBy('setup-key', undefined, true)}
              readOnly
              value={setup.manualKey}
              onFocus={(e) => e.currentTarget.select()}
              className={`${inputClass} font-mono tracking-wider`}
            />
          </Field>
        </li>
        <li>
          <form onSubmit={onSubmit} method="post" noValidate className="space-y-4">
            {formError ? <Alert tone="error">{formError}</Alert> : null}
            <Field id="totp-code" label="6-digit code from the app" hint="Enter the code the app now shows, to check it is set up correctly." error={error}>
              <input
                {...describedBy('totp-code', error, true)}
                {...form.register('code')}
                inputMode="numeric"
                autoComplete="one-time-code"
                maxLength={7}
                className={`${inputClass} tracking-[0.5em]`}
              />
            </Field>
            <Button type="submit" disabled={submitting || !ready}>
              {submitting ? 'Checking…' : 'Turn on two-step verification'}
            </Button>
          </form>
        </li>
      </ol>
    </div>
  );
}
