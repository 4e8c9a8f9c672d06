// Org units of a tenant: the tree users belong to.
import { and, asc, count, eq, sql } from 'drizzle-orm';
import { recordChange } from '../../platform/audit/service.js';
import type { TenantContext } from '../../platform/context.js';
import type { Tx } from '../../platform/db/database.js';
import { DomainError } from '../../platform/domain-error.js';
import { newId } from '../../platform/ids/id.js';
import { wouldCreateCycle } from './org-unit.rules.js';
import { orgUnits, users } from './schema.js';

export type OrgUnitKind = 'head_office' | 'branch' | 'back_office' | 'sales' | 'other';

export interface OrgUnit {
  id: string;
  parentId: string | null;
  code: string | null;
  name: string;
  kind: OrgUnitKind;
  version: number;
}

const toOrgUnit = (row: typeof orgUnits.$inferSelect): OrgUnit => ({
  id: row.id,
  parentId: row.parentId,
  code: row.code,
  name: row.name,
  kind: row.kind,
  version: row.version,
});

export async function listOrgUnits(context: TenantContext): Promise<OrgUnit[]> {
  const rows = await context.database.inTenant(context.tenantId, (tx) =>
    tx.select().from(orgUnits).where(eq(orgUnits.tenantId, context.tenantId)).orderBy(asc(orgUnits.name)),
  );
  return rows.map(toOrgUnit);
}

async function checkParent(
  tx: Tx,
  tenantId: string,
  id: string | null,
  parentId: string | null | undefined,
): Promise<void> {
  if (!parentId) return;
  const all = await tx
    .select({ id: orgUnits.id, parentId: orgUnits.parentId })
    .from(orgUnits)
    .where(eq(orgUnits.tenantId, tenantId));
  if (!all.some((unit) => unit.id === parentId)) throw new DomainError('org_unit_not_found');
  if (id && wouldCreateCycle(all, id, parentId)) throw new DomainError('org_unit_cycle');
}

async function checkCodeFree(
  tx: Tx,
  tenantId: string,
  code: string | null | undefined,
  exceptId: string | null,
): Promise<void> {
  if (!code) return;
  const [row] = await tx
    .select({ id: orgUnits.id })
    .from(orgUnits)
    .where(and(eq(orgUnits.tenantId, tenantId), eq(orgUnits.code, code)));
  if (row && row.id !== exceptId) throw codeTaken();
}

/** A well-formed code that another unit holds: a business rule (422), shown at the field. */
const codeTaken = () =>
  new DomainError('org_unit_code_taken', {
    errors: [
      {
        path: '/code',
        message: { ja: 'この組織コードは既に使われています。', en: 'is already used by another org unit.' },
      },
    ],
  });

export interface NewOrgUnit {
  name: string;
  code?: string | null;
  kind?: OrgUnitKind;
  parentId?: string | null;
}

/** Inserts in an open transaction (also used when a tenant is created). */
export async function insertOrgUnit(
  tx: Tx,
  tenantId: string,
  input: NewOrgUnit,
): Promise<typeof orgUnits.$inferSelect> {
  await checkParent(tx, tenantId, null, input.parentId);
  await checkCodeFree(tx, tenantId, input.code, null);
  const [row] = await tx
    .insert(orgUnits)
    .values({
      tenantId,
      id: newId(),
      name: input.name.trim(),
      code: input.code || null,
      kind: input.kind ?? 'other',
      parentId: input.parentId ?? null,
    })
    // A concurrent insert of the same code lost the race on the unique index.
    .onConflictDoNothing()
    .returning();
  if (!row) throw codeTaken();
  return row;
}

export async function createOrgUnit(context: TenantContext, input: NewOrgUnit): Promise<OrgUnit> {
  return context.database.inTenant(context.tenantId, async (tx) => {
    const row = await insertOrgUnit(tx, context.tenantId, input);
    await recordChange(tx, context.tenantId, context.actor, {
      entity: 'org_unit',
      entityId: row.id,
      action: 'create',
      after: toOrgUnit(row),
    });
    return toOrgUnit(row);
  });
}

export interface OrgUnitChange {
  version: number;
  name?: string;
  code?: string | null;
  kind?: OrgUnitKind;
  parentId?: string | null;
}

export async function updateOrgUnit(
  context: TenantContext,
  id: string,
  change: OrgUnitChange,
): Promise<OrgUnit> {
  return context.database.inTenant(context.tenantId, async (tx) => {
    if (change.parentId !== undefined) {
      // Moves are serialised per tenant, before any row lock: two concurrent moves could each
      // pass the cycle check on their own snapshot and together close a loop (or deadlock).
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext('org_units:' || ${context.tenantId}))`);
    }
    const [before] = await tx
      .select()
      .from(orgUnits)
      .where(and(eq(orgUnits.tenantId, context.tenantId), eq(orgUnits.id, id)))
      .for('update');
    if (!before) throw new DomainError('not_found');
    if (before.version !== change.version) throw new DomainError('version_conflict');
    if (change.parentId !== undefined) await checkParent(tx, context.tenantId, id, change.parentId);
    if (change.code !== undefined) await checkCodeFree(tx, context.tenantId, change.code, id);
    const [after] = await tx
      .update(orgUnits)
      .set({
        ...(change.name !== undefined ? { name: change.name.trim() } : {}),
        ...(change.code !== undefined ? { code: change.code || null } : {}),
        ...(change.kind !== undefined ? { kind: change.kind } : {}),
        ...(change.parentId !== undefined ? { parentId: change.parentId } : {}),
        version: sql`${orgUnits.version} + 1`,
        updatedAt: new Date(),
      })
      .where(and(eq(orgUnits.tenantId, context.tenantId), eq(orgUnits.id, id)))
      .returning();
    if (!after) throw new DomainError('not_found');
    await recordChange(tx, context.tenantId, context.actor, {
      entity: 'org_unit',
      entityId: id,
      action: 'update',
      before: toOrgUnit(before),
      after: toOrgUnit(after),
    });
    return toOrgUnit(after);
  });
}

export async function deleteOrgUnit(context: TenantContext, id: string): Promise<void> {
  await context.database.inTenant(context.tenantId, async (tx) => {
    const [before] = await tx
      .select()
      .from(orgUnits)
      .where(and(eq(orgUnits.tenantId, context.tenantId), eq(orgUnits.id, id)))
      .for('update');
    if (!before) throw new DomainError('not_found');
    const [children] = await tx
      .select({ n: count() })
      .from(orgUnits)
      .where(and(eq(orgUnits.tenantId, context.tenantId), eq(orgUnits.parentId, id)));
    const [members] = await tx
      .select({ n: count() })
      .from(users)
      .where(and(eq(users.tenantId, context.tenantId), eq(users.orgUnitId, id)));
    if ((children?.n ?? 0) > 0 || (members?.n ?? 0) > 0) throw new DomainError('org_unit_in_use');
    await tx.delete(orgUnits).where(and(eq(orgUnits.tenantId, context.tenantId), eq(orgUnits.id, id)));
    await recordChange(tx, context.tenantId, context.actor, {
      entity: 'org_unit',
      entityId: id,
      action: 'delete',
      before: toOrgUnit(before),
    });
  });
}
