// One batch of a billing run (billing.md "Runs"), in the caller's transaction: claim the next
// pending batch (FOR UPDATE SKIP LOCKED), read its line items with their completed order
// items and what earlier runs billed in one query, apply the engine (charges.rules.ts, the
// authority on what is billed), and write the invoices and lines with a few set-based
// statements (arrays through unnest, not a statement per row). The batch, its invoices, its
// lines and the run's counters commit together or not at all.
import { sql } from 'drizzle-orm';
import { plainArrayLiteral } from '../../platform/db/array-literal.js';
import type { Tx } from '../../platform/db/database.js';
import { rowsOf } from '../../platform/db/rows.js';
import { newId } from '../../platform/ids/id.js';
import type { PriceSnapshot } from '../catalog/index.js';
import { lastBilledMonthOf } from './billed-charges.js';
import type { BillingSettingsView } from './billing-settings.service.js';
import {
  type BillingPolicy,
  type Charge,
  type CompletedChange,
  chargesForRun,
  type FirstMonthPolicy,
  policyFor,
  type QuantityBasis,
} from './charges.rules.js';
import { issueDrafts } from './invoice-issue.js';
import { type RateSum, writeTotals } from './invoice-totals.js';
import { invoiceTotals } from './invoice-totals.rules.js';

export interface BatchOutcome {
  done: number;
  total: number;
}

interface ClaimedBatch {
  batch_no: number;
  first_account_id: string;
  last_account_id: string;
  billing_month: string;
  dry_run: boolean;
}

/**
 * A completed order item as the batch query returns it (a JSON array, see batchItemsQuery).
 * Its ids come only with a change whose initial charge may still be due (a new or add order
 * of a product with an initial fee, not billed yet): they are what an initial line records,
 * and most changes, billed long ago, need neither.
 */
type ChangeTuple = [
  kind: CompletedChange['kind'],
  quantity: number,
  completedOn: string,
  orderItemId?: string,
  orderId?: string,
];

interface BatchItemRow {
  id: string;
  billing_account_id: string;
  pricing_pattern: PriceSnapshot['pricingPattern'];
  initial_fee: string;
  monthly_fee: string;
  quantity_linked_initial_fee: boolean;
  agency: boolean;
  tax_category: PriceSnapshot['taxCategory'];
  /** The product's (choices) in the snapshot; null: the tenant's. */
  first_month: FirstMonthPolicy | null;
  quantity_basis: QuantityBasis | null;
  charge_start_date: string;
  end_date: string | null;
  last_billed_month: string | null;
  changes: ChangeTuple[] | null;
}

interface Added {
  accounts: number;
  invoices: number;
  lines: number;
  amount: number;
}

/**
 * The billable line items of a range of billing accounts, each with its completed order items
 * (its quantity history, with the ids of those whose initial charge is still due) and the last
 * month a run billed for it: everything chargesForRun needs, in one query. The "last billed"
 * and "initial billed" look-ups are index-only scans of the unique charge keys, made only
 * where the engine reads them (no monthly charge of an initial-only item, no initial charge
 * of a monthly-only one or of a reduce or terminate order). Of the price snapshot only the
 * fields the engine reads are selected, as columns: the whole snapshot, mostly the product's
 * name, would be written out as JSON text and parsed back for every line item. The initial
 * look-up is written once, in the CASE that picks the tuple's shape: a column of a LATERAL
 * subquery used twice is inlined twice, and the probe ran twice per order item.
 */
