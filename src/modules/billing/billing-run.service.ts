// Billing runs (billing.md rule 6): a run for month M is split into batches of billing
// accounts; each batch loads its line items with their completed orders and what earlier
// runs billed, applies the engine (`charges.rules.ts`), and writes its invoices and lines in
// one transaction. A batch either commits whole or not at all, the invoice_lines unique keys
// refuse any charge billed before, and batches are claimed with SKIP LOCKED: a crashed
// worker's successor, a second worker or a second run for the same month is harmless.
import { and, asc, desc, eq, lt, sql } from 'drizzle-orm';
import { Temporal } from 'temporal-polyfill';
import { SYSTEM_ACTOR, type TenantContext } from '../../platform/context.js';
import type { Database, Tx } from '../../platform/db/database.js';
import { DomainError } from '../../platform/domain-error.js';
import { newId } from '../../platform/ids/id.js';
import type { JobService } from '../../platform/jobs/service.js';
import { type Page, pageOf } from '../../platform/pagination.js';
import { tenants } from '../../platform/tenancy/schema.js';
import type { PriceSnapshot } from '../catalog/index.js';
import { billingAccounts } from '../customers/index.js';
import { isBillingMonth, monthHasEnded } from './billing-month.rules.js';
import { type BillingSettingsView, loadBillingSettings } from './billing-settings.service.js';
import {
  type BillableLineItem,
  type BillingPolicy,
  type Charge,
  type CompletedChange,
  chargesForRun,
} from './charges.rules.js';
import { issueDrafts } from './invoice-issue.js';
import { invoiceTotals } from './invoice-totals.rules.js';
import { scheduledRunMonth } from './scheduled-run.rules.js';
import { billingRunBatches, billingRuns, invoiceLines, invoices } from './schema.js';

/** Billing accounts per batch: a bounded transaction with steady progress. */
export const ACCOUNTS_PER_BATCH = 500;
/** Rows per INSERT statement (PostgreSQL takes at most 65,535 parameters). */
const ROWS_PER_INSERT = 4000;

export type BillingRunRow = typeof billingRuns.$inferSelect;

