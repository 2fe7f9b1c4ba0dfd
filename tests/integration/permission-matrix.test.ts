// Calls every server action as each role and anonymously, and every /api/v1 route handler anonymously, with
// a key lacking its scope and with a key holding it, and checks allow or deny against the spec below. A new
// action or route without a line here fails the suite.
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runAsActor, type ActionResult } from '../../lib/auth/action';
import { API_KEY_SCOPES, ROLES, type RoleName } from '../../lib/auth/permissions';
import { ROOT } from '../support/env';
import { insertCustomers } from '../support/customers';
import { createKey, createRoleWorkspace, type RoleWorkspace } from '../support/fixtures';

type ActionSpec = { module: string; allowed: RoleName[]; input: () => unknown };

const ACTIONS: Record<string, ActionSpec> = {
  addMemberAction: {
    module: 'lib/workspaces/actions.ts',
    allowed: ['admin'],
    input: () => ({ email: `m${Math.random()}@x.test`.replace('0.', ''), role: 'ops' }),
  },
  changeMemberRoleAction: {
    module: 'lib/workspaces/actions.ts',
    allowed: ['admin'],
    input: () => ({ membershipId: 'missing', role: 'ops' }),
  },
  removeMemberAction: {
    module: 'lib/workspaces/actions.ts',
    allowed: ['admin'],
    input: () => ({ membershipId: 'missing' }),
  },
  setLocaleAction: {
    module: 'lib/workspaces/actions.ts',
    allowed: ['admin', 'ops', 'marketer', 'manager'],
    input: () => 'zh',
  },
  createApiKeyAction: {
    module: 'lib/api-keys/actions.ts',
    allowed: ['admin'],
    input: () => ({ name: 'matrix', scopes: ['customers.read'] }),
  },
  revokeApiKeyAction: { module: 'lib/api-keys/actions.ts', allowed: ['admin'], input: () => ({ id: 'missing' }) },
  revealCustomerAction: {
    module: 'lib/customers/actions.ts',
    allowed: ['ops'],
    input: () => ({ customerId: 'missing' }),
  },
  // The workspace has no purchases, so an allowed training request is refused as invalid input, not queued.
  trainModelAction: {
    module: 'lib/ml/actions.ts',
    allowed: ['admin'],
    input: () => ({ label: { kind: 'inactivity', horizonDays: 90 }, algorithm: 'auto', promote: false }),
  },
  promoteModelAction: { module: 'lib/ml/actions.ts', allowed: ['admin'], input: () => ({ modelId: 'missing' }) },
  rollbackModelAction: { module: 'lib/ml/actions.ts', allowed: ['admin'], input: () => undefined },
  computeFeaturesAction: { module: 'lib/ml/actions.ts', allowed: ['admin'], input: () => undefined },
  // No champion in the matrix workspace: allowed callers are refused with 409, so nothing is queued.
  scoreNowAction: { module: 'lib/scoring/actions.ts', allowed: ['admin'], input: () => undefined },
  // An unknown customer: allowed callers are refused with 404 before anything is queued.
  rescoreCustomerAction: {
    module: 'lib/scoring/actions.ts',
    allowed: ['admin', 'ops'],
    input: () => ({ customerId: 'missing' }),
  },
  // High below medium: allowed callers get a validation error, so the thresholds stay.
  saveTierThresholdsAction: {
    module: 'lib/scoring/actions.ts',
    allowed: ['admin'],
    input: () => ({ high: 0.4, medium: 0.5 }),
  },
  markReadAction: {
    module: 'lib/alerts/actions.ts',
    allowed: ['admin', 'ops', 'manager'],
    input: () => ({ all: true }),
  },
  savePreferenceAction: {
    module: 'lib/alerts/actions.ts',
    allowed: ['admin', 'ops', 'manager'],
    input: () => ({ segment: null, cadence: 'instant', email: true }),
  },
  assignAlertAction: {
    module: 'lib/alerts/actions.ts',
    allowed: ['ops'],
    input: () => ({ alertId: 'missing', assigneeId: 'missing' }),
  },
  closeAlertAction: {
    module: 'lib/alerts/actions.ts',
    allowed: ['ops'],
    input: () => ({ alertId: 'missing', outcome: 'retained' }),
  },
  saveRuleAction: {
    module: 'lib/alerts/actions.ts',
    allowed: ['admin'],
    input: () => ({ id: 'missing', kind: 'entered_high', name: 'matrix', params: {} }),
  },
  deleteRuleAction: { module: 'lib/alerts/actions.ts', allowed: ['admin'], input: () => ({ id: 'missing' }) },
  // An ftp URL: allowed callers get a validation error, so nothing is created.
  createWebhookAction: {
    module: 'lib/alerts/actions.ts',
    allowed: ['admin'],
    input: () => ({ name: 'matrix', url: 'ftp://hooks.invalid/x' }),
  },
  setWebhookEnabledAction: {
    module: 'lib/alerts/actions.ts',
    allowed: ['admin'],
    input: () => ({ id: 'missing', enabled: false }),
  },
  deleteWebhookAction: { module: 'lib/alerts/actions.ts', allowed: ['admin'], input: () => ({ id: 'missing' }) },
  sendTestWebhookAction: { module: 'lib/alerts/actions.ts', allowed: ['admin'], input: () => ({ id: 'missing' }) },
};