function batchItemsQuery(tenantId: string, firstAccountId: string, lastAccountId: string) {
  return sql`
    select li.id, k.billing_account_id, li.price_snapshot->>'pricingPattern' as pricing_pattern,
           (li.price_snapshot->>'initialFee')::bigint as initial_fee, (li.price_snapshot->>'monthlyFee')::bigint as monthly_fee,
           (li.price_snapshot->>'quantityLinkedInitialFee')::boolean as quantity_linked_initial_fee,
           (li.price_snapshot->>'agency')::boolean as agency, li.price_snapshot->>'taxCategory' as tax_category,
           li.price_snapshot->>'firstMonth' as first_month, li.price_snapshot->>'quantityBasis' as quantity_basis,
           li.charge_start_date::text as charge_start_date,
           li.end_date::text as end_date,
           case when li.price_snapshot->>'pricingPattern' <> 'initial_only' then
             ${lastBilledMonthOf(sql`li.tenant_id`, sql`li.id`)}
           end as last_billed_month,
           (select json_agg(case when li.price_snapshot->>'pricingPattern' <> 'monthly_only' and oi.kind in ('new', 'add')
                                      and not exists (select 1 from invoice_lines il
                                                       where il.tenant_id = oi.tenant_id and il.order_item_id = oi.id
                                                         and il.charge_kind = 'initial')
                                 then json_build_array(oi.kind, oi.quantity, oi.completed_on, oi.id, oi.order_id)
                                 else json_build_array(oi.kind, oi.quantity, oi.completed_on) end)
              from order_items oi
             where oi.tenant_id = li.tenant_id and oi.line_item_id = li.id and oi.status = 'completed') as changes
      from billing_accounts ba
      join contracts k on k.tenant_id = ba.tenant_id and k.billing_account_id = ba.id
      join line_items li on li.tenant_id = k.tenant_id and li.contract_id = k.id
     where ba.tenant_id = ${tenantId} and ba.id between ${firstAccountId}::uuid and ${lastAccountId}::uuid
       and ba.payment_method <> 'non_billable'
       and li.status in ('active', 'terminated') and li.charge_start_date is not null`;
}

/**
 * A change without ids has no initial charge left to bill: the engine is told so by an id
 * that stands for "settled", the one member of SETTLED, shared by every line item (a real
 * order item id is never in it, so whatever is still due stays due).
 */
const SETTLED_ID = 'settled';
const SETTLED: ReadonlySet<string> = new Set([SETTLED_ID]);

/** The engine over the batch's line items: the charges of each billing account. */
export function chargesByAccountOf(
  items: readonly BatchItemRow[],
  billingMonth: string,
  settings: Pick<BillingSettingsView, 'firstMonth' | 'quantityBasis' | 'taxRateOf'>,
): Map<string, Charge[]> {
  const tenantPolicy: BillingPolicy = {
    firstMonth: settings.firstMonth,
    quantityBasis: settings.quantityBasis,
  };
  const chargesByAccount = new Map<string, Charge[]>();
  for (const item of items) {
    const changes = item.changes ?? [];
    const charges = chargesForRun(
      {
        id: item.id,
        terms: {
          pricingPattern: item.pricing_pattern,
          initialFee: Number(item.initial_fee),
          monthlyFee: Number(item.monthly_fee),
          quantityLinkedInitialFee: item.quantity_linked_initial_fee,
          agency: item.agency,
        },
        taxRate: settings.taxRateOf(item.tax_category),
        chargeStartDate: item.charge_start_date,
        endDate: item.end_date,
        changes: changes.map(([kind, quantity, completedOn, orderItemId, orderId]) => ({
          orderItemId: orderItemId ?? SETTLED_ID,
          orderId: orderId ?? '',
          kind,
          quantity,
          completedOn,
        })),
        lastBilledMonth: item.last_billed_month,
        billedInitialOrderItemIds: SETTLED,
      },
      billingMonth,
      policyFor(tenantPolicy, { firstMonth: item.first_month, quantityBasis: item.quantity_basis }),
    );
    if (charges.length === 0) continue;
    const list = chargesByAccount.get(item.billing_account_id);
    if (list) list.push(...charges);
    else chargesByAccount.set(item.billing_account_id, charges);
  }
  return chargesByAccount;
}

/**
 * Claims and does the next pending batch of the run; null when none is left to claim (all
 * done, or the rest held by other workers).
 */
