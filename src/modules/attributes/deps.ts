// What the attribute use cases need from outside the module: where other modules keep the
// values (`attributes` jsonb columns), so a definition's type is locked once a value exists.
// The composition root (src/app.ts) names them; this module imports no other module.
import type { AnyPgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Database } from '../../platform/db/database.js';
import type { AttributeEntity } from './schema.js';

export interface AttributeValueStore {
  /** Whose definitions the values follow: customers' values, or order items' product values. */
  entity: AttributeEntity;
  table: PgTable;
  tenantId: AnyPgColumn;
  /** A jsonb object keyed by the definitions' keys. */
  attributes: AnyPgColumn;
}

export interface AttributeDeps {
  database: Database;
  valueStores: readonly AttributeValueStore[];
}
