import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { isAppError } from '../errors';
import { listUserWorkspaces, userBelongsTo } from '../workspaces/service';
import { signInWithPassword } from './login';

export const TOO_MANY_ATTEMPTS = 'TooManyAttempts';

type HfToken = { uid?: string; wsId?: string | null };

/**
 * next-auth with email + password. The JWT carries only the user and the chosen workspace; the role is read
 * from the database on each request (see session.ts), so a role change or removal applies at once.
 */
export const authOptions: NextAuthOptions = {
  session: { strategy: 'jwt', maxAge: 12 * 60 * 60 },
  pages: { signIn: '/login' },
  providers: [
    CredentialsProvider({
      name: 'Email',
      credentials: { email: { label: 'Email', type: 'email' }, password: { label: 'Password', type: 'password' } },
      async authorize(credentials) {
        try {
          const user = await signInWithPassword(credentials);
          return user ? { id: user.id, email: user.email, name: user.name } : null;
        } catch (err) {
          // next-auth passes the thrown message to the sign-in form as `error`.
          if (isAppError(err) && err.code === 'rate_limited') throw new Error(TOO_MANY_ATTEMPTS);
          throw err;
        }
      },
    }),
  ],
  callbacks: {
    async jwt({ token, user, trigger, session }) {
      const t = token as typeof token & HfToken;
      if (user) {
        t.uid = user.id;
        t.wsId = (await listUserWorkspaces(user.id))[0]?.id ?? null;
      }
      if (trigger === 'update' && t.uid) {
        const wanted = (session as { workspaceId?: unknown } | undefined)?.workspaceId;
        if (typeof wanted === 'string' && (await userBelongsTo(t.uid, wanted))) t.wsId = wanted;
      }
      return t;
    },
    async session({ session, token }) {
      const t = token as typeof token & HfToken;
      return { ...session, uid: t.uid, wsId: t.wsId ?? null };
    },
  },
};
