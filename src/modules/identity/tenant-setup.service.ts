// Creating a tenant with its first admin (CLI `tenant create`), and the demo tenant the
// embedded quick start logs into.
import { and, eq } from 'drizzle-orm';
import { recordChange } from '../../platform/audit/service.js';
import { SYSTEM_ACTOR } from '../../platform/context.js';
import { type Database, enterTenant } from '../../platform/db/database.js';
import { DomainError } from '../../platform/domain-error.js';
import { tenants } from '../../platform/tenancy/schema.js';
import { insertTenant, type NewTenant } from '../../platform/tenancy/service.js';
import { hashPassword } from './credentials.js';
import { insertOrgUnit } from './org-unit.service.js';
import { isAcceptablePassword } from './password.rules.js';
import { orgUnits } from './schema.js';
import { insertUser } from './user.service.js';

export interface NewTenantWithAdmin extends NewTenant {
  adminEmail: string;
  adminPassword: string;
  adminName?: string;
}

export async function createTenantWithAdmin(
  database: Database,
  input: NewTenantWithAdmin,
): Promise<{ tenantId: string; adminUserId: string }> {
  if (!isAcceptablePassword(input.adminPassword, input.adminEmail))
    throw new DomainError('password_too_weak');
  const passwordHash = await hashPassword(input.adminPassword);
  return database.system(async (tx) => {
    const tenant = await insertTenant(tx, input);
    // From here on the transaction is the new tenant's, under row-level security.
    await enterTenant(tx, tenant.id);
    const headOffice = await insertOrgUnit(tx, tenant.id, { name: '本社', code: 'HQ', kind: 'head_office' });
    const admin = await insertUser(
      tx,
      tenant.id,
      {
        email: input.adminEmail,
        name: input.adminName ?? '管理者',
        roles: ['admin'],
        orgUnitId: headOffice.id,
      },
      passwordHash,
    );
    await recordChange(tx, tenant.id, SYSTEM_ACTOR, {
      entity: 'tenant',
      entityId: tenant.id,
      action: 'create',
      after: tenant,
    });
    await recordChange(tx, tenant.id, SYSTEM_ACTOR, {
      entity: 'user',
      entityId: admin.id,
      action: 'create',
      after: { id: admin.id, email: admin.email, name: admin.name, roles: admin.roles },
    });
    return { tenantId: tenant.id, adminUserId: admin.id };
  });
}

export const DEMO_TENANT = {
  slug: 'demo',
  name: 'デモ通信株式会社',
  adminEmail: 'admin@demo.example',
  adminPassword: 'keiyaku-demo-2026',
} as const;

/** Creates the demo tenant once; later starts find it and leave it alone. */
export async function seedDemoTenant(database: Database): Promise<{ created: boolean }> {
  const existing = await database.system((tx) =>
    tx.select({ id: tenants.id }).from(tenants).where(eq(tenants.slug, DEMO_TENANT.slug)),
  );
  if (existing.length > 0) return { created: false };
  const { tenantId } = await createTenantWithAdmin(database, {
    ...DEMO_TENANT,
    adminName: '管理者 太郎',
    invoiceRegistrationNumber: 'T7123456789012',
  });
  const demoPasswordHash = await hashPassword(DEMO_TENANT.adminPassword);
  await database.inTenant(tenantId, async (tx) => {
    const [headOffice] = await tx
      .select({ id: orgUnits.id })
      .from(orgUnits)
      .where(and(eq(orgUnits.tenantId, tenantId), eq(orgUnits.code, 'HQ')));
    const parentId = headOffice?.id ?? null;
    const unit = (name: string, code: string, kind: 'branch' | 'back_office' | 'sales') =>
      insertOrgUnit(tx, tenantId, { name, code, kind, parentId });
    const units = {
      tokyo: await unit('東京支店', 'TYO', 'branch'),
      osaka: await unit('大阪支店', 'OSA', 'branch'),
      backOffice: await unit('事務センター', 'BO', 'back_office'),
      sales: await unit('法人営業部', 'SALES', 'sales'),
    };
    const people = [
      { email: 'sales@demo.example', name: '営業 花子', roles: ['sales_rep'], orgUnitId: units.sales.id },
      {
        email: 'manager@demo.example',
        name: '営業 部長',
        roles: ['sales_manager'],
        orgUnitId: units.sales.id,
      },
      { email: 'tokyo@demo.example', name: '東京 受付', roles: ['order_desk'], orgUnitId: units.tokyo.id },
      { email: 'osaka@demo.example', name: '大阪 受付', roles: ['order_desk'], orgUnitId: units.osaka.id },
      {
        email: 'backoffice@demo.example',
        name: '事務 次郎',
        roles: ['back_office'],
        orgUnitId: units.backOffice.id,
      },
      {
        email: 'billing@demo.example',
        name: '請求 三郎',
        roles: ['billing'],
        orgUnitId: units.backOffice.id,
      },
    ];
    for (const person of people) await insertUser(tx, tenantId, person, demoPasswordHash);
  });
  return { created: true };
}
