// Reads of attribute definitions inside a caller's transaction: what other modules use to
// show and validate custom attribute values (customers, products at order time).
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { Tx } from '../../platform/db/database.js';
import type { AttributeDefinition } from './attribute-values.rules.js';
import { type AttributeEntity, attributeDefinitions } from './schema.js';

type DefinitionRow = typeof attributeDefinitions.$inferSelect;

export const toAttributeDefinition = (row: DefinitionRow): AttributeDefinition => ({
  id: row.id,
  key: row.key,
  labelJa: row.labelJa,
  labelEn: row.labelEn,
  type: row.type,
  required: row.required,
  options: row.options,
  position: row.position,
});

/** The definitions asked on forms and validated on writes: not retired, by position. */
export async function listActiveDefinitions(
  tx: Tx,
  tenantId: string,
  entity: AttributeEntity,
): Promise<AttributeDefinition[]> {
  const rows = await tx
    .select()
    .from(attributeDefinitions)
    .where(
      and(
        eq(attributeDefinitions.tenantId, tenantId),
        eq(attributeDefinitions.entity, entity),
        isNull(attributeDefinitions.retiredAt),
      ),
    )
    .orderBy(asc(attributeDefinitions.position), asc(attributeDefinitions.key));
  return rows.map(toAttributeDefinition);
}

/**
 * The definitions with these ids, retired ones included (a caller showing stored values
 * still needs their labels), by position. Ids not in the tenant are absent.
 */
export async function loadDefinitions(
  tx: Tx,
  tenantId: string,
  ids: readonly string[],
): Promise<AttributeDefinition[]> {
  if (ids.length === 0) return [];
  const rows = await tx
    .select()
    .from(attributeDefinitions)
    .where(
      and(eq(attributeDefinitions.tenantId, tenantId), inArray(attributeDefinitions.id, [...new Set(ids)])),
    )
    .orderBy(asc(attributeDefinitions.position), asc(attributeDefinitions.key));
  return rows.map(toAttributeDefinition);
}
