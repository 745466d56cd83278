'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useActionForm, type ActionResult } from '@/components/forms/use-action-form';
import { Field, describedBy, inputClass } from '@/components/ui/field';
import { Button } from '@/components/ui/button';
import { Alert } from '@/components/ui/alert';
import { updateConsentPurposeSchema, type UpdateConsentPurposeInput } from '@/lib/validation/consent-admin';
import { CheckboxField } from './consent-fields';

/** Renames a purpose, turns it off, or makes a document required. */
export function ConsentSettingsForm({
  action,
  initial,
  isDocument,
}: {
  action: (values: UpdateConsentPurposeInput) => Promise<ActionResult>;
  initial: UpdateConsentPurposeInput;
  isDocument: boolean;
}) {
  const { form, onSubmit, formError, message, submitting, ready } = useActionForm<UpdateConsentPurposeInput>({
    resolver: zodResolver(updateConsentPurposeSchema) as never,
    defaultValues: initial,
    action,
  });
  const errors = form.formState.errors;
  return (
    <form onSubmit={onSubmit} method="post" noValidate className="space-y-4">
      {formError ? <Alert tone="error">{formError}</Alert> : null}
      {message ? <Alert tone="success">{message}</Alert> : null}
      <Field id="settings-name" label="Name" error={errors.name?.message}>
        <input {...describedBy('settings-name', errors.name?.message)} {...form.register('name')} className={inputClass} />
      </Field>
      {isDocument ? (
        <CheckboxField id="settings-required" label="Required: customers must accept it to use their account" error={errors.required?.message} registration={form.register('required')} />
      ) : null}
      <CheckboxField id="settings-active" label="Active: offered to customers" error={errors.active?.message} registration={form.register('active')} />
      <Button type="submit" disabled={submitting || !ready} className="sm:w-auto">
        {submitting ? 'Saving…' : 'Save settings'}
      </Button>
    </form>
  );
}
