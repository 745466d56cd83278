import { z } from 'zod';
import { ALL_PERMISSIONS, type Permission } from '@/lib/rbac/permissions';
import { emailSchema } from './auth';

// Role administration forms and their server actions. Safe client-side: the catalogue is plain data.

export const roleKeySchema = z
  .string({ error: 'Enter a key for the role.' })
  .trim()
  .min(1, 'Enter a key for the role.')
  .max(40, 'A key can be at most 40 characters.')
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'Use lowercase letters, digits and single hyphens, like billing-support.');

const permissionSet = z
  .array(z.string())
  .max(ALL_PERMISSIONS.length)
  .refine((list) => list.every((p) => (ALL_PERMISSIONS as string[]).includes(p)), 'Choose permissions from the list only.')
  .transform((list) => [...new Set(list)] as Permission[]);

const roleDetails = {
  name: z.string({ error: 'Enter a name for the role.' }).trim().min(1, 'Enter a name for the role.').max(80, 'A name can be at most 80 characters.'),
  description: z.string().trim().max(300, 'A description can be at most 300 characters.').optional(),
  permissions: permissionSet,
};

export const createRoleSchema = z.object({ key: roleKeySchema, ...roleDetails });
export type CreateRoleInput = z.input<typeof createRoleSchema>;

export const updateRoleSchema = z.object(roleDetails);
export type UpdateRoleInput = z.input<typeof updateRoleSchema>;

export const assignRoleSchema = z.object({ email: emailSchema });
export type AssignRoleInput = z.input<typeof assignRoleSchema>;
