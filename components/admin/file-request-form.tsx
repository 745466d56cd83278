'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useActionForm, type ActionResult } from '@/components/forms/use-action-form';
import { Field, describedBy, inputClass } from '@/components/ui/field';
import { Button } from '@/components/ui/button';
import { Alert } from '@/components/ui/alert';
import { DSR_TYPES, DSR_TYPE_LABELS, fileRequestSchema, type FileRequestInput } from '@/lib/validation/dsr';

/** Files a data-subject request for a customer who asked by phone, letter or email. */
export function FileRequestForm({ action }: { action: (values: FileRequestInput) => Promise<ActionResult> }) {
  const { form, onSubmit, formError, submitting, ready } = useActionForm<FileRequestInput>({
    resolver: zodResolver(fileRequestSchema) as never,
    defaultValues: { email: '', type: 'access', dueOn: '', notes: '' },
    action,
  });
  const errors = form.formState.errors;
  return (
    <form onSubmit={onSubmit} method="post" noValidate className="space-y-4">
      {formError ? <Alert tone="error">{formError}</Alert> : null}
      <div className="grid gap-4 sm:grid-cols-2">
        <Field id="file-email" label="Customer's email address" hint="The address of their account." error={errors.email?.message}>
          <input {...describedBy('file-email', errors.email?.message, true)} {...form.register('email')} type="email" autoComplete="off" className={inputClass} />
        </Field>
        <Field id="file-type" label="Kind of request" error={errors.type?.message}>
          <select
            id="file-type"
            aria-invalid={errors.type ? true : undefined}
            aria-describedby={errors.type ? 'file-type-error' : undefined}
            {...form.register('type')}
            className={inputClass}
          >
            {DSR_TYPES.map((t) => (
              <option key={t} value={t}>
                {DSR_TYPE_LABELS[t]}
              </option>
            ))}
          </select>
        </Field>
        <Field id="file-due" label="Due date (optional)" hint="Leave empty for 30 days from today, the legal deadline." error={errors.dueOn?.message}>
          <input {...describedBy('file-due', errors.dueOn?.message, true)} {...form.register('dueOn')} type="date" className={inputClass} />
        </Field>
      </div>
      <div className="space-y-1.5">
        <label htmlFor="file-notes" className="block text-sm font-medium text-zinc-800 dark:text-zinc-200">
          Notes (optional)
        </label>
        <textarea
          id="file-notes"
          rows={3}
          aria-invalid={errors.notes ? true : undefined}
          aria-describedby={errors.notes ? 'file-notes-error' : 'file-notes-hint'}
          {...form.register('notes')}
          className={inputClass}
        />
        {errors.notes ? (
          <p id="file-notes-error" role="alert" className="text-sm text-red-700 dark:text-red-400">
            {errors.notes.message}
          </p>
        ) : (
          <p id="file-notes-hint" className="text-sm text-zinc-500 dark:text-zinc-400">
            How they asked and how you checked it was them. Seen by staff only.
          </p>
        )}
      </div>
      <Button type="submit" disabled={submitting || !ready} className="sm:w-auto">
        {submitting ? 'Filing…' : 'File request'}
      </Button>
    </form>
  );
}
