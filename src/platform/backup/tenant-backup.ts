// `keiyaku backup` / `keiyaku restore` (quality.md "Backup and restore round-trips a
// tenant"): one tenant's rows, every table of it, as a gzip of lines `<table>\t<row as JSON>`
// after a header line; restored into a database of the same schema (the same migrations)
// that does not hold the tenant yet: another server, or this one after a loss.
//
// The tables come from the catalog (every table with a tenant_id column, and the tenant row),
// so a table a later migration adds is in the backup without a change here. Left out: what
// only lives while a process runs or a person logs in (sessions, reset tokens, idempotency
// keys, the dev mail outbox, job records). Rows travel as PostgreSQL's own JSON (to_jsonb
// out, jsonb_populate_recordset in): no value passes through a JavaScript number or date.
// The backup reads one snapshot (REPEATABLE READ); the restore writes in one transaction, in
// the order of the foreign keys, with the tables' own triggers off (they guard changes made
// by the application, such as "no lines on an issued invoice", which a restore re-creates
// as they were) and every foreign key and unique key checked; what the paused triggers
// check on writes (an invoice line's line item and order item exist) is checked once at the
// end (keiyaku_restore_check). Pausing triggers locks the tenant tables for the restore's
// duration: on a shared server other tenants wait for it (at most 10 s for each lock).
import readline from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { sql } from 'drizzle-orm';
import type { Database } from '../db/database.js';
import { rowsOf } from '../db/rows.js';
import type { Tx } from '../db/types.js';
import { DomainError } from '../domain-error.js';

const FORMAT = 'keiyaku-backup';
const FORMAT_VERSION = 1;
const HEADER_PREFIX = `#${FORMAT}\t`;

/** Per-process or per-login state: not part of what a tenant owns. */
export const LEFT_OUT_OF_BACKUPS: ReadonlySet<string> = new Set([
  'sessions',
  'password_reset_tokens',
  'idempotency_keys',
  'mail_outbox',
  'jobs',
]);

/** Rows per INSERT when restoring (a self-referencing table goes in one statement). */
const ROWS_PER_STATEMENT = 2000;

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

export interface BackupHeader {
  format: typeof FORMAT;
  version: number;
  /** The number of migrations of the schema the rows fit. */
  migrations: number;
  tenant: { id: string; slug: string; name: string };
  takenAt: string;
}

export interface BackupSummary {
  tenant: { id: string; slug: string };
  rows: Record<string, number>;
}

interface TableOrder {
  tables: string[];
  selfReferencing: Set<string>;
}

/**
 * The tenant's tables, each after the tables its foreign keys refer to (tenants first).
 * Self-references (an org unit's parent) are left to the one statement that inserts the table.
 */
async function tenantTables(tx: Tx): Promise<TableOrder> {
  const tables = rowsOf<{ name: string }>(
    await tx.execute(sql`
      select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = 'public' and c.relkind = 'r'
         and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped)
       order by c.relname`),
  )
    .map((row) => row.name)
    .filter((name) => !LEFT_OUT_OF_BACKUPS.has(name));
  const keys = rowsOf<{ child: string; parent: string }>(
    await tx.execute(sql`
      select c.relname as child, p.relname as parent from pg_constraint k
        join pg_class c on c.oid = k.conrelid join pg_class p on p.oid = k.confrelid
       where k.contype = 'f' and k.connamespace = 'public'::regnamespace`),
  );
  const selfReferencing = new Set(keys.filter((key) => key.child === key.parent).map((key) => key.child));
  const ordered: string[] = ['tenants'];
  const placed = new Set(ordered);
  const pending = new Set(tables);
  while (pending.size > 0) {
    const ready = [...pending].filter((table) =>
      keys.every(
        (key) =>
          key.child !== table || key.parent === table || placed.has(key.parent) || !pending.has(key.parent),
      ),
    );
    if (ready.length === 0) throw new Error(`foreign keys form a cycle among ${[...pending].join(', ')}`);
    for (const table of ready) {
      ordered.push(table);
      placed.add(table);
      pending.delete(table);
    }
  }
  for (const name of ordered) if (!IDENTIFIER.test(name)) throw new Error(`unexpected table name ${name}`);
  return { tables: ordered, selfReferencing };
}

