// Over real HTTP against `next start`: every console page as each role and anonymously, the API's 401s, and
// the health endpoint.
import { describe, expect, inject, it } from 'vitest';
import { E2E_PASSWORD, E2E_ROLES, e2eEmail } from '../support/e2e-data';

const baseURL = inject('baseURL');

const PAGES: Record<string, string[]> = {
  '/dashboard': ['admin', 'ops', 'manager'],
  '/customers': ['admin', 'ops', 'marketer', 'manager'],
  '/imports': ['admin', 'ops'],
  '/models': ['admin', 'manager'],
  '/settings/members': ['admin'],
  '/settings/api-keys': ['admin'],
  '/settings/audit': ['admin'],
};

/** Signs in through next-auth's credentials endpoint and returns the session cookie header. */
async function sessionCookie(email: string): Promise<string> {
  const csrf = await fetch(`${baseURL}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const jar = csrf.headers.getSetCookie().map((c) => c.split(';')[0]);
  const res = await fetch(`${baseURL}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: jar.join('; ') },
    body: new URLSearchParams({ csrfToken, email, password: E2E_PASSWORD, json: 'true' }),
  });
  const session = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .find((c) => c?.startsWith('next-auth.session-token='));
  if (!session) throw new Error(`sign-in failed for ${email}: ${res.status}`);
  return [...jar, session].join('; ');
}

describe('console pages over HTTP', () => {
  it('send anonymous visitors to the sign-in page', async () => {
    for (const page of Object.keys(PAGES)) {
      const res = await fetch(`${baseURL}${page}`, { redirect: 'manual' });
      expect({ page, status: res.status, to: new URL(res.headers.get('location') ?? '/', baseURL).pathname }).toEqual({
        page,
        status: 307,
        to: '/login',
      });
    }
  });

  for (const role of E2E_ROLES) {
    it(`serve ${role} exactly the pages the role may see`, async () => {
      const cookie = await sessionCookie(e2eEmail(role));
      for (const [page, allowed] of Object.entries(PAGES)) {
        const res = await fetch(`${baseURL}${page}`, { redirect: 'manual', headers: { cookie } });
        const outcome =
          res.status === 200
            ? 'allowed'
            : new URL(res.headers.get('location') ?? '/', baseURL).pathname === '/forbidden'
              ? 'denied'
              : `status ${res.status}`;
        expect({ page, outcome }).toEqual({ page, outcome: allowed.includes(role) ? 'allowed' : 'denied' });
      }
    });
  }

  it('never show personal data in clear in a page', async () => {
    const html = await (
      await fetch(`${baseURL}/customers`, { headers: { cookie: await sessionCookie(e2eEmail('ops')) } })
    ).text();
    expect(html).toContain('CUST-001');
    expect(html).not.toContain('ada@example.com');
    expect(html).not.toContain('Lovelace');
  });
});

describe('console route handlers over HTTP', () => {
  it('let only admins and ops list and upload imports', async () => {
    expect((await fetch(`${baseURL}/api/imports`)).status).toBe(401);
    for (const role of E2E_ROLES) {
      const cookie = await sessionCookie(e2eEmail(role));
      const list = await fetch(`${baseURL}/api/imports`, { headers: { cookie } });
      const upload = await fetch(`${baseURL}/api/imports?kind=customers&fileName=x.csv`, {
        method: 'POST',
        headers: { cookie },
        body: 'customer_id\nZ1\n',
      });
      const allowed = role === 'admin' || role === 'ops';
      expect({ role, list: list.status, upload: upload.status }).toEqual({
        role,
        list: allowed ? 200 : 403,
        upload: allowed ? 202 : 403,
      });
    }
  });
});

describe('console route handlers over HTTP', () => {
  it('let only holders of models.read poll training progress', async () => {
    expect((await fetch(`${baseURL}/api/models/activity`)).status).toBe(401);
    for (const role of E2E_ROLES) {
      const res = await fetch(`${baseURL}/api/models/activity`, {
        headers: { cookie: await sessionCookie(e2eEmail(role)) },
      });
      const allowed = role === 'admin' || role === 'manager';
      expect({ role, status: res.status }).toEqual({ role, status: allowed ? 200 : 403 });
      if (allowed) expect(await res.json()).toMatchObject({ runs: [], snapshots: [] });
    }
  });

  it('let only holders of models.read poll scoring progress', async () => {
    expect((await fetch(`${baseURL}/api/scoring/runs`)).status).toBe(401);
    for (const role of E2E_ROLES) {
      const res = await fetch(`${baseURL}/api/scoring/runs`, {
        headers: { cookie: await sessionCookie(e2eEmail(role)) },
      });
      const allowed = role === 'admin' || role === 'manager';
      expect({ role, status: res.status }).toEqual({ role, status: allowed ? 200 : 403 });
      if (allowed) expect(await res.json()).toEqual({ runs: [] });
    }
  });
});

describe('HTTP API', () => {
  it('serves the OpenAPI 3.1 document generated from the schemas', async () => {
    const doc = await (await fetch(`${baseURL}/api/v1/openapi.json`)).json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/customers',
        '/api/v1/events',
        '/api/v1/transactions',
        '/api/v1/tickets',
        '/api/v1/customers/{customer_id}',
      ]),
    );
    expect(doc.components.schemas.Event.required).toEqual(
      expect.arrayContaining(['customer_id', 'occurred_at', 'type']),
    );
  });

  it('answers 401 with a JSON error to calls without a valid key', async () => {
    for (const auth of [undefined, 'Bearer nope', 'Token abc']) {
      const res = await fetch(`${baseURL}/api/v1/customers`, { headers: auth ? { authorization: auth } : {} });
      expect(res.status).toBe(401);
      expect((await res.json()).error.code).toBe('unauthenticated');
    }
  });

  it('reports health with database and Redis status', async () => {
    const res = await fetch(`${baseURL}/api/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      status: 'ok',
      checks: { database: { status: 'up' }, redis: { status: 'up' } },
    });
  });
});
