import type { z } from 'zod';

/**
 * A zod failure as the forms show it: the first message for each top-level field, keyed by
 * the field's name ("form" for an issue about the whole input).
 */
export function fieldErrorsOf(error: z.ZodError): Record<string, string> {
  const fieldErrors: Record<string, string> = {};
  for (const issue of error.issues) fieldErrors[String(issue.path[0] ?? 'form')] ??= issue.message;
  return fieldErrors;
}