export interface BillingRunView {
  id: string;
  billingMonth: string;
  status: BillingRunRow['status'];
  dryRun: boolean;
  trigger: BillingRunRow['trigger'];
  jobId: string | null;
  progress: { done: number; total: number };
  report: { accounts: number; invoices: number; lines: number; amount: number };
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export const toBillingRunView = (row: BillingRunRow): BillingRunView => ({
  id: row.id,
  billingMonth: row.billingMonth,
  status: row.status,
  dryRun: row.dryRun,
  trigger: row.trigger,
  jobId: row.jobId,
  progress: { done: row.batchesDone, total: row.batchesTotal },
  report: { accounts: row.accounts, invoices: row.invoices, lines: row.lines, amount: row.amount },
  error: row.error,
  createdAt: row.createdAt.toISOString(),
  startedAt: row.startedAt?.toISOString() ?? null,
  finishedAt: row.finishedAt?.toISOString() ?? null,
});

const monthError = (ja: string, en: string) => ({ errors: [{ path: '/billingMonth', message: { ja, en } }] });

/**
 * Creates a run for `billingMonth` with its batches (queued). A month that has not ended in
 * the tenant's time zone is refused unless the run is a dry run (a preview).
 */
export async function createBillingRun(
  context: TenantContext,
  input: { billingMonth: string; dryRun?: boolean; trigger?: 'user' | 'schedule' },
  today: string,
): Promise<BillingRunView> {
  if (!isBillingMonth(input.billingMonth)) {
    throw new DomainError(
      'billing_month_invalid',
      monthError('YYYY-MM形式で指定してください。', 'must be YYYY-MM.'),
    );
  }
  const dryRun = input.dryRun ?? false;
  if (!dryRun && !monthHasEnded(input.billingMonth, today)) throw new DomainError('billing_month_not_ended');
  const { database, tenantId } = context;
  return database.inTenant(tenantId, async (tx) => {
    const id = newId();
    // Batches are ranges of billing account ids, so a batch finds its accounts by index.
    const bounds = await tx.execute<{ batch_no: number; first_id: string; last_id: string }>(sql`
      select (n / ${ACCOUNTS_PER_BATCH})::int as batch_no, min(id::text)::uuid as first_id, max(id::text)::uuid as last_id
        from (select id, (row_number() over (order by id)) - 1 as n
                from ${billingAccounts} where tenant_id = ${tenantId} and payment_method <> 'non_billable') numbered
       group by 1 order by 1`);
    const batches = rowsOf<{ batch_no: number; first_id: string; last_id: string }>(bounds);
    const [run] = await tx
      .insert(billingRuns)
      .values({
        tenantId,
        id,
        billingMonth: input.billingMonth,
        dryRun,
        trigger: input.trigger ?? 'user',
        batchesTotal: batches.length,
        createdBy: context.actor.id,
      })
      .returning();
    for (let start = 0; start < batches.length; start += ROWS_PER_INSERT) {
      await tx.insert(billingRunBatches).values(
        batches.slice(start, start + ROWS_PER_INSERT).map((batch) => ({
          tenantId,
          runId: id,
          batchNo: Number(batch.batch_no),
          firstAccountId: batch.first_id,
          lastAccountId: batch.last_id,
        })),
      );
    }
    if (!run) throw new Error('billing run insert returned no row');
    return toBillingRunView(run);
  });
}

/** The job kind that carries out a run (defined by the composition root with billing-run.job.ts). */
export const BILLING_RUN_JOB = 'billing.run';

/** Creates a run for today's tenant date and queues the job that carries it out. */
export async function startBillingRun(
  context: TenantContext,
  input: { billingMonth: string; dryRun?: boolean; trigger?: 'user' | 'schedule' },
  jobs: Pick<JobService, 'enqueue'>,
  now: Temporal.Instant = Temporal.Now.instant(),
): Promise<BillingRunView> {
  const timeZone = await tenantTimeZone(context.database, context.tenantId);
  const today = now.toZonedDateTimeISO(timeZone).toPlainDate().toString();
  const run = await createBillingRun(context, input, today);
  const job = await jobs.enqueue(
    context.tenantId,
    BILLING_RUN_JOB,
    { runId: run.id },
    { createdBy: context.actor.id },
  );
  await attachJob(context.database, context.tenantId, run.id, job.id);
  return { ...run, jobId: job.id };
}

/**
 * The monthly scheduled run: when it is the 1st, hour 0, in the tenant's time zone, a run
 * for the month just ended, once (a second check in the same hour finds the run).
 */
export async function startScheduledRun(
  database: Database,
  tenantId: string,
  jobs: Pick<JobService, 'enqueue'>,
  now: Temporal.Instant = Temporal.Now.instant(),
): Promise<BillingRunView | null> {
  const month = scheduledRunMonth(now, await tenantTimeZone(database, tenantId));
  if (!month) return null;
  const [existing] = await database.inTenant(tenantId, (tx) =>
    tx
      .select({ id: billingRuns.id })
      .from(billingRuns)
      .where(
        and(
          eq(billingRuns.tenantId, tenantId),
          eq(billingRuns.billingMonth, month),
          eq(billingRuns.trigger, 'schedule'),
        ),
      )
      .limit(1),
  );
  if (existing) return null;
  const context: TenantContext = { database, tenantId, actor: SYSTEM_ACTOR, locale: 'ja' };
  return startBillingRun(context, { billingMonth: month, trigger: 'schedule' }, jobs, now);
}

export async function listBillingRuns(
  database: Database,
  tenantId: string,
  query: { limit: number; cursor?: string | undefined; billingMonth?: string | undefined },
): Promise<Page<BillingRunView>> {
  const rows = await database.inTenant(tenantId, (tx) =>
    tx
      .select()
      .from(billingRuns)
      .where(
        and(
          eq(billingRuns.tenantId, tenantId),
          query.billingMonth ? eq(billingRuns.billingMonth, query.billingMonth) : undefined,
          query.cursor ? lt(billingRuns.id, query.cursor) : undefined,
        ),
      )
      .orderBy(desc(billingRuns.id))
      .limit(query.limit + 1),
  );
  return pageOf(rows, query.limit, toBillingRunView);
}

export async function attachJob(
  database: Database,
  tenantId: string,
  runId: string,
  jobId: string,
): Promise<void> {
  await database.inTenant(tenantId, (tx) =>
    tx
      .update(billingRuns)
      .set({ jobId })
      .where(and(eq(billingRuns.tenantId, tenantId), eq(billingRuns.id, runId))),
  );
}

export async function getBillingRun(
  database: Database,
  tenantId: string,
  runId: string,
): Promise<BillingRunView> {
  const [row] = await database.inTenant(tenantId, (tx) =>
    tx
      .select()
      .from(billingRuns)
      .where(and(eq(billingRuns.tenantId, tenantId), eq(billingRuns.id, runId))),
  );
  if (!row) throw new DomainError('not_found');
  return toBillingRunView(row);
}

export type RunProgress = (done: number, total: number) => Promise<void>;

/**
 * Works through a run's pending batches until none is left, then completes the run. Safe to
 * call from several workers at once and again after a crash: each batch is claimed by a row
 * lock and done in the same transaction as its invoices.
 */
export async function processBillingRun(
  database: Database,
  tenantId: string,
  runId: string,
  today: string,
  onProgress: RunProgress = async () => {},
): Promise<BillingRunView> {
  const settings = await loadBillingSettings(database, tenantId);
  await database.inTenant(tenantId, (tx) =>
    tx
      .update(billingRuns)
      .set({
        status: 'running',
        startedAt: sql`coalesce(${billingRuns.startedAt}, now())`,
        heartbeatAt: new Date(),
      })
      .where(
        and(
          eq(billingRuns.tenantId, tenantId),
          eq(billingRuns.id, runId),
          sql`${billingRuns.status} <> 'completed'`,
        ),
      ),
  );
  for (;;) {
    const progressed = await database.inTenant(tenantId, (tx) =>
      runOneBatch(tx, tenantId, runId, today, settings),
    );
    if (!progressed) break;
    await onProgress(progressed.done, progressed.total);
  }
  return database.inTenant(tenantId, async (tx) => {
    const [row] = await tx
      .update(billingRuns)
      .set({ status: 'completed', finishedAt: new Date(), heartbeatAt: new Date() })
      .where(
        and(
          eq(billingRuns.tenantId, tenantId),
          eq(billingRuns.id, runId),
          sql`not exists (select 1 from ${billingRunBatches} b where b.tenant_id = ${tenantId} and b.run_id = ${runId} and b.status = 'pending')`,
        ),
      )
      .returning();
    if (row) return toBillingRunView(row);
    const [current] = await tx
      .select()
      .from(billingRuns)
      .where(and(eq(billingRuns.tenantId, tenantId), eq(billingRuns.id, runId)));
    if (!current) throw new DomainError('not_found');
    return toBillingRunView(current);
  });
}

export async function markRunFailed(
  database: Database,
  tenantId: string,
  runId: string,
  error: string,
): Promise<void> {
  await database.inTenant(tenantId, (tx) =>
    tx
      .update(billingRuns)
      .set({ status: 'failed', error, finishedAt: new Date() })
      .where(and(eq(billingRuns.tenantId, tenantId), eq(billingRuns.id, runId))),
  );
}

function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}

