// What billing staff look at first: the dashboard (billed amount per month, monthly recurring
// revenue, unpaid and overdue totals) and the receivables (売掛金) by customer.
import { sql } from 'drizzle-orm';
import type { TenantContext } from '../../platform/context.js';
import { rowsOf } from '../../platform/db/rows.js';
import { type Page, pageOf } from '../../platform/pagination.js';
import { tenantToday } from '../../platform/tenancy/tenant-today.js';
import { addMonths, monthOf } from './billing-month.rules.js';

export interface DashboardView {
  /** The last 12 billing months, oldest first, ending with the month before today's. */
  months: { month: string; issued: number; draft: number }[];
  /** Monthly fees x quantity of the line items in charge today (billable accounts, agency excluded). */
  mrr: number;
  /** Open amounts of issued invoices not yet due, and past their due date. */
  unpaid: number;
  overdue: number;
  unpaidInvoices: number;
  overdueInvoices: number;
}

export async function billingDashboard(context: TenantContext): Promise<DashboardView> {
  const { database, tenantId } = context;
  return database.inTenant(tenantId, async (tx) => {
    const today = await tenantToday(tx, tenantId);
    const last = addMonths(monthOf(today), -1);
    const first = addMonths(last, -11);
    const months = Array.from({ length: 12 }, (_, index) => addMonths(first, index));
    const sums = rowsOf<{ billing_month: string; issued: number; draft: number }>(
      await tx.execute(sql`
        select billing_month,
               coalesce(sum(total) filter (where status = 'issued'), 0)::float8 as issued,
               coalesce(sum(total) filter (where status = 'draft'), 0)::float8 as draft
          from invoices
         where tenant_id = ${tenantId} and billing_month between ${first} and ${last}
         group by billing_month`),
    );
    const byMonth = new Map(sums.map((row) => [row.billing_month, row]));
    const [open] = rowsOf<{ unpaid: number; overdue: number; unpaid_count: number; overdue_count: number }>(
      await tx.execute(sql`
        select coalesce(sum(total - paid_amount - credited_amount) filter (where payment_status <> 'overdue'), 0)::float8 as unpaid,
               coalesce(sum(total - paid_amount - credited_amount) filter (where payment_status = 'overdue'), 0)::float8 as overdue,
               (count(*) filter (where payment_status <> 'overdue'))::int as unpaid_count,
               (count(*) filter (where payment_status = 'overdue'))::int as overdue_count
          from invoices
         where tenant_id = ${tenantId} and kind = 'invoice' and status = 'issued'
           and payment_status in ('unpaid', 'partially_paid', 'overdue')
           and total - paid_amount - credited_amount > 0`),
    );
    const [recurring] = rowsOf<{ mrr: number }>(
      await tx.execute(sql`
        select coalesce(sum((li.price_snapshot->>'monthlyFee')::bigint * li.quantity), 0)::float8 as mrr
          from line_items li
          join contracts c on c.tenant_id = li.tenant_id and c.id = li.contract_id
          join billing_accounts ba on ba.tenant_id = c.tenant_id and ba.id = c.billing_account_id
         where li.tenant_id = ${tenantId} and li.status = 'active'
           and li.charge_start_date <= ${today}::date
           and (li.end_date is null or li.end_date >= ${today}::date)
           and ba.payment_method <> 'non_billable'
           and li.price_snapshot->>'pricingPattern' <> 'initial_only'
           and not coalesce((li.price_snapshot->>'agency')::boolean, false)`),
    );
    return {
      months: months.map((month) => ({
        month,
        issued: byMonth.get(month)?.issued ?? 0,
        draft: byMonth.get(month)?.draft ?? 0,
      })),
      mrr: recurring?.mrr ?? 0,
      unpaid: open?.unpaid ?? 0,
      overdue: open?.overdue ?? 0,
      unpaidInvoices: open?.unpaid_count ?? 0,
      overdueInvoices: open?.overdue_count ?? 0,
    };
  });
}

export interface ReceivableView {
  customerId: string;
  customerCode: string;
  customerName: string;
  invoices: number;
  openAmount: number;
  overdueAmount: number;
  oldestDueDate: string | null;
}

/** Customers with an amount open on issued invoices, by customer code (keyset on the customer id). */
export async function listReceivables(
  context: TenantContext,
  query: { limit: number; cursor?: string | undefined; overdueOnly?: boolean | undefined },
): Promise<Page<ReceivableView>> {
  const { database, tenantId } = context;
  return database.inTenant(tenantId, async (tx) => {
    const rows = rowsOf<{
      id: string;
      code: string;
      name: string;
      invoices: number;
      open_amount: number;
      overdue_amount: number;
      oldest_due: string | null;
    }>(
      await tx.execute(sql`
        select c.id, c.code, c.name, count(*)::int as invoices,
               sum(i.total - i.paid_amount - i.credited_amount)::float8 as open_amount,
               coalesce(sum(i.total - i.paid_amount - i.credited_amount) filter (where i.payment_status = 'overdue'), 0)::float8 as overdue_amount,
               min(i.due_date)::text as oldest_due
          from invoices i
          join customers c on c.tenant_id = i.tenant_id and c.id = i.customer_id
         where i.tenant_id = ${tenantId} and i.kind = 'invoice' and i.status = 'issued'
           and i.total - i.paid_amount - i.credited_amount > 0
           ${query.cursor ? sql`and c.id > ${query.cursor}::uuid` : sql``}
         group by c.id, c.code, c.name
        ${query.overdueOnly ? sql`having bool_or(i.payment_status = 'overdue')` : sql``}
         order by c.id
         limit ${query.limit + 1}`),
    );
    return pageOf(rows, query.limit, (row) => ({
      customerId: row.id,
      customerCode: row.code,
      customerName: row.name,
      invoices: row.invoices,
      openAmount: row.open_amount,
      overdueAmount: row.overdue_amount,
      oldestDueDate: row.oldest_due,
    }));
  });
}
