import type { MessageKey } from '../i18n';
import type { Permission } from './permissions';

export type NavItem = { href: string; label: MessageKey; permission: Permission; section?: 'settings' };

/** The console's navigation; each entry shows only to those holding its permission. */
export const NAVIGATION: NavItem[] = [
  { href: '/dashboard', label: 'nav.dashboard', permission: 'dashboard.read' },
  { href: '/customers', label: 'nav.customers', permission: 'customers.read' },
  { href: '/alerts', label: 'nav.alerts', permission: 'alerts.read' },
  { href: '/imports', label: 'nav.imports', permission: 'imports.write' },
  { href: '/models', label: 'nav.models', permission: 'models.read' },
  { href: '/settings/members', label: 'nav.members', permission: 'members.read', section: 'settings' },
  { href: '/settings/api-keys', label: 'nav.apiKeys', permission: 'api_keys.read', section: 'settings' },
  { href: '/settings/alerts', label: 'nav.alertSettings', permission: 'channels.write', section: 'settings' },
  { href: '/settings/audit', label: 'nav.audit', permission: 'audit.read', section: 'settings' },
];

export function navigationFor(permissions: ReadonlySet<string>): NavItem[] {
  return NAVIGATION.filter((item) => permissions.has(item.permission));
}

/**
 * Where a signed-in member starts: their first navigation entry, since not every role may open the dashboard.
 * A role with no entry at all lands on the "not allowed" page, which explains what is missing.
 */
export function homePath(permissions: ReadonlySet<string>): string {
  return navigationFor(permissions)[0]?.href ?? '/forbidden';
}
