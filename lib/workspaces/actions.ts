'use server';
import { runAction } from '../auth/action';
import { refreshPage, setResponseCookie } from '../http/next-context';
import { LOCALE_COOKIE } from '../i18n/server';
import { addMember, changeMemberRole, removeMember, setUserLocale } from './service';

export async function addMemberAction(input: unknown) {
  const res = await runAction('members.write', (ctx) => addMember(ctx, input));
  refreshPage('/settings/members');
  return res;
}

export async function changeMemberRoleAction(input: unknown) {
  const res = await runAction('members.write', (ctx) => changeMemberRole(ctx, input));
  refreshPage('/settings/members');
  return res;
}

export async function removeMemberAction(input: unknown) {
  const res = await runAction('members.write', (ctx) => removeMember(ctx, input));
  refreshPage('/settings/members');
  return res;
}

/** Stores the signed-in user's language; the cookie keeps it on the sign-in page too. */
export async function setLocaleAction(locale: unknown) {
  const res = await runAction('workspace.read', async (ctx) => setUserLocale(ctx.actor.id!, locale));
  if (res.ok) await setResponseCookie(LOCALE_COOKIE, res.data, 365 * 24 * 3600);
  refreshPage('/', 'layout');
  return res;
}
