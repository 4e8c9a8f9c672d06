// Roles (domain.md §1) mapped to permissions in one table. Each route declares the one
// permission it needs; a user may hold several roles and gets the union.

export const ROLES = [
  'admin',
  'sales_manager',
  'sales_rep',
  'order_desk',
  'back_office',
  'billing',
  'legal',
] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  'users.read',
  'users.manage',
  'org_units.read',
  'org_units.manage',
  'tenant.manage',
  'audit.read',
  'jobs.read',
  'jobs.run',
  'mail_outbox.read',
  'catalog.read',
  'catalog.manage',
  'attributes.manage',
  'customers.read',
  'customers.manage',
  'portal_users.manage',
  'agreements.read',
  'agreements.manage',
  'orders.read',
  'orders.place',
  'orders.complete',
  /** 注文一括登録: orders from a CSV, placed and completed at once (migration, bulk sales). */
  'orders.import',
  'contracts.read',
  'contracts.manage',
  'billing.read',
  'billing.run',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const READ_SALES: Permission[] = [
  'org_units.read',
  'catalog.read',
  'customers.read',
  'agreements.read',
  'orders.read',
  'contracts.read',
  'jobs.read',
];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: PERMISSIONS,
  sales_manager: [
    ...READ_SALES,
    'users.read',
    'audit.read',
    'jobs.run',
    'catalog.manage',
    'attributes.manage',
    'customers.manage',
    'portal_users.manage',
    'agreements.manage',
    'orders.place',
    'contracts.manage',
  ],
  sales_rep: [...READ_SALES, 'customers.manage', 'agreements.manage', 'orders.place'],
  // The branch (受付): registers customers, contracts and orders.
  order_desk: [...READ_SALES, 'customers.manage', 'portal_users.manage', 'orders.place', 'contracts.manage'],
  // 事務センター: completes and confirms orders.
  back_office: [...READ_SALES, 'audit.read', 'jobs.run', 'orders.complete', 'contracts.manage'],
  billing: [...READ_SALES, 'audit.read', 'jobs.run', 'billing.read', 'billing.run'],
  legal: ['org_units.read', 'customers.read', 'audit.read'],
};

/**
 * A portal user (顧客アカウント) acts for one customer only: the services narrow every read
 * and order to that customer (TenantContext.customerScope).
 */
export const PORTAL_PERMISSIONS: readonly Permission[] = ['orders.read', 'orders.place', 'contracts.read'];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export function permissionsOf(roles: readonly string[]): Set<Permission> {
  const granted = new Set<Permission>();
  for (const role of roles) {
    if (!isRole(role)) continue;
    for (const permission of ROLE_PERMISSIONS[role]) granted.add(permission);
  }
  return granted;
}
