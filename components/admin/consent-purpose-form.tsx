'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useActionForm, type ActionResult } from '@/components/forms/use-action-form';
import { Field, describedBy, inputClass } from '@/components/ui/field';
import { Button } from '@/components/ui/button';
import { Alert } from '@/components/ui/alert';
import { createConsentPurposeSchema, type CreateConsentPurposeInput } from '@/lib/validation/consent-admin';
import { CheckboxField, VersionFields } from './consent-fields';

/** Adds a consent purpose (opt-in) or document (to accept) with the text of its first version. */
export function ConsentPurposeForm({ action }: { action: (values: CreateConsentPurposeInput) => Promise<ActionResult> }) {
  const { form, onSubmit, formError, message, submitting, ready } = useActionForm<CreateConsentPurposeInput>({
    resolver: zodResolver(createConsentPurposeSchema) as never,
    defaultValues: { key: '', name: '', kind: 'purpose', required: false, title: '', text: '' },
    action,
  });
  const errors = form.formState.errors;
  return (
    <form onSubmit={onSubmit} method="post" noValidate className="space-y-4">
      {formError ? <Alert tone="error">{formError}</Alert> : null}
      {message ? <Alert tone="success">{message}</Alert> : null}
      <Field id="purpose-name" label="Name" hint="As customers see it, like Weekly newsletter." error={errors.name?.message}>
        <input {...describedBy('purpose-name', errors.name?.message, true)} {...form.register('name')} className={inputClass} />
      </Field>
      <Field id="purpose-key" label="Key" hint="Lowercase letters, digits and underscores, like weekly_newsletter. It cannot change later." error={errors.key?.message}>
        <input {...describedBy('purpose-key', errors.key?.message, true)} {...form.register('key')} autoCapitalize="none" spellCheck={false} className={inputClass} />
      </Field>
      <Field id="purpose-kind" label="Kind" hint="A purpose is something customers may opt in to; a document (like terms) is accepted to have an account." error={errors.kind?.message}>
        <select {...(describedBy('purpose-kind', errors.kind?.message, true) as object)} {...form.register('kind')} className={inputClass}>
          <option value="purpose">Purpose (opt in or out)</option>
          <option value="document">Document (accept)</option>
        </select>
      </Field>
      <CheckboxField id="purpose-required" label="Required: customers must accept it to use their account" error={errors.required?.message} registration={form.register('required')} />
      <VersionFields prefix="purpose-first" register={form.register} errors={errors} titleLabel="Title of the first version" textLabel="Text of the first version" />
      <Button type="submit" disabled={submitting || !ready} className="sm:w-auto">
        {submitting ? 'Adding…' : 'Add purpose'}
      </Button>
    </form>
  );
}