interface AccountRow {
  id: string;
  customer_id: string;
  name: string;
  payment_terms: string;
  customer_name: string;
}

interface LineItemRow {
  id: string;
  billing_account_id: string;
  price_snapshot: PriceSnapshot;
  charge_start_date: string;
  end_date: string | null;
  last_billed_month: string | null;
}

interface ChangeRow {
  id: string;
  order_id: string;
  line_item_id: string;
  kind: CompletedChange['kind'];
  quantity: number;
  completed_on: string;
  initial_billed: boolean;
}

async function runOneBatch(
  tx: Tx,
  tenantId: string,
  runId: string,
  today: string,
  settings: BillingSettingsView,
): Promise<{ done: number; total: number } | null> {
  const [run] = await tx
    .select()
    .from(billingRuns)
    .where(and(eq(billingRuns.tenantId, tenantId), eq(billingRuns.id, runId)));
  if (!run) throw new DomainError('not_found');
  const [batch] = await tx
    .select()
    .from(billingRunBatches)
    .where(
      and(
        eq(billingRunBatches.tenantId, tenantId),
        eq(billingRunBatches.runId, runId),
        eq(billingRunBatches.status, 'pending'),
      ),
    )
    .orderBy(asc(billingRunBatches.batchNo))
    .limit(1)
    .for('update', { skipLocked: true });
  if (!batch) return null;

  const month = run.billingMonth;
  const range = sql`between ${batch.firstAccountId}::uuid and ${batch.lastAccountId}::uuid`;
  const accounts = rowsOf<AccountRow>(
    await tx.execute(sql`
      select ba.id, ba.customer_id, ba.name, ba.payment_terms, c.name as customer_name
        from billing_accounts ba join customers c on c.tenant_id = ba.tenant_id and c.id = ba.customer_id
       where ba.tenant_id = ${tenantId} and ba.id ${range} and ba.payment_method <> 'non_billable'`),
  );
  const items = rowsOf<LineItemRow>(
    await tx.execute(sql`
      select li.id, k.billing_account_id, li.price_snapshot, li.charge_start_date::text, li.end_date::text,
             (select max(il.service_month) from invoice_lines il
               where il.tenant_id = li.tenant_id and il.line_item_id = li.id and il.charge_kind = 'monthly') as last_billed_month
        from contracts k
        join billing_accounts ba on ba.tenant_id = k.tenant_id and ba.id = k.billing_account_id
        join line_items li on li.tenant_id = k.tenant_id and li.contract_id = k.id
       where k.tenant_id = ${tenantId} and k.billing_account_id ${range} and ba.payment_method <> 'non_billable'
         and li.status in ('active', 'terminated') and li.charge_start_date is not null`),
  );
  const changes = rowsOf<ChangeRow>(
    await tx.execute(sql`
      select oi.id, oi.order_id, oi.line_item_id, oi.kind, oi.quantity, oi.completed_on::text,
             exists (select 1 from invoice_lines il where il.tenant_id = oi.tenant_id
                      and il.order_item_id = oi.id and il.charge_kind = 'initial') as initial_billed
        from contracts k
        join billing_accounts ba on ba.tenant_id = k.tenant_id and ba.id = k.billing_account_id
        join line_items li on li.tenant_id = k.tenant_id and li.contract_id = k.id
        join order_items oi on oi.tenant_id = li.tenant_id and oi.line_item_id = li.id
       where k.tenant_id = ${tenantId} and k.billing_account_id ${range} and ba.payment_method <> 'non_billable'
         and li.status in ('active', 'terminated') and li.charge_start_date is not null
         and oi.status = 'completed'`),
  );
  const changesByItem = new Map<string, ChangeRow[]>();
  for (const change of changes) {
    const list = changesByItem.get(change.line_item_id);
    if (list) list.push(change);
    else changesByItem.set(change.line_item_id, [change]);
  }

  const policy: BillingPolicy = { firstMonth: settings.firstMonth, quantityBasis: settings.quantityBasis };
  const chargesByAccount = new Map<string, Charge[]>();
  for (const item of items) {
    const itemChanges = changesByItem.get(item.id) ?? [];
    const billable: BillableLineItem = {
      id: item.id,
      terms: item.price_snapshot,
      taxRate: settings.taxRateOf(item.price_snapshot.taxCategory),
      chargeStartDate: item.charge_start_date,
      endDate: item.end_date,
      changes: itemChanges.map((change) => ({
        orderItemId: change.id,
        orderId: change.order_id,
        kind: change.kind,
        quantity: change.quantity,
        completedOn: change.completed_on,
      })),
      lastBilledMonth: item.last_billed_month,
      billedInitialOrderItemIds: new Set(itemChanges.filter((c) => c.initial_billed).map((c) => c.id)),
    };
    const charges = chargesForRun(billable, month, policy);
    if (charges.length === 0) continue;
    const list = chargesByAccount.get(item.billing_account_id);
    if (list) list.push(...charges);
    else chargesByAccount.set(item.billing_account_id, charges);
  }

  let added = { accounts: 0, invoices: 0, lines: 0, amount: 0 };
  if (!run.dryRun && chargesByAccount.size > 0) {
    added = await writeInvoices(tx, tenantId, month, today, accounts, chargesByAccount, settings);
  } else if (run.dryRun) {
    for (const charges of chargesByAccount.values()) {
      added.accounts += 1;
      added.invoices += 1;
      added.lines += charges.length;
      added.amount += charges.reduce((sum, charge) => sum + charge.amount, 0);
    }
  }

  await tx
    .update(billingRunBatches)
    .set({
      status: 'done',
      accounts: added.accounts,
      lines: added.lines,
      amount: added.amount,
      finishedAt: new Date(),
    })
    .where(
      and(
        eq(billingRunBatches.tenantId, tenantId),
        eq(billingRunBatches.runId, runId),
        eq(billingRunBatches.batchNo, batch.batchNo),
      ),
    );
  const [updated] = await tx
    .update(billingRuns)
    .set({
      batchesDone: sql`${billingRuns.batchesDone} + 1`,
      accounts: sql`${billingRuns.accounts} + ${added.accounts}`,
      invoices: sql`${billingRuns.invoices} + ${added.invoices}`,
      lines: sql`${billingRuns.lines} + ${added.lines}`,
      amount: sql`${billingRuns.amount} + ${added.amount}`,
      heartbeatAt: new Date(),
    })
    .where(and(eq(billingRuns.tenantId, tenantId), eq(billingRuns.id, runId)))
    .returning({ done: billingRuns.batchesDone, total: billingRuns.batchesTotal });
  return updated ?? null;
}