export async function runOneBatch(
  tx: Tx,
  tenantId: string,
  runId: string,
  today: string,
  settings: BillingSettingsView,
): Promise<BatchOutcome | null> {
  // Short statements on a few thousand rows: compiling them (JIT) or starting parallel
  // workers would cost more than it saves.
  await tx.execute(
    sql`select set_config('jit', 'off', true), set_config('max_parallel_workers_per_gather', '0', true)`,
  );
  const [batch] = rowsOf<ClaimedBatch>(
    await tx.execute(sql`
      select b.batch_no, b.first_account_id, b.last_account_id, r.billing_month, r.dry_run
        from billing_run_batches b join billing_runs r on r.tenant_id = b.tenant_id and r.id = b.run_id
       where b.tenant_id = ${tenantId} and b.run_id = ${runId} and b.status = 'pending'
       order by b.batch_no limit 1
         for update of b skip locked`),
  );
  if (!batch) return null;

  const items = rowsOf<BatchItemRow>(
    await tx.execute(batchItemsQuery(tenantId, batch.first_account_id, batch.last_account_id)),
  );
  const chargesByAccount = chargesByAccountOf(items, batch.billing_month, settings);

  let added: Added = { accounts: 0, invoices: 0, lines: 0, amount: 0 };
  if (batch.dry_run) {
    for (const charges of chargesByAccount.values()) {
      added.accounts += 1;
      added.invoices += 1;
      added.lines += charges.length;
      added.amount += charges.reduce((sum, charge) => sum + charge.amount, 0);
    }
  } else if (chargesByAccount.size > 0) {
    added = await writeInvoices(tx, tenantId, batch.billing_month, today, chargesByAccount, settings);
  }

  const [progress] = rowsOf<BatchOutcome>(
    await tx.execute(sql`
      with batch as (
        update billing_run_batches set status = 'done', accounts = ${added.accounts}, lines = ${added.lines},
               amount = ${added.amount}, finished_at = now()
         where tenant_id = ${tenantId} and run_id = ${runId} and batch_no = ${batch.batch_no})
      update billing_runs set batches_done = batches_done + 1, accounts = accounts + ${added.accounts},
             invoices = invoices + ${added.invoices}, lines = lines + ${added.lines}, amount = amount + ${added.amount},
             heartbeat_at = now(), updated_at = now()
       where tenant_id = ${tenantId} and id = ${runId}
      returning batches_done as done, batches_total as total`),
  );
  return progress ?? null;
}

