'use server';
import { runAction } from '../auth/action';
import { refreshPage } from '../http/next-context';
import { createApiKey, revokeApiKey } from './service';

export async function createApiKeyAction(input: unknown) {
  const res = await runAction('api_keys.write', (ctx) => createApiKey(ctx, input));
  refreshPage('/settings/api-keys');
  return res;
}

export async function revokeApiKeyAction(input: unknown) {
  const res = await runAction('api_keys.write', (ctx) => revokeApiKey(ctx, input));
  refreshPage('/settings/api-keys');
  return res;
}
