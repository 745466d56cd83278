'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useActionForm, type ActionResult } from '@/components/forms/use-action-form';
import { Field, describedBy, inputClass } from '@/components/ui/field';
import { Button } from '@/components/ui/button';
import { Alert } from '@/components/ui/alert';
import { CATEGORY_DESCRIPTIONS, type RetentionAction, type RetentionCategory } from '@/lib/retention/catalogue';
import { retentionPolicySchema, type RetentionPolicyInput } from '@/lib/validation/retention';

const ACTION_LABELS: Record<RetentionAction, string> = { delete: 'Delete them', anonymise: 'Anonymise them (erase personal data, keep a tombstone)' };

/** Keep days, action and enabled for one policy; the category is fixed. */
export function RetentionPolicyForm({
  action,
  policy,
}: {
  action: (values: RetentionPolicyInput) => Promise<ActionResult>;
  policy: { category: RetentionCategory; keepDays: number; action: string; enabled: boolean };
}) {
  const { form, onSubmit, formError, message, submitting, ready } = useActionForm<RetentionPolicyInput>({
    resolver: zodResolver(retentionPolicySchema) as never,
    defaultValues: { category: policy.category, keepDays: policy.keepDays, action: policy.action as RetentionAction, enabled: policy.enabled },
    action,
  });
  const errors = form.formState.errors;
  const id = `policy-${policy.category}`;
  const actions = CATEGORY_DESCRIPTIONS[policy.category].actions;
  return (
    <form onSubmit={onSubmit} method="post" noValidate className="space-y-4">
      {formError ? <Alert tone="error">{formError}</Alert> : null}
      {message ? <Alert tone="success">{message}</Alert> : null}
      <input type="hidden" {...form.register('category')} />
      <div className="grid gap-4 sm:grid-cols-2">
        <Field id={`${id}-keep-days`} label="Keep for (days)" hint="Older records are removed on the next run. 0 removes everything past its date." error={errors.keepDays?.message}>
          <input {...describedBy(`${id}-keep-days`, errors.keepDays?.message, true)} {...form.register('keepDays')} type="number" min={0} inputMode="numeric" className={inputClass} />
        </Field>
        <div className="space-y-1.5">
          <label htmlFor={`${id}-action`} className="block text-sm font-medium text-zinc-800 dark:text-zinc-200">
            What happens to older records
          </label>
          <select
            id={`${id}-action`}
            {...form.register('action')}
            aria-invalid={errors.action ? true : undefined}
            aria-describedby={errors.action ? `${id}-action-error` : undefined}
            className={inputClass}
          >
            {actions.map((a) => (
              <option key={a} value={a}>
                {ACTION_LABELS[a]}
              </option>
            ))}
          </select>
          {errors.action ? (
            <p id={`${id}-action-error`} role="alert" className="text-sm text-red-700 dark:text-red-400">
              {errors.action.message}
            </p>
          ) : null}
        </div>
      </div>
      <label className="flex items-center gap-3 text-sm">
        <input type="checkbox" {...form.register('enabled')} />
        <span>Enabled: runs on the schedule and with “Run now”</span>
      </label>
      <Button type="submit" variant="secondary" disabled={submitting || !ready} className="sm:w-auto">
        {submitting ? 'Saving…' : 'Save policy'}
      </Button>
    </form>
  );
}
