import { describe, expect, it } from 'vitest';
import { homePath, navigationFor } from '../../lib/auth/navigation';
import { API_KEY_SCOPES, PERMISSIONS, permissionsForRole, ROLE_PERMISSIONS, ROLES } from '../../lib/auth/permissions';

describe('permission table', () => {
  it('denies everything to an unknown role', () => {
    expect(permissionsForRole('owner').size).toBe(0);
    expect(permissionsForRole('').size).toBe(0);
    expect(permissionsForRole('__proto__').size).toBe(0);
  });

  it('grants only known permissions', () => {
    for (const role of ROLES) for (const p of ROLE_PERMISSIONS[role]) expect(PERMISSIONS).toContain(p);
    for (const s of API_KEY_SCOPES) expect(PERMISSIONS).toContain(s);
  });

  it('keeps the manager read-only', () => {
    expect([...ROLE_PERMISSIONS.manager].filter((p) => !p.endsWith('.read'))).toEqual([]);
  });

  it('gives settings to admins only, personal data to ops only, strategies to marketers', () => {
    const holders = (p: string) => ROLES.filter((r) => ROLE_PERMISSIONS[r].has(p as never));
    expect(holders('members.write')).toEqual(['admin']);
    expect(holders('api_keys.write')).toEqual(['admin']);
    expect(holders('audit.read')).toEqual(['admin']);
    expect(holders('customers.reveal_pii')).toEqual(['ops']);
    expect(holders('strategies.write')).toEqual(['marketer']);
    expect(holders('reports.read').sort()).toEqual(['manager', 'marketer']);
  });

  it('shows each role its own navigation', () => {
    const nav = (role: string) => navigationFor(permissionsForRole(role)).map((i) => i.href);
    expect(nav('admin')).toEqual([
      '/dashboard',
      '/customers',
      '/alerts',
      '/imports',
      '/models',
      '/settings/members',
      '/settings/api-keys',
      '/settings/alerts',
      '/settings/audit',
    ]);
    expect(nav('ops')).toEqual(['/dashboard', '/customers', '/alerts', '/imports']);
    expect(nav('marketer')).toEqual(['/customers']);
    expect(nav('manager')).toEqual(['/dashboard', '/customers', '/alerts', '/models']);
    expect(nav('nobody')).toEqual([]);
  });

  it('starts each role on its first page: the risk dashboard except for marketers, who may not read it', () => {
    const home = (role: string) => homePath(permissionsForRole(role));
    expect(ROLES.filter((r) => ROLE_PERMISSIONS[r].has('dashboard.read'))).toEqual(['admin', 'ops', 'manager']);
    expect(home('admin')).toBe('/dashboard');
    expect(home('ops')).toBe('/dashboard');
    expect(home('manager')).toBe('/dashboard');
    expect(home('marketer')).toBe('/customers');
    expect(home('nobody')).toBe('/forbidden');
  });
});
