import { revalidatePath } from 'next/cache';
import { cookies } from 'next/headers';

// Server actions also run in-process under the permission-matrix tests, outside any Next.js request; there
// is no page cache or response to touch then, so these two effects are skipped.
function outsideRequest(err: unknown): boolean {
  return (
    err instanceof Error &&
    /outside a request scope|static generation store missing|workStore|was called outside/i.test(err.message)
  );
}

export function refreshPage(path: string, type?: 'layout' | 'page'): void {
  try {
    revalidatePath(path, type);
  } catch (err) {
    if (!outsideRequest(err)) throw err;
  }
}

export async function setResponseCookie(name: string, value: string, maxAgeSeconds: number): Promise<void> {
  try {
    (await cookies()).set(name, value, { path: '/', maxAge: maxAgeSeconds, sameSite: 'lax' });
  } catch (err) {
    if (!outsideRequest(err)) throw err;
  }
}
