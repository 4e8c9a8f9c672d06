// Issuing invoices (billing.md "Invoices"): a draft gets its number (unique per tenant,
// gapless), its issue date and its due date by the account's payment terms, and from then
// on is immutable (the database refuses changes, migrations/0005_billing.sql).
import { sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/database.js';
import { formatNumber, nextNumbers } from '../../platform/ids/human-number.js';
import type { BillingSettingsView } from './billing-settings.service.js';
import { dueDateOf, issueDateOf, type PaymentTerms } from './due-date.rules.js';

export const INVOICE_NUMBER_PREFIX = 'INV-';

/** Issues the given drafts (others are left alone); answers how many were issued. */
export async function issueDrafts(
  tx: Tx,
  tenantId: string,
  invoiceIds: string[],
  today: string,
  settings: Pick<BillingSettingsView, 'dueDateShift'>,
  issuedBy: string | null,
): Promise<number> {
  const drafts = (
    (await tx.execute(sql`
      select id, billing_month, payment_terms from invoices
       where tenant_id = ${tenantId} and id = any(${sql.param(invoiceIds)}::uuid[]) and status = 'draft'
       order by billing_month, id
       for update`)) as unknown as {
      rows: { id: string; billing_month: string; payment_terms: PaymentTerms }[];
    }
  ).rows;
  if (drafts.length === 0) return 0;
  const numbers = (await nextNumbers(tx, tenantId, { invoice: drafts.length })).invoice ?? [];
  const values = drafts.map((draft, index) => {
    const issueDate = issueDateOf(draft.billing_month, today);
    const dueDate = dueDateOf(issueDate, draft.payment_terms, settings.dueDateShift);
    const number = formatNumber(INVOICE_NUMBER_PREFIX, numbers[index] ?? 0, 8);
    return sql`(${draft.id}::uuid, ${number}, ${issueDate}::date, ${dueDate}::date)`;
  });
  for (let start = 0; start < values.length; start += 1000) {
    await tx.execute(sql`
      update invoices set status = 'issued', number = v.number, issue_date = v.issue_date, due_date = v.due_date,
             issued_at = now(), issued_by = ${issuedBy}::uuid, updated_at = now(), version = version + 1
        from (values ${sql.join(values.slice(start, start + 1000), sql`, `)}) as v(id, number, issue_date, due_date)
       where invoices.tenant_id = ${tenantId} and invoices.id = v.id`);
  }
  return drafts.length;
}