interface AccountRow {
  id: string;
  customer_id: string;
  name: string;
  payment_terms: string;
  customer_name: string;
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
  chargesByAccount: Map<string, Charge[]>,
  settings: BillingSettingsView,
): Promise<Added> {
  const accountIds = [...chargesByAccount.keys()];
  // The month's invoices of these accounts, found through the account (`|| ''` keeps the
  // planner off the month index: with statistics from before the run it estimates the month
  // empty, and scanning the whole month for every batch grows with the run, quadratically).
  const existing = rowsOf<{ id: string; billing_account_id: string; sequence: number; status: string }>(
    await tx.execute(sql`
      select id, billing_account_id, sequence, status from invoices
       where tenant_id = ${tenantId} and billing_account_id = any(${list(accountIds)}::uuid[])
         and kind = 'invoice' and billing_month || '' = ${month}`),
  );
  const draftOf = new Map<string, string>();
  const lastSequence = new Map<string, number>();
  for (const invoice of existing) {
    const sequence = Number(invoice.sequence);
    if (sequence >= (lastSequence.get(invoice.billing_account_id) ?? 0)) {
      lastSequence.set(invoice.billing_account_id, sequence);
      if (invoice.status === 'draft') draftOf.set(invoice.billing_account_id, invoice.id);
      else draftOf.delete(invoice.billing_account_id);
    }
  }
  const needed = accountIds.filter((id) => !draftOf.has(id));
  const created =
    needed.length === 0
      ? []
      : rowsOf<AccountRow>(
          await tx.execute(sql`
            select ba.id, ba.customer_id, ba.name, ba.payment_terms, c.name as customer_name
              from billing_accounts ba join customers c on c.tenant_id = ba.tenant_id and c.id = ba.customer_id
             where ba.tenant_id = ${tenantId} and ba.id = any(${sql.param(needed)}::uuid[])`),
        ).map((account) => ({ ...account, sequence: (lastSequence.get(account.id) ?? 0) + 1 }));
  const createdIds = created.map(() => newId());
  created.forEach((account, index) => {
    draftOf.set(account.id, createdIds[index] as string);
  });
  // A new draft is written with the totals of its charges (the rules of invoice-totals.rules.ts),
  // so it needs no update afterwards unless some charge was refused as billed meanwhile.
  const createdTotals = created.map((account) =>
    invoiceTotals(
      (chargesByAccount.get(account.id) ?? []).map((charge) => ({
        amount: charge.amount,
        taxRate: charge.taxRate,
      })),
      settings,
    ),
  );
  if (created.length > 0) {
    const inserted = rowsOf<{ id: string }>(
      await tx.execute(sql`
        insert into invoices (tenant_id, id, billing_account_id, customer_id, billing_month, sequence, customer_name,
                              billing_account_name, payment_terms, subtotal, tax_total, total, taxes)
        select ${tenantId}, v.id, v.account_id, v.customer_id, ${month}, v.sequence, v.customer_name, v.account_name, v.terms,
               v.subtotal, v.tax_total, v.total, v.taxes
          from unnest(${list(createdIds)}::uuid[], ${list(created.map((a) => a.id))}::uuid[],
                      ${list(created.map((a) => a.customer_id))}::uuid[],
                      ${list(created.map((a) => a.sequence))}::int[],
                      ${sql.param(created.map((a) => a.customer_name))}::text[], ${sql.param(created.map((a) => a.name))}::text[],
                      ${sql.param(created.map((a) => a.payment_terms))}::text[],
                      ${list(createdTotals.map((t) => t.subtotal))}::bigint[],
                      ${list(createdTotals.map((t) => t.taxTotal))}::bigint[],
                      ${list(createdTotals.map((t) => t.total))}::bigint[],
                      ${sql.param(createdTotals.map((t) => JSON.stringify(t.taxes)))}::jsonb[])
               as v(id, account_id, customer_id, sequence, customer_name, account_name, terms, subtotal, tax_total, total, taxes)
        on conflict do nothing
        returning id`),
    );
    if (inserted.length < created.length) {
      // A simultaneous run created the draft first (the unique key waited for it to commit):
      // take its draft. Were it issued already, the charges wait for the next run.
      const kept = new Set(inserted.map((row) => row.id));
      const lost = created.filter((_, index) => !kept.has(createdIds[index] as string)).map((a) => a.id);
      for (const accountId of lost) draftOf.delete(accountId);
      const drafts = rowsOf<{ id: string; billing_account_id: string }>(
        await tx.execute(sql`
          select id, billing_account_id from invoices
           where tenant_id = ${tenantId} and billing_month = ${month} and kind = 'invoice' and status = 'draft'
             and billing_account_id = any(${sql.param(lost)}::uuid[])`),
      );
      for (const draft of drafts) draftOf.set(draft.billing_account_id, draft.id);
    }
  }

  const lines = linesOf(chargesByAccount, draftOf);
  const draftIds = [...new Set(draftOf.values())];
  // The batch read what earlier runs billed, so a conflict on the charge keys means a run of
  // the same month committed meanwhile: only then is the insert repeated with ON CONFLICT DO
  // NOTHING (its arbiter checks cost about a tenth of the insert).
  let sums: LineSums[];
  try {
    sums = await tx.transaction(async (savepoint) =>
      rowsOf<LineSums>(await savepoint.execute(insertLinesQuery(tenantId, lines, draftIds, false))),
    );
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    sums = rowsOf<LineSums>(await tx.execute(insertLinesQuery(tenantId, lines, draftIds, true)));
  }
  const touched = new Set<string>();
  const addedTo = new Map<string, number>();
  let linesAdded = 0;
  let amountAdded = 0;
  for (const sum of sums) {
    if (sum.added === 0) continue;
    touched.add(sum.invoice_id);
    addedTo.set(sum.invoice_id, (addedTo.get(sum.invoice_id) ?? 0) + sum.added);
    linesAdded += sum.added;
    amountAdded += Number(sum.added_amount);
  }
  const touchedIds = [...touched];
  // Totals to recompute: drafts that held lines before, and new ones missing a refused charge.
  const writtenWhole = new Set<string>();
  created.forEach((account, index) => {
    const id = createdIds[index] as string;
    if (draftOf.get(account.id) === id && addedTo.get(id) === chargesByAccount.get(account.id)?.length)
      writtenWhole.add(id);
  });
  const stale = touchedIds.filter((id) => !writtenWhole.has(id));
  const rateSums: RateSum[] = sums
    .filter((sum) => touched.has(sum.invoice_id) && !writtenWhole.has(sum.invoice_id))
    .map((sum) => ({ invoiceId: sum.invoice_id, taxRate: Number(sum.tax_rate), amount: Number(sum.amount) }));
  await writeTotals(tx, tenantId, stale, rateSums, settings);
  // A draft created here whose every charge another run billed first holds nothing: drop it.
  const empty = createdIds.filter((id) => !touched.has(id));
  if (empty.length > 0) {
    await tx.execute(sql`
      delete from invoices where tenant_id = ${tenantId} and id = any(${sql.param(empty)}::uuid[])
         and not exists (select 1 from invoice_lines l where l.tenant_id = ${tenantId} and l.invoice_id = invoices.id)`);
  }
  if (settings.autoIssue && touchedIds.length > 0)
    await issueDrafts(tx, tenantId, touchedIds, today, settings, null);
  return { accounts: touchedIds.length, invoices: touchedIds.length, lines: linesAdded, amount: amountAdded };
}