type RouteSpec = {
  file: string;
  method: 'GET' | 'POST';
  scope: (typeof API_KEY_SCOPES)[number] | null;
  url: string;
  params?: Record<string, string>;
  // The answer once the scope is granted, when the matrix's empty workspace makes it something other than 200.
  granted?: number;
};
const ROUTES: RouteSpec[] = [
  { file: 'app/api/v1/me/route.ts', method: 'GET', scope: 'workspace.read', url: 'http://test/api/v1/me' },
  {
    file: 'app/api/v1/customers/route.ts',
    method: 'GET',
    scope: 'customers.read',
    url: 'http://test/api/v1/customers?limit=5',
  },
  {
    file: 'app/api/v1/customers/route.ts',
    method: 'POST',
    scope: 'customers.write',
    url: 'http://test/api/v1/customers',
  },
  {
    file: 'app/api/v1/customers/[customerId]/route.ts',
    method: 'GET',
    scope: 'customers.read',
    url: 'http://test/api/v1/customers/M1',
    params: { customerId: 'M1' },
  },
  // No champion in the matrix workspace: past the permission check, scoring says so with 409.
  {
    file: 'app/api/v1/customers/[customerId]/score/route.ts',
    method: 'POST',
    scope: 'customers.write',
    url: 'http://test/api/v1/customers/M1/score',
    params: { customerId: 'M1' },
    granted: 409,
  },
  { file: 'app/api/v1/events/route.ts', method: 'POST', scope: 'events.write', url: 'http://test/api/v1/events' },
  {
    file: 'app/api/v1/transactions/route.ts',
    method: 'POST',
    scope: 'transactions.write',
    url: 'http://test/api/v1/transactions',
  },
  { file: 'app/api/v1/tickets/route.ts', method: 'POST', scope: 'tickets.write', url: 'http://test/api/v1/tickets' },
  { file: 'app/api/v1/audit/route.ts', method: 'GET', scope: 'audit.read', url: 'http://test/api/v1/audit' },
  { file: 'app/api/v1/openapi.json/route.ts', method: 'GET', scope: null, url: 'http://test/api/v1/openapi.json' },
];

function findFiles(dir: string, name: string): string[] {
  return fs
    .readdirSync(path.join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((d) => d.isFile() && d.name === name)
    .map((d) => path.relative(ROOT, path.join(d.parentPath, d.name)));
}

let ws: RoleWorkspace;
beforeAll(async () => {
  ws = await createRoleWorkspace('matrix');
});

describe('server actions', () => {
  it('every exported server action has a line in the matrix', async () => {
    const exported: string[] = [];
    for (const file of findFiles('lib', 'actions.ts'))
      exported.push(...Object.keys(await import(path.join(ROOT, file))));
    expect(exported.sort()).toEqual(Object.keys(ACTIONS).sort());
  });

  for (const [name, spec] of Object.entries(ACTIONS)) {
    it(`${name}: allowed for ${spec.allowed.join(', ')}; denied for the others and for anonymous callers`, async () => {
      const action = (await import(path.join(ROOT, spec.module)))[name] as (
        input: unknown,
      ) => Promise<ActionResult<unknown>>;
      const anonymous = await runAsActor(null, () => action(spec.input()));
      expect(anonymous).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
      for (const role of ROLES) {
        const res = await runAsActor(ws.as[role], () => action(spec.input()));
        const denied = !res.ok && res.error.code === 'forbidden';
        expect({ role, denied }).toEqual({ role, denied: !spec.allowed.includes(role) });
        if (!res.ok) expect(res.error.code).not.toBe('internal');
      }
    });
  }
});

describe('API route handlers', () => {
  it('every /api/v1 route handler has a line in the matrix', async () => {
    const exported: string[] = [];
    for (const file of findFiles('app/api/v1', 'route.ts')) {
      for (const name of Object.keys(await import(path.join(ROOT, file))))
        if (/^(GET|POST|PUT|PATCH|DELETE)$/.test(name)) exported.push(`${name} ${file}`);
    }
    expect(exported.sort()).toEqual(ROUTES.map((r) => `${r.method} ${r.file}`).sort());
  });

  it('the OpenAPI document is public', async () => {
    const { GET } = await import(path.join(ROOT, 'app/api/v1/openapi.json/route.ts'));
    expect((await GET(new Request('http://test/api/v1/openapi.json'))).status).toBe(200);
  });

  for (const route of ROUTES.filter(
    (r): r is RouteSpec & { scope: NonNullable<RouteSpec['scope']> } => r.scope !== null,
  )) {
    it(`${route.method} ${new URL(route.url).pathname}: 401 anonymous, 403 without "${route.scope}", 200 with it`, async () => {
      await insertCustomers(ws.id, [{ id: 'M1' }]).catch(() => {});
      const handler = (await import(path.join(ROOT, route.file)))[route.method] as (
        req: Request,
        ctx: { params: Promise<object> },
      ) => Promise<Response>;
      const call = (auth?: string) =>
        handler(
          new Request(route.url, {
            method: route.method,
            headers: auth ? { authorization: auth } : {},
            body: route.method === 'POST' ? '[]' : undefined,
          }),
          { params: Promise.resolve(route.params ?? {}) },
        );

      const anon = await call();
      expect(anon.status).toBe(401);
      expect((await anon.json()).error.code).toBe('unauthenticated');
      expect((await call('Bearer hf_not-a-real-key')).status).toBe(401);
      expect((await call('Basic abc')).status).toBe(401);

      const others = API_KEY_SCOPES.filter((s) => s !== route.scope && s !== 'customers.reveal_pii');
      const without = await call(`Bearer ${await createKey(ws, others)}`);
      expect(without.status).toBe(403);
      expect((await without.json()).error).toMatchObject({
        code: 'forbidden',
        message: expect.stringContaining(route.scope),
      });

      const withScope = await call(`Bearer ${await createKey(ws, [route.scope])}`);
      expect(withScope.status).toBe(route.granted ?? 200);
    });
  }
});
