'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useActionForm, type ActionResult } from '@/components/forms/use-action-form';
import { Field, describedBy, inputClass } from '@/components/ui/field';
import { Button } from '@/components/ui/button';
import { Alert } from '@/components/ui/alert';
import { PROFILE_FIELD_TYPES } from '@/lib/validation/profile';
import {
  ASK_WHEN,
  ASK_WHEN_LABELS,
  PROFILE_FIELD_TYPE_LABELS,
  createProfileFieldSchema,
  updateProfileFieldSchema,
  type CreateProfileFieldInput,
} from '@/lib/validation/profile-fields';
import { CheckboxField } from './consent-fields';

/** Adds a profile field (with a key) or edits one (the key stays as it is). */
export function ProfileFieldForm({
  action,
  initial,
  creating,
  submitLabel,
}: {
  action: (values: CreateProfileFieldInput) => Promise<ActionResult>;
  initial: Omit<CreateProfileFieldInput, 'key'>;
  /** A new field takes a key; an existing one keeps its own. */
  creating: boolean;
  submitLabel: string;
}) {
  const { form, onSubmit, formError, message, submitting, ready } = useActionForm<CreateProfileFieldInput>({
    resolver: zodResolver(creating ? createProfileFieldSchema : updateProfileFieldSchema) as never,
    defaultValues: { ...initial, key: '' },
    action,
  });
  const errors = form.formState.errors;
  const askWhen = form.watch('askWhen');
  const type = form.watch('type');
  const p = creating ? 'new-field' : 'field';
  // Selects take the same aria wiring as inputs.
  const wiring = (id: string, error?: string, hint?: boolean) => describedBy(id, error, hint) as object;
  return (
    <form onSubmit={onSubmit} method="post" noValidate className="space-y-4">
      {formError ? <Alert tone="error">{formError}</Alert> : null}
      {message ? <Alert tone="success">{message}</Alert> : null}
      <Field id={`${p}-label`} label="Label" hint="The question as customers see it, like Company name." error={errors.label?.message}>
        <input {...describedBy(`${p}-label`, errors.label?.message, true)} {...form.register('label')} className={inputClass} />
      </Field>
      {creating ? (
        <Field id={`${p}-key`} label="Key" hint="Lowercase letters, digits and underscores, like company_name. It cannot change later." error={errors.key?.message}>
          <input {...describedBy(`${p}-key`, errors.key?.message, true)} {...form.register('key')} autoCapitalize="none" spellCheck={false} className={inputClass} />
        </Field>
      ) : null}
      <Field id={`${p}-type`} label="Type" error={errors.type?.message}>
        <select {...wiring(`${p}-type`, errors.type?.message)} {...form.register('type')} className={inputClass}>
          {PROFILE_FIELD_TYPES.map((t) => (
            <option key={t} value={t}>{PROFILE_FIELD_TYPE_LABELS[t]}</option>
          ))}
        </select>
      </Field>
      {type === 'choice' ? (
        <Field id={`${p}-options`} label="Options" hint="Separated by commas, like Email, Phone, Post." error={errors.options?.message}>
          <input {...describedBy(`${p}-options`, errors.options?.message, true)} {...form.register('options')} className={inputClass} />
        </Field>
      ) : null}
      <Field id={`${p}-ask-when`} label="When to ask" error={errors.askWhen?.message}>
        <select {...wiring(`${p}-ask-when`, errors.askWhen?.message)} {...form.register('askWhen')} className={inputClass}>
          {ASK_WHEN.map((w) => (
            <option key={w} value={w}>{ASK_WHEN_LABELS[w]}</option>
          ))}
        </select>
      </Field>
      {askWhen === 'after_sign_ins' ? (
        <Field id={`${p}-after`} label="Ask from sign-in number" hint="Customers are asked at this sign-in and later ones until they answer." error={errors.askAfterSignIns?.message}>
          <input {...describedBy(`${p}-after`, errors.askAfterSignIns?.message, true)} {...form.register('askAfterSignIns')} inputMode="numeric" className={inputClass} />
        </Field>
      ) : null}
      {askWhen === 'before_area' ? (
        <Field
          id={`${p}-area`}
          label="Area path"
          hint="The path of a page that checks for its profile questions before it opens, like /account/recovery."
          error={errors.area?.message}
        >
          <input {...describedBy(`${p}-area`, errors.area?.message, true)} {...form.register('area')} autoCapitalize="none" spellCheck={false} className={inputClass} />
        </Field>
      ) : null}
      <CheckboxField id={`${p}-required`} label="Required: customers cannot skip it when asked" error={errors.required?.message} registration={form.register('required')} />
      <CheckboxField id={`${p}-active`} label="Active: asked and shown on the profile page" error={errors.active?.message} registration={form.register('active')} />
      <Field id={`${p}-order`} label="Position" hint="Fields are asked and listed from the lowest position up." error={errors.sortOrder?.message}>
        <input {...describedBy(`${p}-order`, errors.sortOrder?.message, true)} {...form.register('sortOrder')} inputMode="numeric" className={inputClass} />
      </Field>
      <Button type="submit" disabled={submitting || !ready} className="sm:w-auto">
        {submitting ? 'Saving…' : submitLabel}
      </Button>
    </form>
  );
}
