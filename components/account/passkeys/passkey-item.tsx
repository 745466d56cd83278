'use client';

import { useState } from 'react';
import { zodResolver } from '@hookform/resolvers/zod';
import { useActionForm, type ActionResult } from '@/components/forms/use-action-form';
import { Field, describedBy, inputClass } from '@/components/ui/field';
import { Button } from '@/components/ui/button';
import { Alert } from '@/components/ui/alert';
import { removePasskeySchema, renamePasskeySchema, type RemovePasskeyInput, type RenamePasskeyInput } from '@/lib/validation/passkeys';

export type PasskeyView = { id: string; name: string; added: string; lastUsed: string | null; synced: boolean };

type Props = {
  passkey: PasskeyView;
  rename: (values: RenamePasskeyInput) => Promise<ActionResult>;
  remove: (values: RemovePasskeyInput) => Promise<ActionResult>;
};

/** One passkey in the list, with its rename and remove forms shown on demand. */
export function PasskeyItem({ passkey, rename, remove }: Props) {
  const [mode, setMode] = useState<'view' | 'rename' | 'remove'>('view');
  return (
    <li className="space-y-3 py-4 first:pt-0 last:pb-0">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h3 className="font-semibold">{passkey.name}</h3>
          <dl className="mt-1 flex flex-wrap gap-x-4 gap-y-1 text-sm text-zinc-600 dark:text-zinc-400">
            <div className="flex gap-1">
              <dt>Added</dt> <dd>{passkey.added}</dd>
            </div>
            <div className="flex gap-1">
              <dt>Last used</dt> <dd>{passkey.lastUsed ?? 'never'}</dd>
            </div>
            <div>
              <dt className="sr-only">Kept</dt> <dd>{passkey.synced ? 'Synced across your devices' : 'Only on this device or security key'}</dd>
            </div>
          </dl>
        </div>
        {mode === 'view' ? (
          <div className="flex gap-4 text-sm">
            <Button type="button" variant="link" onClick={() => setMode('rename')}>
              Rename<span className="sr-only"> {passkey.name}</span>
            </Button>
            <Button type="button" variant="link" className="text-red-700 dark:text-red-400" onClick={() => setMode('remove')}>
              Remove<span className="sr-only"> {passkey.name}</span>
            </Button>
          </div>
        ) : null}
      </div>
      {mode === 'rename' ? <RenameForm passkey={passkey} action={rename} onDone={() => setMode('view')} /> : null}
      {mode === 'remove' ? <RemoveForm passkey={passkey} action={remove} onCancel={() => setMode('view')} /> : null}
    </li>
  );
}

function RenameForm({ passkey, action, onDone }: { passkey: PasskeyView; action: Props['rename']; onDone: () => void }) {
  const { form, onSubmit, formError, submitting, ready } = useActionForm<RenamePasskeyInput>({
    resolver: zodResolver(renamePasskeySchema) as never,
    defaultValues: { passkeyId: passkey.id, name: passkey.name },
    action: async (values) => {
      const result = await action(values);
      if (result?.ok) onDone();
      return result;
    },
  });
  const id = `passkey-name-${passkey.id}`;
  const error = form.formState.errors.name?.message;
  return (
    <form onSubmit={onSubmit} method="post" noValidate className="space-y-3 sm:max-w-sm">
      {formError ? <Alert tone="error">{formError}</Alert> : null}
      <Field id={id} label="Passkey name" hint="A name that tells you which device or password manager holds it." error={error}>
        <input {...describedBy(id, error, true)} {...form.register('name')} autoComplete="off" className={inputClass} />
      </Field>
      <div className="flex gap-3">
        <Button type="submit" className="sm:w-auto" disabled={submitting || !ready}>
          {submitting ? 'Saving…' : 'Save name'}
        </Button>
        <Button type="button" variant="secondary" className="sm:w-auto" onClick={onDone}>
          Cancel
        </Button>
      </div>
    </form>
  );
}

function RemoveForm({ passkey, action, onCancel }: { passkey: PasskeyView; action: Props['remove']; onCancel: () => void }) {
  const { onSubmit, formError, submitting, ready } = useActionForm<RemovePasskeyInput>({
    resolver: zodResolver(removePasskeySchema) as never,
    defaultValues: { passkeyId: passkey.id },
    action,
  });
  return (
    <form onSubmit={onSubmit} method="post" noValidate className="space-y-3">
      {formError ? <Alert tone="error">{formError}</Alert> : null}
      <Alert tone="warning">
        Remove “{passkey.name}”? You will no longer be able to sign in with it. Delete it from your device or password manager too.
      </Alert>
      <div className="flex gap-3">
        <Button type="submit" variant="danger" className="sm:w-auto" disabled={submitting || !ready}>
          {submitting ? 'Removing…' : 'Remove passkey'}
        </Button>
        <Button type="button" variant="secondary" className="sm:w-auto" onClick={onCancel}>
          Keep it
        </Button>
      </div>
    </form>
  );
}