/** An array parameter of ids, numbers or months, joined once (platform/db/array-literal.ts). */
const list = (values: readonly (string | number | null)[]) => sql.param(plainArrayLiteral(values));

interface LineSums {
  invoice_id: string;
  tax_rate: number;
  amount: string;
  added: number;
  added_amount: string;
}

function isUniqueViolation(error: unknown): boolean {
  const cause = (error as { cause?: { code?: string } }).cause ?? (error as { code?: string });
  return cause?.code === '23505';
}

/**
 * Inserts the lines and answers, per invoice and rate, the sum of what the drafts held before
 * (the statement's snapshot) plus what was added: the totals need no second read.
 */
function insertLinesQuery(
  tenantId: string,
  lines: ReturnType<typeof linesOf>,
  draftIds: string[],
  skipConflicts: boolean,
) {
  return sql`
    with added as (
      insert into invoice_lines (tenant_id, id, invoice_id, charge_kind, line_item_id, order_item_id, order_id,
                                 service_month, quantity, unit_price, amount, tax_rate)
      select ${tenantId}, v.id, v.invoice_id, v.charge_kind, v.line_item_id, v.order_item_id, v.order_id,
             v.service_month, v.quantity, v.unit_price, v.amount, v.tax_rate
        from unnest(${list(lines.id)}::uuid[], ${list(lines.invoiceId)}::uuid[], ${list(lines.chargeKind)}::text[],
                    ${list(lines.lineItemId)}::uuid[], ${list(lines.orderItemId)}::uuid[],
                    ${list(lines.orderId)}::uuid[], ${list(lines.serviceMonth)}::text[],
                    ${list(lines.quantity)}::int[], ${list(lines.unitPrice)}::bigint[],
                    ${list(lines.amount)}::bigint[], ${list(lines.taxRate)}::int[])
             as v(id, invoice_id, charge_kind, line_item_id, order_item_id, order_id, service_month, quantity,
                  unit_price, amount, tax_rate)
      ${skipConflicts ? sql`on conflict do nothing` : sql``}
      returning invoice_id, tax_rate, amount)
    select invoice_id, tax_rate, sum(amount)::text as amount, sum(added)::int as added,
           sum(amount * added)::text as added_amount
      from (select invoice_id, tax_rate, amount, 0 as added from invoice_lines
             where tenant_id = ${tenantId} and invoice_id = any(${list(draftIds)}::uuid[])
            union all
            select invoice_id, tax_rate, amount, 1 from added) l
     group by invoice_id, tax_rate`;
}

/** The lines to insert, column by column (one array parameter per column). */
function linesOf(chargesByAccount: Map<string, Charge[]>, draftOf: Map<string, string>) {
  const columns = {
    id: [] as string[],
    invoiceId: [] as string[],
    chargeKind: [] as string[],
    lineItemId: [] as string[],
    orderItemId: [] as (string | null)[],
    orderId: [] as (string | null)[],
    serviceMonth: [] as string[],
    quantity: [] as number[],
    unitPrice: [] as number[],
    amount: [] as number[],
    taxRate: [] as number[],
  };
  for (const [accountId, charges] of chargesByAccount) {
    const invoiceId = draftOf.get(accountId);
    if (!invoiceId) continue;
    for (const charge of charges) {
      columns.id.push(newId());
      columns.invoiceId.push(invoiceId);
      columns.chargeKind.push(charge.chargeKind);
      columns.lineItemId.push(charge.lineItemId);
      columns.orderItemId.push(charge.orderItemId);
      columns.orderId.push(charge.orderId);
      columns.serviceMonth.push(charge.serviceMonth);
      columns.quantity.push(charge.quantity);
      columns.unitPrice.push(charge.unitPrice);
      columns.amount.push(charge.amount);
      columns.taxRate.push(charge.taxRate);
    }
  }
  return columns;
}
