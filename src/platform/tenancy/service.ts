// Tenants: creation (CLI, demo seed), lookup by slug at login, and the tenant settings
// screen. Lookup by slug spans tenants, so it runs as the system; everything else runs in
// the tenant under row-level security.
import { eq, sql } from 'drizzle-orm';
import { recordChange } from '../audit/service.js';
import type { Actor } from '../context.js';
import type { Database, Tx } from '../db/database.js';
import { DomainError } from '../domain-error.js';
import { newId } from '../ids/id.js';
import { isValidRegistrationNumber } from './registration-number.rules.js';
import { type TaxSettings, tenants } from './schema.js';

export interface Tenant {
  id: string;
  slug: string;
  name: string;
  timeZone: string;
  currency: string;
  taxSettings: TaxSettings;
  invoiceRegistrationNumber: string | null;
  version: number;
}

const toTenant = (row: typeof tenants.$inferSelect): Tenant => ({
  id: row.id,
  slug: row.slug,
  name: row.name,
  timeZone: row.timeZone,
  currency: row.currency,
  taxSettings: row.taxSettings,
  invoiceRegistrationNumber: row.invoiceRegistrationNumber,
  version: row.version,
});

export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return true;
  } catch {
    return false;
  }
}

export async function findTenantBySlug(database: Database, slug: string): Promise<Tenant | null> {
  const [row] = await database.system((tx) => tx.select().from(tenants).where(eq(tenants.slug, slug)));
  return row ? toTenant(row) : null;
}

export async function listTenantIds(database: Database): Promise<string[]> {
  const rows = await database.system((tx) => tx.select({ id: tenants.id }).from(tenants));
  return rows.map((row) => row.id);
}

export interface NewTenant {
  slug: string;
  name: string;
  timeZone?: string;
  invoiceRegistrationNumber?: string | null;
}

/** Creates the tenant row inside a system transaction the caller continues in. */
export async function insertTenant(tx: Tx, input: NewTenant): Promise<Tenant> {
  if (!/^[a-z0-9][a-z0-9-]{1,62}$/.test(input.slug)) {
    throw new DomainError('validation_failed', {
      errors: [
        {
          path: '/slug',
          message: {
            ja: '半角英小文字・数字・ハイフンで2〜63文字にしてください。',
            en: 'lowercase letters, digits and hyphens, 2-63 characters.',
          },
        },
      ],
    });
  }
  if (input.timeZone && !isValidTimeZone(input.timeZone)) throw new DomainError('time_zone_invalid');
  if (input.invoiceRegistrationNumber && !isValidRegistrationNumber(input.invoiceRegistrationNumber)) {
    throw new DomainError('registration_number_invalid');
  }
  const existing = await tx.select({ id: tenants.id }).from(tenants).where(eq(tenants.slug, input.slug));
  if (existing.length > 0) throw new DomainError('tenant_slug_taken');
  const [row] = await tx
    .insert(tenants)
    .values({
      id: newId(),
      slug: input.slug,
      name: input.name,
      timeZone: input.timeZone ?? 'Asia/Tokyo',
      invoiceRegistrationNumber: input.invoiceRegistrationNumber ?? null,
    })
    .returning();
  if (!row) throw new Error('tenant insert returned no row');
  return toTenant(row);
}

export async function getTenant(database: Database, tenantId: string): Promise<Tenant> {
  const [row] = await database.inTenant(tenantId, (tx) =>
    tx.select().from(tenants).where(eq(tenants.id, tenantId)),
  );
  if (!row) throw new DomainError('not_found');
  return toTenant(row);
}

export interface TenantSettingsChange {
  version: number;
  name?: string;
  timeZone?: string;
  taxSettings?: TaxSettings;
  invoiceRegistrationNumber?: string | null;
}

export async function updateTenantSettings(
  database: Database,
  tenantId: string,
  actor: Actor,
  change: TenantSettingsChange,
): Promise<Tenant> {
  if (change.timeZone !== undefined && !isValidTimeZone(change.timeZone))
    throw new DomainError('time_zone_invalid');
  if (change.invoiceRegistrationNumber && !isValidRegistrationNumber(change.invoiceRegistrationNumber)) {
    throw new DomainError('registration_number_invalid');
  }
  return database.inTenant(tenantId, async (tx) => {
    const [before] = await tx.select().from(tenants).where(eq(tenants.id, tenantId)).for('update');
    if (!before) throw new DomainError('not_found');
    if (before.version !== change.version) throw new DomainError('version_conflict');
    const [after] = await tx
      .update(tenants)
      .set({
        ...(change.name !== undefined ? { name: change.name } : {}),
        ...(change.timeZone !== undefined ? { timeZone: change.timeZone } : {}),
        ...(change.taxSettings !== undefined ? { taxSettings: change.taxSettings } : {}),
        ...(change.invoiceRegistrationNumber !== undefined
          ? { invoiceRegistrationNumber: change.invoiceRegistrationNumber || null }
          : {}),
        version: sql`${tenants.version} + 1`,
        updatedAt: new Date(),
      })
      .where(eq(tenants.id, tenantId))
      .returning();
    if (!after) throw new DomainError('not_found');
    await recordChange(tx, tenantId, actor, {
      entity: 'tenant',
      entityId: tenantId,
      action: 'update',
      before: toTenant(before),
      after: toTenant(after),
    });
    return toTenant(after);
  });
}
