/**
 * The one permission table. Every page, server action, route handler and CLI command asks for one of these,
 * never for a role name; anything not listed for a role or key is denied.
 */
export const PERMISSIONS = [
  'workspace.read',
  'dashboard.read',
  'customers.read',
  'customers.reveal_pii',
  'customers.write',
  'events.write',
  'transactions.write',
  'tickets.write',
  'imports.write',
  'alerts.read',
  'tasks.write',
  'strategies.read',
  'strategies.write',
  'campaigns.read',
  'campaigns.write',
  'reports.read',
  'models.read',
  'models.write',
  'members.read',
  'members.write',
  'api_keys.read',
  'api_keys.write',
  'channels.write',
  'audit.read',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLES = ['admin', 'ops', 'marketer', 'manager'] as const;
export type RoleName = (typeof ROLES)[number];

const READ_ONLY: Permission[] = [
  'workspace.read',
  'dashboard.read',
  'customers.read',
  'alerts.read',
  'strategies.read',
  'campaigns.read',
  'reports.read',
  'models.read',
];

export const ROLE_PERMISSIONS: Record<RoleName, ReadonlySet<Permission>> = {
  admin: new Set<Permission>([
    'workspace.read',
    'dashboard.read',
    'customers.read',
    'customers.write',
    'events.write',
    'transactions.write',
    'tickets.write',
    'imports.write',
    'alerts.read',
    'models.read',
    'models.write',
    'members.read',
    'members.write',
    'api_keys.read',
    'api_keys.write',
    'channels.write',
    'audit.read',
  ]),
  ops: new Set<Permission>([
    'workspace.read',
    'dashboard.read',
    'customers.read',
    'customers.reveal_pii',
    'customers.write',
    'events.write',
    'transactions.write',
    'tickets.write',
    'imports.write',
    'alerts.read',
    'tasks.write',
  ]),
  marketer: new Set<Permission>([
    'workspace.read',
    'customers.read',
    'strategies.read',
    'strategies.write',
    'campaigns.read',
    'campaigns.write',
    'reports.read',
  ]),
  manager: new Set<Permission>(READ_ONLY),
};

/** What an API key may be granted: the machine-facing subset of the table. */
export const API_KEY_SCOPES = [
  'workspace.read',
  'customers.read',
  'customers.reveal_pii',
  'customers.write',
  'events.write',
  'transactions.write',
  'tickets.write',
  'reports.read',
  'audit.read',
] as const satisfies readonly Permission[];
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

export function isRole(value: string): value is RoleName {
  return (ROLES as readonly string[]).includes(value);
}

export function isPermission(value: string): value is Permission {
  return (PERMISSIONS as readonly string[]).includes(value);
}

export function permissionsForRole(role: string): ReadonlySet<Permission> {
  return isRole(role) ? ROLE_PERMISSIONS[role] : new Set();
}

export function hasPermission(granted: ReadonlySet<string>, permission: Permission): boolean {
  return granted.has(permission);
}
