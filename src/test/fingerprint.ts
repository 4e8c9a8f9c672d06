// A fingerprint of what the database holds: row count and a digest of the rows of every
// table in schema `public` (optionally only one tenant's rows). Two equal fingerprints
// around a request mean it wrote nothing.
import type { Database } from '../platform/db/database.js';

/** Columns that authentication itself touches (sliding session expiry, token last use). */
const VOLATILE_COLUMNS = ['last_seen_at', 'expires_at', 'last_used_at'];

const quote = (identifier: string) => `"${identifier.replace(/"/g, '""')}"`;
const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;

interface TableInfo {
  name: string;
  column: 'tenant_id' | 'id' | null;
}

const tablesOf = new WeakMap<Database, Promise<TableInfo[]>>();

async function listTables(database: Database): Promise<TableInfo[]> {
  const { rows } = await database.executeSql(
    `select t.table_name as name,
            bool_or(c.column_name = 'tenant_id') as has_tenant,
            bool_or(c.column_name = 'id') as has_id
       from information_schema.tables t
       join information_schema.columns c on c.table_schema = t.table_schema and c.table_name = t.table_name
      where t.table_schema = 'public' and t.table_type = 'BASE TABLE'
      group by t.table_name
      order by t.table_name`,
  );
  return rows.map((row) => ({
    name: String(row.name),
    column: row.has_tenant ? 'tenant_id' : row.name === 'tenants' && row.has_id ? 'id' : null,
  }));
}

/**
 * `{ table: "<rows>:<md5 of the rows>" }` for every table of schema public. With a tenant id,
 * only that tenant's rows (tables without a tenant column are then left out).
 */
export async function databaseFingerprint(
  database: Database,
  tenantId?: string,
): Promise<Record<string, string>> {
  let tables = tablesOf.get(database);
  if (!tables) {
    tables = listTables(database);
    tablesOf.set(database, tables);
  }
  const selected = (await tables).filter((table) => tenantId === undefined || table.column !== null);
  if (selected.length === 0) throw new Error('no tables in schema public');
  const volatile = VOLATILE_COLUMNS.map((column) => ` - ${literal(column)}`).join('');
  const parts = selected.map((table) => {
    const where = tenantId !== undefined ? ` where r.${quote(table.column!)} = $1` : '';
    return `select ${literal(table.name)} as name, count(*)::text || ':' || md5(coalesce(string_agg(x.row, E'\\n' order by x.row), '')) as print
              from (select (to_jsonb(r)${volatile})::text as row from public.${quote(table.name)} r${where}) x`;
  });
  const { rows } = await database.executeSql(
    parts.join('\nunion all\n'),
    tenantId !== undefined ? [tenantId] : [],
  );
  return Object.fromEntries(rows.map((row) => [String(row.name), String(row.print)]));
}
