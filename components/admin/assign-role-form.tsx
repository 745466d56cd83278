'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useActionForm, type ActionResult } from '@/components/forms/use-action-form';
import { Field, describedBy, inputClass } from '@/components/ui/field';
import { Button } from '@/components/ui/button';
import { Alert } from '@/components/ui/alert';
import { assignRoleSchema, type AssignRoleInput } from '@/lib/validation/rbac';

export function AssignRoleForm({ action }: { action: (values: AssignRoleInput) => Promise<ActionResult> }) {
  const { form, onSubmit, formError, message, submitting, ready } = useActionForm<AssignRoleInput>({
    resolver: zodResolver(assignRoleSchema) as never,
    defaultValues: { email: '' },
    action: async (values) => {
      const result = await action(values);
      if (result?.ok) form.reset({ email: '' });
      return result;
    },
  });
  const error = form.formState.errors.email?.message;
  return (
    <form onSubmit={onSubmit} method="post" noValidate className="space-y-4">
      {formError ? <Alert tone="error">{formError}</Alert> : null}
      {message ? <Alert tone="success">{message}</Alert> : null}
      <Field id="assign-email" label="Email address of the person" error={error}>
        <input {...describedBy('assign-email', error)} {...form.register('email')} type="email" autoComplete="off" className={inputClass} />
      </Field>
      <Button type="submit" variant="secondary" disabled={submitting || !ready} className="sm:w-auto">
        {submitting ? 'Assigning…' : 'Assign role'}
      </Button>
    </form>
  );
}
