// What one audit entry changed: the fields whose values differ between before and after.
import type { AuditEntry } from '../api/types';

/** Bookkeeping fields that change on every write and tell a reader nothing. */
const IGNORED_FIELDS = new Set(['version', 'updatedAt', 'createdAt', 'id', 'tenantId']);

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

function asRecord(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

/** The fields whose values differ between before and after, in a stable order. */
export function changedFields(entry: Pick<AuditEntry, 'before' | 'after'>): FieldChange[] {
  const before = asRecord(entry.before);
  const after = asRecord(entry.after);
  const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter(
    (field) => !IGNORED_FIELDS.has(field),
  );
  return fields
    .filter((field) => JSON.stringify(before[field] ?? null) !== JSON.stringify(after[field] ?? null))
    .map((field) => ({ field, before: before[field], after: after[field] }));
}
