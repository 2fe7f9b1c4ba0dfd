// Over real HTTP against `next start`: customer ids that need escaping in a path reach the API intact, once
// decoded (Next decodes the path segment; a second decode would mangle `%` or fail on it).
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { createKey, createRoleWorkspace, type RoleWorkspace } from '../support/fixtures';
import { insertCustomers } from '../support/customers';

const baseURL = inject('baseURL');
const IDS = ['100%', 'a%2Fb', 'x/y?z#w', 'Zoë 客户 1', "O'Brien; DROP TABLE customers;--"];
let ws: RoleWorkspace;
let key: string;

beforeAll(async () => {
  ws = await createRoleWorkspace('api-ids');
  await insertCustomers(
    ws.id,
    IDS.map((id) => ({ id, segment: 'smb' })),
  );
  key = await createKey(ws, ['customers.read']);
});

describe('customer ids in API paths', () => {
  it('finds each customer by its escaped id, and 404s an unknown one', async () => {
    for (const id of IDS) {
      const res = await fetch(`${baseURL}/api/v1/customers/${encodeURIComponent(id)}`, {
        headers: { authorization: `Bearer ${key}` },
      });
      expect({ id, status: res.status }).toEqual({ id, status: 200 });
      expect(((await res.json()) as { customerId: string }).customerId).toBe(id);
    }
    const missing = await fetch(`${baseURL}/api/v1/customers/${encodeURIComponent('100%%')}`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(missing.status).toBe(404);
  });
});
