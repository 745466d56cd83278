'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useActionForm, type ActionResult } from '@/components/forms/use-action-form';
import { Button } from '@/components/ui/button';
import { Alert } from '@/components/ui/alert';
import { consentVersionSchema, type ConsentVersionInput } from '@/lib/validation/consent-admin';
import { VersionFields } from './consent-fields';

/** Publishes the next version of a purpose's or document's text. */
export function PublishVersionForm({ action, initialTitle }: { action: (values: ConsentVersionInput) => Promise<ActionResult>; initialTitle: string }) {
  const { form, onSubmit, formError, message, submitting, ready } = useActionForm<ConsentVersionInput>({
    resolver: zodResolver(consentVersionSchema) as never,
    defaultValues: { title: initialTitle, text: '' },
    action: async (values) => {
      const result = await action(values);
      if (result?.ok) form.reset({ title: values.title, text: '' });
      return result;
    },
  });
  return (
    <form onSubmit={onSubmit} method="post" noValidate className="space-y-4">
      {formError ? <Alert tone="error">{formError}</Alert> : null}
      {message ? <Alert tone="success">{message}</Alert> : null}
      <VersionFields prefix="publish" register={form.register} errors={form.formState.errors} titleLabel="Title" textLabel="Text of the new version" />
      <Button type="submit" disabled={submitting || !ready} className="sm:w-auto">
        {submitting ? 'Publishing…' : 'Publish version'}
      </Button>
    </form>
  );
}
