// Writes and reads the audit log. `recordChange` is called inside the same transaction as
// the change it describes, so a change and its audit entry commit or roll back together.
import { and, desc, eq, lt } from 'drizzle-orm';
import type { Actor } from '../context.js';
import type { Database, Tx } from '../db/database.js';
import { insertAsJson } from '../db/json-insert.js';
import { newId } from '../ids/id.js';
import { type Page, pageOf } from '../pagination.js';
import { auditLog } from './schema.js';

export interface Change {
  entity: string;
  entityId: string;
  action: string;
  before?: unknown;
  after?: unknown;
}

/** Fields never written to the audit log. */
const SECRET_FIELDS = new Set(['passwordHash', 'tokenHash', 'csrfToken', 'password']);

function redact(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'object' || Array.isArray(value) || value instanceof Date) return value;
  return Object.fromEntries(Object.entries(value).filter(([key]) => !SECRET_FIELDS.has(key)));
}

export async function recordChange(tx: Tx, tenantId: string, actor: Actor, change: Change): Promise<void> {
  await auditInsert(tx, tenantId, actor, [change]);
}

/**
 * The insert of several audit entries of one use case: `await` it, or embed it in the
 * caller's own statement (`.getSQL()` in a WITH) to save a round trip on a hot path.
 */
export function auditInsert(tx: Tx, tenantId: string, actor: Actor, changes: readonly Change[]) {
  return tx.insert(auditLog).values(auditRows(tenantId, actor, changes));
}

/** The same for thousands of entries: one JSON value instead of a VALUES list (`insertAsJson`). */
export function auditInsertAsJson(tenantId: string, actor: Actor, changes: readonly Change[]) {
  return insertAsJson(auditLog, auditRows(tenantId, actor, changes));
}

/** The audit entries of `changes` as rows. */
function auditRows(tenantId: string, actor: Actor, changes: readonly Change[]) {
  return changes.map((change) => ({
    tenantId,
    id: newId(),
    actorId: actor.id,
    actorName: actor.name,
    entity: change.entity,
    entityId: change.entityId,
    action: change.action,
    before: JSON.parse(JSON.stringify(redact(change.before) ?? null)),
    after: JSON.parse(JSON.stringify(redact(change.after) ?? null)),
  }));
}

export interface AuditEntry {
  id: string;
  at: string;
  actorId: string | null;
  actorName: string;
  entity: string;
  entityId: string;
  action: string;
  before: unknown;
  after: unknown;
}

export async function listChanges(
  database: Database,
  tenantId: string,
  query: { entity: string; entityId: string; limit: number; cursor?: string | undefined },
): Promise<Page<AuditEntry>> {
  return database.inTenant(tenantId, async (tx) => {
    const rows = await tx
      .select()
      .from(auditLog)
      .where(
        and(
          eq(auditLog.tenantId, tenantId),
          and(
            eq(auditLog.entity, query.entity),
            eq(auditLog.entityId, query.entityId),
            query.cursor ? lt(auditLog.id, query.cursor) : undefined,
          ),
        ),
      )
      .orderBy(desc(auditLog.id))
      .limit(query.limit + 1);
    return pageOf(rows, query.limit, (row) => ({
      id: row.id,
      at: row.at.toISOString(),
      actorId: row.actorId,
      actorName: row.actorName,
      entity: row.entity,
      entityId: row.entityId,
      action: row.action,
      before: row.before,
      after: row.after,
    }));
  });
}
