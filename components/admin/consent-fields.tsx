'use client';

import type { FieldErrors, FieldValues, Path, UseFormRegister, UseFormRegisterReturn } from 'react-hook-form';
import { Field, inputClass } from '@/components/ui/field';

/** A checkbox with its label beside it and its error underneath. */
export function CheckboxField({ id, label, error, registration }: { id: string; label: string; error?: string; registration: UseFormRegisterReturn }) {
  return (
    <div className="space-y-1.5">
      <label htmlFor={id} className="flex items-start gap-3 text-sm font-medium text-zinc-800 dark:text-zinc-200">
        <input id={id} type="checkbox" {...registration} aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : undefined} className="mt-1" />
        <span>{label}</span>
      </label>
      {error ? (
        <p id={`${id}-error`} role="alert" className="text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** The title and text of a version, as published and as customers read it. */
export function VersionFields<T extends FieldValues & { title: string; text: string }>({
  prefix,
  register,
  errors,
  titleLabel,
  textLabel,
}: {
  prefix: string;
  register: UseFormRegister<T>;
  errors: FieldErrors<T>;
  titleLabel: string;
  textLabel: string;
}) {
  const titleError = errors.title?.message as string | undefined;
  const textError = errors.text?.message as string | undefined;
  return (
    <>
      <Field id={`${prefix}-title`} label={titleLabel} error={titleError}>
        <input
          id={`${prefix}-title`}
          aria-invalid={titleError ? true : undefined}
          aria-describedby={titleError ? `${prefix}-title-error` : undefined}
          {...register('title' as Path<T>)}
          className={inputClass}
        />
      </Field>
      <Field id={`${prefix}-text`} label={textLabel} hint="Plain text, as customers will read it." error={textError}>
        <textarea
          id={`${prefix}-text`}
          rows={6}
          aria-invalid={textError ? true : undefined}
          aria-describedby={textError ? `${prefix}-text-error` : `${prefix}-text-hint`}
          {...register('text' as Path<T>)}
          className={inputClass}
        />
      </Field>
    </>
  );
}