/**
 * The batch's invoices: the draft of (account, month) takes the new lines; once the month's
 * invoice is issued, a supplementary invoice (sequence + 1) does. Lines already billed are
 * refused by the unique keys (ON CONFLICT DO NOTHING) and totals are recomputed from the
 * lines the invoice holds, so a concurrent run changes nothing.
 */
async function writeInvoices(
  tx: Tx,
  tenantId: string,
  month: string,
  today: string,
  accounts: AccountRow[],
  chargesByAccount: Map<string, Charge[]>,
  settings: BillingSettingsView,
): Promise<{ accounts: number; invoices: number; lines: number; amount: number }> {
  const accountIds = [...chargesByAccount.keys()];
  const accountById = new Map(accounts.map((account) => [account.id, account]));
  const existing = rowsOf<{ id: string; billing_account_id: string; sequence: number; status: string }>(
    await tx.execute(sql`
      select id, billing_account_id, sequence, status from invoices
       where tenant_id = ${tenantId} and billing_month = ${month} and kind = 'invoice'
         and billing_account_id = any(${sql.param(accountIds)}::uuid[])`),
  );
  const draftOf = new Map<string, string>();
  const lastSequence = new Map<string, number>();
  for (const invoice of existing) {
    if (invoice.status === 'draft') draftOf.set(invoice.billing_account_id, invoice.id);
    lastSequence.set(
      invoice.billing_account_id,
      Math.max(lastSequence.get(invoice.billing_account_id) ?? 0, invoice.sequence),
    );
  }
  const created: (typeof invoices.$inferInsert)[] = [];
  for (const accountId of accountIds) {
    if (draftOf.has(accountId)) continue;
    const account = accountById.get(accountId);
    if (!account) continue;
    const id = newId();
    created.push({
      tenantId,
      id,
      billingAccountId: accountId,
      customerId: account.customer_id,
      billingMonth: month,
      sequence: (lastSequence.get(accountId) ?? 0) + 1,
      customerName: account.customer_name,
      billingAccountName: account.name,
      paymentTerms: account.payment_terms,
    });
    draftOf.set(accountId, id);
  }
  const lost: string[] = [];
  for (let start = 0; start < created.length; start += ROWS_PER_INSERT) {
    const chunk = created.slice(start, start + ROWS_PER_INSERT);
    const inserted = await tx
      .insert(invoices)
      .values(chunk)
      .onConflictDoNothing()
      .returning({ id: invoices.id });
    if (inserted.length < chunk.length) {
      const kept = new Set(inserted.map((row) => row.id));
      for (const invoice of chunk) if (!kept.has(invoice.id as string)) lost.push(invoice.billingAccountId);
    }
  }
  if (lost.length > 0) {
    // A simultaneous run created the draft first (the unique key waited for it to commit):
    // take its draft. Were it issued already, the charges wait for the next run.
    for (const accountId of lost) draftOf.delete(accountId);
    const drafts = rowsOf<{ id: string; billing_account_id: string }>(
      await tx.execute(sql`
        select id, billing_account_id from invoices
         where tenant_id = ${tenantId} and billing_month = ${month} and kind = 'invoice' and status = 'draft'
           and billing_account_id = any(${sql.param(lost)}::uuid[])`),
    );
    for (const draft of drafts) draftOf.set(draft.billing_account_id, draft.id);
  }

  const lines: (typeof invoiceLines.$inferInsert)[] = [];
  for (const [accountId, charges] of chargesByAccount) {
    const invoiceId = draftOf.get(accountId);
    if (!invoiceId) continue;
    for (const charge of charges) {
      lines.push({
        tenantId,
        id: newId(),
        invoiceId,
        chargeKind: charge.chargeKind,
        lineItemId: charge.lineItemId,
        orderItemId: charge.orderItemId,
        orderId: charge.orderId,
        serviceMonth: charge.serviceMonth,
        quantity: charge.quantity,
        unitPrice: charge.unitPrice,
        amount: charge.amount,
        taxRate: charge.taxRate,
      });
    }
  }
  let linesAdded = 0;
  let amountAdded = 0;
  const touched = new Set<string>();
  for (let start = 0; start < lines.length; start += ROWS_PER_INSERT) {
    const inserted = await tx
      .insert(invoiceLines)
      .values(lines.slice(start, start + ROWS_PER_INSERT))
      .onConflictDoNothing()
      .returning({ invoiceId: invoiceLines.invoiceId, amount: invoiceLines.amount });
    linesAdded += inserted.length;
    for (const line of inserted) {
      amountAdded += line.amount;
      touched.add(line.invoiceId);
    }
  }
  const touchedIds = [...touched];
  if (touchedIds.length > 0) await refreshTotals(tx, tenantId, touchedIds, settings);
  // A draft created here whose every charge another run billed first holds nothing: drop it.
  const createdIds = created.map((invoice) => invoice.id as string).filter((id) => !touched.has(id));
  // (ids lost to a simultaneous run were never inserted; deleting them is a no-op)
  if (createdIds.length > 0) {
    await tx.execute(sql`delete from invoices where tenant_id = ${tenantId} and id = any(${sql.param(createdIds)}::uuid[])
                          and not exists (select 1 from invoice_lines l where l.tenant_id = ${tenantId} and l.invoice_id = invoices.id)`);
  }
  if (settings.autoIssue && touchedIds.length > 0)
    await issueDrafts(tx, tenantId, touchedIds, today, settings, null);
  return { accounts: touchedIds.length, invoices: touchedIds.length, lines: linesAdded, amount: amountAdded };
}

