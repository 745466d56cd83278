'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useActionForm, type ActionResult } from '@/components/forms/use-action-form';
import { Field, describedBy, inputClass } from '@/components/ui/field';
import { Button } from '@/components/ui/button';
import { Alert } from '@/components/ui/alert';
import { profileFormSchema, type ProfileFieldDefinition } from '@/lib/validation/profile';

type Values = Record<string, string>;

/** Asks for exactly the given profile fields; optional ones can be left empty to skip them for now. */
export function ProfileFieldsForm({
  fields,
  submitLabel,
  action,
  initialValues,
  allowSkip = true,
  markOptional = true,
}: {
  fields: ProfileFieldDefinition[];
  submitLabel: string;
  action: (values: Values) => Promise<ActionResult>;
  initialValues?: Values;
  allowSkip?: boolean;
  markOptional?: boolean;
}) {
  const { form, onSubmit, formError, message, submitting, ready } = useActionForm<Values>({
    resolver: zodResolver(profileFormSchema(fields)) as never,
    defaultValues: initialValues ?? Object.fromEntries(fields.map((f) => [f.key, ''])),
    action,
  });
  const errors = form.formState.errors;
  const allOptional = allowSkip && fields.every((f) => !f.required);

  return (
    <form onSubmit={onSubmit} method="post" noValidate className="space-y-5">
      {formError ? <Alert tone="error">{formError}</Alert> : null}
      {message ? <Alert tone="success">{message}</Alert> : null}
      {fields.map((field) => {
        const error = errors[field.key]?.message as string | undefined;
        const label = field.required || !markOptional ? field.label : `${field.label} (optional)`;
        const common = { ...describedBy(field.key, error), ...form.register(field.key), className: inputClass };
        return (
          <Field key={field.key} id={field.key} label={label} error={error}>
            {field.type === 'postal_address' ? (
              <textarea {...(common as object)} rows={3} autoComplete="street-address" />
            ) : field.type === 'choice' ? (
              <select {...(common as object)}>
                <option value="">Choose…</option>
                {field.options?.map((o) => (
                  <option key={o} value={o}>
                    {o}
                  </option>
                ))}
              </select>
            ) : (
              <input {...common} type={field.type === 'tel' ? 'tel' : field.type === 'date' ? 'date' : 'text'} autoComplete={autoCompleteFor(field.key)} />
            )}
          </Field>
        );
      })}
      <Button type="submit" disabled={submitting || !ready}>
        {submitting ? 'Saving…' : submitLabel}
      </Button>
      {allOptional ? (
        <Button
          type="button"
          variant="secondary"
          disabled={submitting || !ready}
          onClick={() => action(Object.fromEntries(fields.map((f) => [f.key, ''])))}
        >
          Skip for now
        </Button>
      ) : null}
    </form>
  );
}

function autoCompleteFor(key: string) {
  return ({ given_name: 'given-name', family_name: 'family-name', phone: 'tel', birthdate: 'bday' } as Record<string, string>)[key];
}
