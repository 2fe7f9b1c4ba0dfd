import { z } from 'zod';
import { API_KEY_SCOPES } from '../auth/permissions';

export const ZApiKeyScope = z.enum(API_KEY_SCOPES, { message: `must be one of ${API_KEY_SCOPES.join(', ')}` });

export const ZApiKeyCreate = z.object({
  name: z.string().trim().min(1, 'is required').max(80, 'must be at most 80 characters'),
  scopes: z.array(ZApiKeyScope).min(1, 'choose at least one scope').max(API_KEY_SCOPES.length),
});
export type TApiKeyCreate = z.infer<typeof ZApiKeyCreate>;

export const ZApiKeyRevoke = z.object({ id: z.string().min(1).max(40) });
