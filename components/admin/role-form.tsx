'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useActionForm, type ActionResult } from '@/components/forms/use-action-form';
import { Field, describedBy, inputClass } from '@/components/ui/field';
import { Button } from '@/components/ui/button';
import { Alert } from '@/components/ui/alert';
import { PERMISSIONS, type Permission } from '@/lib/rbac/permissions';
import { createRoleSchema, updateRoleSchema, type CreateRoleInput } from '@/lib/validation/rbac';

type RoleFormValues = CreateRoleInput;

/** Creates a custom role (with a key) or edits one (the key stays as it is). */
export function RoleForm({
  action,
  initial,
  submitLabel,
}: {
  action: (values: RoleFormValues) => Promise<ActionResult>;
  initial?: { name: string; description: string | null; permissions: Permission[] };
  submitLabel: string;
}) {
  const creating = !initial;
  const { form, onSubmit, formError, message, submitting, ready } = useActionForm<RoleFormValues>({
    resolver: zodResolver(creating ? createRoleSchema : updateRoleSchema) as never,
    defaultValues: { key: '', name: initial?.name ?? '', description: initial?.description ?? '', permissions: initial?.permissions ?? [] },
    action,
  });
  const errors = form.formState.errors;
  const prefix = creating ? 'new-role' : 'role';
  return (
    <form onSubmit={onSubmit} method="post" noValidate className="space-y-4">
      {formError ? <Alert tone="error">{formError}</Alert> : null}
      {message ? <Alert tone="success">{message}</Alert> : null}
      <Field id={`${prefix}-name`} label="Role name" error={errors.name?.message}>
        <input {...describedBy(`${prefix}-name`, errors.name?.message)} {...form.register('name')} className={inputClass} />
      </Field>
      {creating ? (
        <Field id={`${prefix}-key`} label="Key" hint="Lowercase letters, digits and hyphens, like billing-support. It cannot change later." error={errors.key?.message}>
          <input {...describedBy(`${prefix}-key`, errors.key?.message, true)} {...form.register('key')} autoCapitalize="none" spellCheck={false} className={inputClass} />
        </Field>
      ) : null}
      <Field id={`${prefix}-description`} label="Description (optional)" error={errors.description?.message}>
        <input {...describedBy(`${prefix}-description`, errors.description?.message)} {...form.register('description')} className={inputClass} />
      </Field>
      <fieldset className="space-y-2" aria-describedby={errors.permissions ? `${prefix}-permissions-error` : undefined}>
        <legend className="text-sm font-medium text-zinc-800 dark:text-zinc-200">Permissions</legend>
        {(Object.entries(PERMISSIONS) as [Permission, string][]).map(([permission, description]) => (
          <label key={permission} className="flex items-start gap-3 text-sm">
            <input type="checkbox" value={permission} {...form.register('permissions')} className="mt-1" />
            <span>
              <span className="font-medium">{description}</span>{' '}
              <code className="text-xs text-zinc-500 dark:text-zinc-400">{permission}</code>
            </span>
          </label>
        ))}
        {errors.permissions ? (
          <p id={`${prefix}-permissions-error`} role="alert" className="text-sm text-red-700 dark:text-red-400">
            {errors.permissions.message}
          </p>
        ) : null}
      </fieldset>
      <Button type="submit" disabled={submitting || !ready} className="sm:w-auto">
        {submitting ? 'Saving…' : submitLabel}
      </Button>
    </form>
  );
}
