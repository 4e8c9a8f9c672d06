// Use cases of custom attribute definitions (商品カスタム属性定義管理, 顧客カスタム属性定義管理):
// list, create, edit (rename, required, options, position, retire), delete.
import { and, asc, eq, ilike, isNull, or, sql } from 'drizzle-orm';
import { recordChange } from '../../platform/audit/service.js';
import type { TenantContext } from '../../platform/context.js';
import type { Tx } from '../../platform/db/database.js';
import { DomainError } from '../../platform/domain-error.js';
import { newId } from '../../platform/ids/id.js';
import { checkOptions, generateKey, hasOptions, normaliseOptions } from './attribute-definition.rules.js';
import type { AttributeValueStore } from './deps.js';
import {
  type AttributeEntity,
  type AttributeOption,
  type AttributeType,
  attributeDefinitions,
} from './schema.js';

export interface AttributeDefinitionRecord {
  id: string;
  entity: AttributeEntity;
  key: string;
  labelJa: string;
  labelEn: string | null;
  type: AttributeType;
  required: boolean;
  options: { value: string; labelJa: string; labelEn: string | null }[];
  position: number;
  retired: boolean;
  retiredAt: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

type Row = typeof attributeDefinitions.$inferSelect;

const toRecord = (row: Row): AttributeDefinitionRecord => ({
  id: row.id,
  entity: row.entity,
  key: row.key,
  labelJa: row.labelJa,
  labelEn: row.labelEn,
  type: row.type,
  required: row.required,
  options: row.options.map((option) => ({ ...option, labelEn: option.labelEn ?? null })),
  position: row.position,
  retired: row.retiredAt !== null,
  retiredAt: row.retiredAt?.toISOString() ?? null,
  version: row.version,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

/** The audit view: what a person changes (no timestamps). */
const audited = (row: Row) => {
  const { createdAt: _createdAt, updatedAt: _updatedAt, ...rest } = toRecord(row);
  return rest;
};

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (character) => `\\${character}`);
}

/**
 * A portal user (顧客アカウント) sees product attributes only (they are asked when ordering);
 * customer attribute definitions are internal to the staff.
 */
const visibleEntity = (context: TenantContext, entity: AttributeEntity) =>
  !context.customerScope || entity === 'product';

export interface DefinitionQuery {
  entity?: AttributeEntity | undefined;
  q?: string | undefined;
  includeRetired?: boolean | undefined;
}

/** Definitions by entity and position (a form's order); retired ones only when asked. */
export async function listDefinitions(
  context: TenantContext,
  query: DefinitionQuery,
): Promise<AttributeDefinitionRecord[]> {
  const entity = context.customerScope ? 'product' : query.entity;
  if (query.entity && !visibleEntity(context, query.entity)) return [];
  const q = query.q?.trim();
  const pattern = q ? `%${escapeLike(q)}%` : undefined;
  const rows = await context.database.inTenant(context.tenantId, (tx) =>
    tx
      .select()
      .from(attributeDefinitions)
      .where(
        and(
          eq(attributeDefinitions.tenantId, context.tenantId),
          entity ? eq(attributeDefinitions.entity, entity) : undefined,
          query.includeRetired ? undefined : isNull(attributeDefinitions.retiredAt),
          pattern
            ? or(
                ilike(attributeDefinitions.key, pattern),
                ilike(attributeDefinitions.labelJa, pattern),
                ilike(attributeDefinitions.labelEn, pattern),
              )
            : undefined,
        ),
      )
      .orderBy(
        asc(attributeDefinitions.entity),
        asc(attributeDefinitions.position),
        asc(attributeDefinitions.key),
      ),
  );
  return rows.map(toRecord);
}

async function loadRow(tx: Tx, context: TenantContext, id: string, forUpdate: boolean): Promise<Row> {
  const query = tx
    .select()
    .from(attributeDefinitions)
    .where(and(eq(attributeDefinitions.tenantId, context.tenantId), eq(attributeDefinitions.id, id)));
  const [row] = forUpdate ? await query.for('update') : await query;
  if (!row || !visibleEntity(context, row.entity)) throw new DomainError('not_found');
  return row;
}

export async function getDefinition(context: TenantContext, id: string): Promise<AttributeDefinitionRecord> {
  return toRecord(await context.database.inTenant(context.tenantId, (tx) => loadRow(tx, context, id, false)));
}

export interface NewDefinition {
  entity: AttributeEntity;
  key?: string | undefined;
  labelJa: string;
  labelEn?: string | null | undefined;
  type: AttributeType;
  required?: boolean | undefined;
  options?: AttributeOption[] | undefined;
  position?: number | undefined;
}

const keyTaken = () =>
  new DomainError('attribute_key_taken', {
    errors: [
      {
        path: '/key',
        message: { ja: 'このキーは既に使われています。', en: 'is already used by another attribute.' },
      },
    ],
  });

const optionsInvalid = (errors: ReturnType<typeof checkOptions>) =>
  new DomainError('attribute_options_invalid', { errors });

/** Keys and the highest position of the entity's definitions (retired ones keep their keys). */
async function keysOf(tx: Tx, tenantId: string, entity: AttributeEntity) {
  const rows = await tx
    .select({ key: attributeDefinitions.key, position: attributeDefinitions.position })
    .from(attributeDefinitions)
    .where(and(eq(attributeDefinitions.tenantId, tenantId), eq(attributeDefinitions.entity, entity)));
  return {
    keys: new Set(rows.map((row) => row.key)),
    maxPosition: rows.reduce((max, row) => Math.max(max, row.position), 0),
  };
}

export async function createDefinition(
  context: TenantContext,
  input: NewDefinition,
): Promise<AttributeDefinitionRecord> {
  const options = normaliseOptions(input.options ?? []);
  const optionErrors = checkOptions(input.type, options);
  if (optionErrors.length > 0) throw optionsInvalid(optionErrors);
  return context.database.inTenant(context.tenantId, async (tx) => {
    // A generated key that a concurrent create took in the meantime is generated again.
    for (let attempt = 0; attempt < 3; attempt++) {
      const existing = await keysOf(tx, context.tenantId, input.entity);
      if (input.key !== undefined && existing.keys.has(input.key)) throw keyTaken();
      const key = input.key ?? generateKey(input, existing.keys);
      const [row] = await tx
        .insert(attributeDefinitions)
        .values({
          tenantId: context.tenantId,
          id: newId(),
          entity: input.entity,
          key,
          labelJa: input.labelJa.trim(),
          labelEn: input.labelEn?.trim() || null,
          type: input.type,
          required: input.required ?? false,
          options,
          position: input.position ?? existing.maxPosition + 1,
        })
        .onConflictDoNothing()
        .returning();
      if (!row) {
        if (input.key !== undefined) throw keyTaken();
        continue;
      }
      await recordChange(tx, context.tenantId, context.actor, {
        entity: 'attribute_definition',
        entityId: row.id,
        action: 'create',
        after: audited(row),
      });
      return toRecord(row);
    }
    throw keyTaken();
  });
}

export interface DefinitionChange {
  version: number;
  labelJa?: string | undefined;
  labelEn?: string | null | undefined;
  type?: AttributeType | undefined;
  required?: boolean | undefined;
  options?: AttributeOption[] | undefined;
  position?: number | undefined;
  retired?: boolean | undefined;
}

/** Whether any record of the definition's entity holds a value under its key. */
async function keyInUse(
  tx: Tx,
  tenantId: string,
  stores: readonly AttributeValueStore[],
  definition: Row,
): Promise<boolean> {
  for (const store of stores.filter((s) => s.entity === definition.entity)) {
    const [found] = await tx
      .select({ one: sql<number>`1` })
      .from(store.table)
      .where(and(eq(store.tenantId, tenantId), sql`${store.attributes} ? ${definition.key}`))
      .limit(1);
    if (found) return true;
  }
  return false;
}

export async function updateDefinition(
  context: TenantContext,
  valueStores: readonly AttributeValueStore[],
  id: string,
  change: DefinitionChange,
): Promise<AttributeDefinitionRecord> {
  return context.database.inTenant(context.tenantId, async (tx) => {
    const before = await loadRow(tx, context, id, true);
    if (before.version !== change.version) throw new DomainError('version_conflict');
    const type = change.type ?? before.type;
    // A type without options drops them; a select type keeps its options unless new ones are given.
    const options =
      change.options !== undefined
        ? normaliseOptions(change.options)
        : hasOptions(type)
          ? before.options
          : [];
    const optionErrors = checkOptions(type, options);
    if (optionErrors.length > 0) throw optionsInvalid(optionErrors);
    if (type !== before.type && (await keyInUse(tx, context.tenantId, valueStores, before))) {
      throw new DomainError('attribute_type_locked', {
        errors: [
          {
            path: '/type',
            message: {
              ja: 'この属性には値が登録されているため、型は変更できません。',
              en: 'cannot change: records hold values of this attribute.',
            },
          },
        ],
      });
    }
    const retiredAt =
      change.retired === undefined
        ? before.retiredAt
        : change.retired
          ? (before.retiredAt ?? new Date())
          : null;
    const [after] = await tx
      .update(attributeDefinitions)
      .set({
        ...(change.labelJa !== undefined ? { labelJa: change.labelJa.trim() } : {}),
        ...(change.labelEn !== undefined ? { labelEn: change.labelEn?.trim() || null } : {}),
        ...(change.required !== undefined ? { required: change.required } : {}),
        ...(change.position !== undefined ? { position: change.position } : {}),
        type,
        options,
        retiredAt,
        version: sql`${attributeDefinitions.version} + 1`,
        updatedAt: new Date(),
      })
      .where(and(eq(attributeDefinitions.tenantId, context.tenantId), eq(attributeDefinitions.id, id)))
      .returning();
    if (!after) throw new DomainError('not_found');
    await recordChange(tx, context.tenantId, context.actor, {
      entity: 'attribute_definition',
      entityId: id,
      action:
        change.retired === true && !before.retiredAt
          ? 'retire'
          : change.retired === false && before.retiredAt
            ? 'unretire'
            : 'update',
      before: audited(before),
      after: audited(after),
    });
    return toRecord(after);
  });
}

/**
 * Deletes a definition. Its links to products go with it (foreign key cascade); values
 * stored under its key on customers (and on past orders) stay in their jsonb but are no
 * longer shown or validated, since no definition names them.
 */
export async function deleteDefinition(context: TenantContext, id: string): Promise<void> {
  await context.database.inTenant(context.tenantId, async (tx) => {
    const before = await loadRow(tx, context, id, true);
    await tx
      .delete(attributeDefinitions)
      .where(and(eq(attributeDefinitions.tenantId, context.tenantId), eq(attributeDefinitions.id, id)));
    await recordChange(tx, context.tenantId, context.actor, {
      entity: 'attribute_definition',
      entityId: id,
      action: 'delete',
      before: audited(before),
    });
  });
}
