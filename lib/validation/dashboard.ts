import { z } from 'zod';

/** The dashboard's range, from ?days= in the URL; anything else falls back to 30 days. */
export const dashboardSearchSchema = z.object({
  days: z
    .enum(['7', '30', '90'])
    .catch('30')
    .default('30')
    .transform((v) => Number(v) as 7 | 30 | 90),
});