/** Recomputes the totals of draft invoices from their lines (tax per rate, rounded once). */
export async function refreshTotals(
  tx: Tx,
  tenantId: string,
  invoiceIds: string[],
  settings: BillingSettingsView,
) {
  const sums = rowsOf<{ invoice_id: string; tax_rate: number; amount: string }>(
    await tx.execute(sql`
      select invoice_id, tax_rate, sum(amount)::text as amount from invoice_lines
       where tenant_id = ${tenantId} and invoice_id = any(${sql.param(invoiceIds)}::uuid[])
       group by invoice_id, tax_rate`),
  );
  const byInvoice = new Map<string, { amount: number; taxRate: number }[]>();
  for (const sum of sums) {
    const list = byInvoice.get(sum.invoice_id) ?? [];
    list.push({ amount: Number(sum.amount), taxRate: Number(sum.tax_rate) });
    byInvoice.set(sum.invoice_id, list);
  }
  const values = invoiceIds.map((id) => {
    const totals = invoiceTotals(byInvoice.get(id) ?? [], settings);
    return sql`(${id}::uuid, ${totals.subtotal}::bigint, ${totals.taxTotal}::bigint, ${totals.total}::bigint, ${JSON.stringify(totals.taxes)}::jsonb)`;
  });
  for (let start = 0; start < values.length; start += 1000) {
    await tx.execute(sql`
      update invoices set subtotal = v.subtotal, tax_total = v.tax_total, total = v.total, taxes = v.taxes, updated_at = now()
        from (values ${sql.join(values.slice(start, start + 1000), sql`, `)}) as v(id, subtotal, tax_total, total, taxes)
       where invoices.tenant_id = ${tenantId} and invoices.id = v.id and invoices.status = 'draft'`);
  }
}

/** Reads the tenant's time zone for "today" (jobs pass their clock). */
export async function tenantTimeZone(database: Database, tenantId: string): Promise<string> {
  const [row] = await database.inTenant(tenantId, (tx) =>
    tx.select({ timeZone: tenants.timeZone }).from(tenants).where(eq(tenants.id, tenantId)),
  );
  if (!row) throw new Error(`tenant ${tenantId} not found`);
  return row.timeZone;
}
