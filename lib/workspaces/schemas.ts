import { z } from 'zod';
import { ROLES } from '../auth/permissions';

export const ZRole = z.enum(ROLES, { message: `must be one of ${ROLES.join(', ')}` });

export const ZWorkspaceCreate = z.object({
  slug: z
    .string()
    .trim()
    .min(2, 'must be at least 2 characters')
    .max(40, 'must be at most 40 characters')
    .regex(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/, 'may hold lowercase letters, digits and inner dashes only'),
  name: z.string().trim().min(1).max(100).optional(),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as USD')
    .default('USD'),
});
export type TWorkspaceCreate = z.infer<typeof ZWorkspaceCreate>;

export const ZEmail = z.string().trim().toLowerCase().max(254).email('must be a valid email address');
export const ZPassword = z.string().min(8, 'must be at least 8 characters').max(200);

export const ZMemberAdd = z.object({
  email: ZEmail,
  name: z.string().trim().max(100).optional(),
  role: ZRole,
  password: ZPassword.optional(),
});
export type TMemberAdd = z.infer<typeof ZMemberAdd>;

export const ZMemberRoleChange = z.object({ membershipId: z.string().min(1).max(40), role: ZRole });
export type TMemberRoleChange = z.infer<typeof ZMemberRoleChange>;

export const ZMemberRemove = z.object({ membershipId: z.string().min(1).max(40) });

export const ZLocale = z.enum(['en', 'zh']);
export type TLocale = z.infer<typeof ZLocale>;

export const ZCredentials = z.object({ email: ZEmail, password: z.string().min(1).max(200) });
