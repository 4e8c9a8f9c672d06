import { describe, expect, test } from 'vitest';
import { isRole, PERMISSIONS, permissionsOf, ROLE_PERMISSIONS, ROLES } from './permissions.rules.js';

describe('roles and permissions', () => {
  test('the roles of domain.md §1', () => {
    expect([...ROLES].sort()).toEqual(
      ['admin', 'back_office', 'billing', 'legal', 'order_desk', 'sales_manager', 'sales_rep'].sort(),
    );
  });

  test('admin holds every permission; every role grants only known permissions', () => {
    expect([...permissionsOf(['admin'])].sort()).toEqual([...PERMISSIONS].sort());
    for (const role of ROLES) {
      for (const permission of ROLE_PERMISSIONS[role]) expect(PERMISSIONS).toContain(permission);
    }
  });

  test('several roles give the union; unknown roles give nothing', () => {
    const union = permissionsOf(['sales_rep', 'billing']);
    expect(union.has('jobs.run')).toBe(true);
    expect(union.has('org_units.read')).toBe(true);
    expect(union.has('users.manage')).toBe(false);
    expect(permissionsOf(['superuser', 'root']).size).toBe(0);
    expect(permissionsOf([]).size).toBe(0);
  });

  test('only admin manages users, org units and tenant settings', () => {
    for (const role of ROLES) {
      const granted = permissionsOf([role]);
      const manages =
        granted.has('users.manage') || granted.has('org_units.manage') || granted.has('tenant.manage');
      expect(manages).toBe(role === 'admin');
    }
  });

  test('isRole', () => {
    expect(isRole('billing')).toBe(true);
    expect(isRole('Billing')).toBe(false);
  });
});
