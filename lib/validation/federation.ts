import { z } from 'zod';

// Enterprise connection forms and their server actions. Safe client-side: plain data only.

const DOMAIN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/** "Acme.com, acme.co.uk" → ["acme.com", "acme.co.uk"]: lower-cased, trimmed, no repeats. */
export function parseDomains(raw: string) {
  return [...new Set(raw.split(/[\s,]+/).map((d) => d.trim().toLowerCase().replace(/^@/, '')).filter(Boolean))];
}

const domainsField = z
  .string({ error: 'Enter at least one email domain.' })
  .transform(parseDomains)
  .refine((list) => list.length > 0, 'Enter at least one email domain.')
  .refine((list) => list.length <= 50, 'A connection can list at most 50 domains.')
  .refine((list) => list.every((d) => DOMAIN.test(d)), 'Enter domains like acme.com, separated by commas.');

const details = {
  name: z.string({ error: 'Enter the organisation’s name.' }).trim().min(1, 'Enter the organisation’s name.').max(100, 'A name can be at most 100 characters.'),
  issuer: z
    .string({ error: 'Enter the issuer URL.' })
    .trim()
    .min(1, 'Enter the issuer URL.')
    .max(500, 'An issuer URL can be at most 500 characters.')
    .refine((v) => URL.canParse(v) && /^https?:$/.test(new URL(v).protocol), 'Enter the issuer URL, like https://login.acme.com.')
    // OpenID Connect Discovery 1.0 §3: an issuer has no query or fragment (and a link's key relies on it, federated-sign-in.ts).
    .refine((v) => !URL.canParse(v) || (!v.includes('?') && !v.includes('#') && !new URL(v).username && !new URL(v).password), 'An issuer URL has no ?query, #fragment or credentials.'),
  clientId: z.string({ error: 'Enter the client ID.' }).trim().min(1, 'Enter the client ID.').max(255, 'A client ID can be at most 255 characters.'),
  domains: domainsField,
};

const secret = z.string().max(1000, 'A client secret can be at most 1000 characters.');

export const createConnectionSchema = z.object({
  ...details,
  clientSecret: secret.min(1, 'Enter the client secret.'),
});
export type CreateConnectionInput = z.input<typeof createConnectionSchema>;

/** Editing: a blank secret keeps the one stored (it is never shown again). */
export const updateConnectionSchema = z.object({ ...details, clientSecret: secret.optional() });
export type UpdateConnectionInput = z.input<typeof updateConnectionSchema>;

export const connectionIdSchema = z.string().min(1).max(64).regex(/^[a-z0-9]+$/);