/** The number of committed migrations, as the schema's version. */
async function migrationCount(tx: Tx): Promise<number> {
  const [row] = rowsOf<{ n: number }>(
    await tx.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`),
  );
  return row?.n ?? 0;
}

/** Binds the owner's transaction to the tenant, so row-level security lets its rows through. */
async function bindTenant(tx: Tx, tenantId: string): Promise<void> {
  await tx.execute(sql`select set_config('app.tenant_id', ${tenantId}, true)`);
}

const TRAILER_PREFIX = '#end\t';

/** Pauses (or resumes) the tables' own triggers, in the caller's transaction. */
async function setUserTriggers(tx: Tx, tables: readonly string[], mode: 'enable' | 'disable'): Promise<void> {
  for (const table of tables) {
    if (table === 'tenants') continue;
    await tx.execute(sql`alter table ${sql.identifier(table)} ${sql.raw(mode)} trigger user`);
  }
}

/**
 * Writes the backup of the tenant `slug` to `out` (gzip), ending with a line of the row counts
 * (so a cut-off file is told from a whole one); answers what it holds. An error of the
 * database or of `out` rejects, with `out` destroyed.
 */
export async function backupTenant(database: Database, slug: string, out: Writable): Promise<BackupSummary> {
  return database.system(async (tx) => {
    await tx.execute(sql`set transaction isolation level repeatable read, read only`);
    const [tenant] = rowsOf<{ id: string; slug: string; name: string }>(
      await tx.execute(sql`select id, slug, name from tenants where slug = ${slug}`),
    );
    if (!tenant) throw new DomainError('not_found');
    await bindTenant(tx, tenant.id);
    const header: BackupHeader = {
      format: FORMAT,
      version: FORMAT_VERSION,
      migrations: await migrationCount(tx),
      tenant,
      takenAt: new Date().toISOString(),
    };
    const { tables } = await tenantTables(tx);
    const counts: Record<string, number> = {};
    async function* lines(): AsyncGenerator<string> {
      yield `${HEADER_PREFIX}${JSON.stringify(header)}\n`;
      for (const table of tables) {
        const where =
          table === 'tenants' ? sql`t.id = ${header.tenant.id}` : sql`t.tenant_id = ${header.tenant.id}`;
        // A page at a time through a cursor, so no table is held in memory whole.
        await tx.execute(sql`declare keiyaku_backup no scroll cursor for
          select to_jsonb(t)::text as row from ${sql.identifier(table)} t where ${where}`);
        counts[table] = 0;
        for (;;) {
          const page = rowsOf<{ row: string }>(
            await tx.execute(sql.raw(`fetch ${ROWS_PER_STATEMENT} from keiyaku_backup`)),
          );
          if (page.length === 0) break;
          counts[table] += page.length;
          yield page.map((entry) => `${table}\t${entry.row}\n`).join('');
        }
        await tx.execute(sql`close keiyaku_backup`);
      }
      yield `${TRAILER_PREFIX}${JSON.stringify({ rows: counts })}\n`;
    }
    await pipeline(lines, zlib.createGzip(), out);
    return { tenant: { id: tenant.id, slug: tenant.slug }, rows: counts };
  });
}

/** A header or end line that is not JSON reads as nothing (and is refused by its caller). */
function parseJson<T>(text: string): T | undefined {
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}

const restoreRefusal = (ja: string, en: string) =>
  new DomainError('restore_refused', { errors: [{ path: '/', message: { ja, en } }] });

/** Restores a backup (gzip) into this database, which must not hold its tenant yet. */
export async function restoreTenant(database: Database, input: Readable): Promise<BackupSummary> {
  const gunzip = zlib.createGunzip();
  const lines = readline.createInterface({ input: gunzip, crlfDelay: Infinity });
  // A read error of the file, or a file that is not gzip, ends the lines with that error.
  pipeline(input, gunzip).catch((error: Error) => lines.emit('error', error));
  const iterator = lines[Symbol.asyncIterator]();
  const first = await iterator.next();
  const headerLine = first.done ? '' : first.value;
  if (!headerLine.startsWith(HEADER_PREFIX))
    throw restoreRefusal('Keiyaku のバックアップファイルではありません。', 'is not a Keiyaku backup file.');
  const header = parseJson<BackupHeader>(headerLine.slice(HEADER_PREFIX.length));
  if (header?.format !== FORMAT || header.version !== FORMAT_VERSION)
    throw restoreRefusal(
      'このバックアップの形式には対応していません。',
      'is in a backup format this version cannot read.',
    );

  return database.system(async (tx) => {
    const migrations = await migrationCount(tx);
    if (migrations !== header.migrations)
      throw restoreRefusal(
        `バックアップのスキーマ(マイグレーション ${header.migrations} 件)がこのデータベース(${migrations} 件)と異なります。同じ版の Keiyaku で復元してください。`,
        `was taken at schema version ${header.migrations}, this database is at ${migrations}: restore with the same Keiyaku version.`,
      );
    const existing = rowsOf<{ id: string }>(
      await tx.execute(
        sql`select id from tenants where id = ${header.tenant.id} or slug = ${header.tenant.slug}`,
      ),
    );
    if (existing.length > 0)
      throw restoreRefusal(
        `テナント「${header.tenant.slug}」はこのデータベースに既にあります。`,
        `tenant "${header.tenant.slug}" already exists in this database.`,
      );
    await bindTenant(tx, header.tenant.id);
    // Pausing triggers locks each table; on a busy server, give up rather than wait long.
    await tx.execute(sql`set local lock_timeout = '10s'`);
    const { tables, selfReferencing } = await tenantTables(tx);
    const known = new Set(tables);
    await setUserTriggers(tx, tables, 'disable');

    const counts: Record<string, number> = Object.fromEntries(tables.map((table) => [table, 0]));
    let current: string | null = null;
    let trailer: { rows: Record<string, number> } | undefined;
    let batch: string[] = [];
    let order = 0;
    const flush = async () => {
      if (current === null || batch.length === 0) return;
      // Only rows of the backup's own tenant are written (a superuser's connection is not held
      // by row-level security): a file holding any other row is refused whole.
      const own =
        current === 'tenants'
          ? sql`r.id = ${header.tenant.id}::uuid`
          : sql`r.tenant_id = ${header.tenant.id}::uuid`;
      const [written] = rowsOf<{ n: number }>(
        await tx.execute(sql`
          with written as (
            insert into ${sql.identifier(current)}
            select * from jsonb_populate_recordset(null::${sql.identifier(current)}, ${`[${batch.join(',')}]`}::jsonb) r
             where ${own}
            returning 1)
          select count(*)::int as n from written`),
      );
      if (written?.n !== batch.length)
        throw restoreRefusal(
          `表「${current}」に別のテナントの行があります。`,
          `holds rows of another tenant in "${current}".`,
        );
      counts[current] = (counts[current] ?? 0) + batch.length;
      batch = [];
    };
    for (;;) {
      const next = await iterator.next();
      if (next.done) break;
      const line = next.value;
      if (line === '') continue;
      if (line.startsWith(TRAILER_PREFIX)) {
        trailer = parseJson<{ rows: Record<string, number> }>(line.slice(TRAILER_PREFIX.length)) ?? {
          rows: {},
        };
        continue;
      }
      if (trailer) throw restoreRefusal('終了行の後に行があります。', 'holds rows after its end line.');
      const tab = line.indexOf('\t');
      const table = line.slice(0, tab);
      if (tab <= 0 || !known.has(table))
        throw restoreRefusal(
          `不明な表「${table}」の行があります。`,
          `holds rows of an unknown table "${table}".`,
        );
      if (table !== current) {
        await flush();
        const position = tables.indexOf(table);
        if (position < order)
          throw restoreRefusal('バックアップの行の順序が正しくありません。', 'holds rows out of order.');
        order = position;
        current = table;
      }
      batch.push(line.slice(tab + 1));
      if (batch.length >= ROWS_PER_STATEMENT && !selfReferencing.has(table)) await flush();
    }
    await flush();
    if (!trailer)
      throw restoreRefusal(
        'ファイルが途中で切れています(終了行がありません)。',
        'is cut off (its end line is missing).',
      );
    const expected = trailer.rows;
    if (!counts.tenants || Object.entries(counts).some(([table, n]) => (expected[table] ?? 0) !== n))
      throw restoreRefusal(
        '行数が終了行の記録と合いません。',
        'holds other row counts than its end line says.',
      );
    await setUserTriggers(tx, tables, 'enable');
    // What the paused triggers check row by row, checked once for the rows written.
    await tx.execute(sql`select keiyaku_restore_check(${header.tenant.id}::uuid)`);
    return { tenant: { id: header.tenant.id, slug: header.tenant.slug }, rows: counts };
  });
}
