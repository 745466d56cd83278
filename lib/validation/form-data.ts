/**
 * The named fields of a form post, for a server action to parse with its schema. Server actions
 * are public endpoints: anyone can post JSON instead of the form's FormData, and then every field
 * is missing (so the schema says what is wrong) instead of a 500 from calling .get on a number.
 */
export function formFields<K extends string>(input: unknown, names: readonly K[]): Record<K, FormDataEntryValue | null> {
  const form = input instanceof FormData ? input : null;
  return Object.fromEntries(names.map((name) => [name, form?.get(name) ?? null])) as Record<K, FormDataEntryValue | null>;
}

/** Every value of a repeated field (checkboxes), or none when the input is not a form. */
export function formValues(input: unknown, name: string): FormDataEntryValue[] {
  return input instanceof FormData ? input.getAll(name) : [];
}
