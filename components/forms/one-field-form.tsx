'use client';

import type { InputHTMLAttributes, ReactNode } from 'react';
import type { DefaultValues, FieldValues, Path } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useActionForm, type ActionResult } from '@/components/forms/use-action-form';
import { Field, describedBy, inputClass } from '@/components/ui/field';
import { Button } from '@/components/ui/button';
import { Alert } from '@/components/ui/alert';

export type OneFieldFormProps<T extends FieldValues> = {
  /** The shared zod schema the server action checks too. */
  schema: Parameters<typeof zodResolver>[0];
  defaultValues: DefaultValues<T>;
  action: (values: T) => Promise<ActionResult>;
  /** The value the field fills, and the field's id, label and hint. */
  name: Path<T>;
  id: string;
  label: string;
  hint?: string;
  /** The input's own attributes (input mode, autocomplete, length, class); the class defaults to inputClass. */
  input?: InputHTMLAttributes<HTMLInputElement>;
  submit: string;
  /** Said after the form's error, e.g. a way to start again. */
  afterFormError?: ReactNode;
  /** Before the field, e.g. what was just sent. */
  intro?: ReactNode;
  /** After the submit button, e.g. a switch to another way. */
  children?: ReactNode;
  className?: string;
};

/** A form of one field and a submit button, for a code or a password, wired to a server action. */
export function OneFieldForm<T extends FieldValues>({
  schema,
  defaultValues,
  action,
  name,
  id,
  label,
  hint,
  input,
  submit,
  afterFormError,
  intro,
  children,
  className = 'space-y-4',
}: OneFieldFormProps<T>) {
  const { form, onSubmit, formError, submitting, ready } = useActionForm<T>({
    resolver: zodResolver(schema) as never,
    defaultValues,
    action,
  });
  const error = form.getFieldState(name, form.formState).error?.message;
  return (
    <form onSubmit={onSubmit} method="post" noValidate className={className}>
      {intro}
      {formError ? (
        <Alert tone="error">
          {formError}
          {afterFormError ? <> {afterFormError}</> : null}
        </Alert>
      ) : null}
      <Field id={id} label={label} hint={hint} error={error}>
        <input {...describedBy(id, error, !!hint)} {...form.register(name)} className={inputClass} {...input} />
      </Field>
      <Button type="submit" disabled={submitting || !ready}>
        {submitting ? 'Checking…' : submit}
      </Button>
      {children}
    </form>
  );
}
