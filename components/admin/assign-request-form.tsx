'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useActionForm, type ActionResult } from '@/components/forms/use-action-form';
import { Field, inputClass } from '@/components/ui/field';
import { Button } from '@/components/ui/button';
import { Alert } from '@/components/ui/alert';
import { assignRequestSchema, type AssignRequestInput } from '@/lib/validation/dsr';

/** Gives a request to the viewer or a colleague; only people who may process requests are offered. */
export function AssignRequestForm({
  action,
  viewerId,
  current,
  handlers,
}: {
  action: (values: AssignRequestInput) => Promise<ActionResult>;
  viewerId: string;
  current: string | null;
  handlers: { id: string; email: string }[];
}) {
  const { form, onSubmit, formError, message, submitting, ready } = useActionForm<AssignRequestInput>({
    resolver: zodResolver(assignRequestSchema) as never,
    defaultValues: { assigneeId: current ?? viewerId },
    action,
  });
  const error = form.formState.errors.assigneeId?.message;
  const others = handlers.filter((h) => h.id !== viewerId);
  return (
    <form onSubmit={onSubmit} method="post" noValidate className="space-y-3">
      {formError ? <Alert tone="error">{formError}</Alert> : null}
      {message ? <Alert tone="success">{message}</Alert> : null}
      <Field id="assignee" label="Assignee" error={error}>
        <select id="assignee" aria-invalid={error ? true : undefined} aria-describedby={error ? 'assignee-error' : undefined} {...form.register('assigneeId')} className={inputClass}>
          <option value={viewerId}>Me</option>
          {others.map((h) => (
            <option key={h.id} value={h.id}>
              {h.email}
            </option>
          ))}
        </select>
      </Field>
      <Button type="submit" variant="secondary" disabled={submitting || !ready} className="sm:w-auto">
        {submitting ? 'Assigning…' : 'Assign request'}
      </Button>
    </form>
  );
}
