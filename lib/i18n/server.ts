import { cookies, headers } from 'next/headers';
import { getSession } from '../auth/session';
import { isLocale, localeFromAcceptLanguage, translator, type Locale } from './index';

export const LOCALE_COOKIE = 'hf_locale';

/** The signed-in user's language, else the cookie, else the browser's preference. */
export async function getLocale(): Promise<Locale> {
  const session = await getSession();
  if (session && isLocale(session.user.locale)) return session.user.locale;
  const cookie = (await cookies()).get(LOCALE_COOKIE)?.value;
  if (isLocale(cookie)) return cookie;
  return localeFromAcceptLanguage((await headers()).get('accept-language'));
}

export async function getTranslator() {
  const locale = await getLocale();
  return { locale, t: translator(locale) };
}
