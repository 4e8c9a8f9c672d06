// Issuing invoices (billing.md "Invoices"): a draft gets its number (unique per tenant,
// gapless), its issue date and its due date by the account's payment terms, and from then
// on is immutable (the database refuses changes, migrations/0005_billing.sql).
import { sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/database.js';
import { DomainError } from '../../platform/domain-error.js';
import { formatNumber, nextNumbers } from '../../platform/ids/human-number.js';
import type { BillingSettingsView } from './billing-settings.service.js';
import { dueDateOf, issueDateOf, type PaymentTerms } from './due-date.rules.js';
import { paymentStatusOf } from './payment-status.rules.js';

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
      select id, kind, credit_for, total::float8 as total, billing_month, payment_terms from invoices
       where tenant_id = ${tenantId} and id = any(${sql.param(invoiceIds)}::uuid[]) and status = 'draft'
       order by billing_month, id
       for update`)) as unknown as {
      rows: {
        id: string;
        kind: 'invoice' | 'credit_note';
        credit_for: string | null;
        total: number;
        billing_month: string;
        payment_terms: PaymentTerms;
      }[];
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
  const credits = drafts.filter((draft) => draft.kind === 'credit_note');
  if (credits.length > 0) await applyCreditNotes(tx, tenantId, credits, today);
  return drafts.length;
}

/**
 * Issued credit notes reduce what is open on the invoices they correct: each original's
 * credited amount grows by the credit's magnitude, never beyond its total, and its payment
 * status follows. The credit note itself is settled by its issue.
 */
async function applyCreditNotes(
  tx: Tx,
  tenantId: string,
  credits: { id: string; credit_for: string | null; total: number }[],
  today: string,
): Promise<void> {
  const byOriginal = new Map<string, number>();
  for (const credit of credits) {
    if (credit.total >= 0 || credit.credit_for === null) throw new DomainError('credit_note_not_negative');
    byOriginal.set(credit.credit_for, (byOriginal.get(credit.credit_for) ?? 0) - credit.total);
  }
  const originals = (
    (await tx.execute(sql`
      select id, total::float8 as total, paid_amount::float8 as paid, credited_amount::float8 as credited, due_date::text as due
        from invoices where tenant_id = ${tenantId} and id = any(${sql.param([...byOriginal.keys()])}::uuid[])
       for update`)) as unknown as {
      rows: { id: string; total: number; paid: number; credited: number; due: string | null }[];
    }
  ).rows;
  for (const original of originals) {
    const credited = original.credited + (byOriginal.get(original.id) ?? 0);
    if (credited > original.total) throw new DomainError('credit_exceeds_invoice');
    const status = paymentStatusOf(
      {
        kind: 'invoice',
        status: 'issued',
        total: original.total,
        paidAmount: original.paid,
        creditedAmount: credited,
        dueDate: original.due,
      },
      today,
    );
    await tx.execute(sql`
      update invoices set credited_amount = ${credited}, payment_status = ${status}, updated_at = now()
       where tenant_id = ${tenantId} and id = ${original.id}`);
  }
  const settled = paymentStatusOf(
    { kind: 'credit_note', status: 'issued', total: 0, paidAmount: 0, creditedAmount: 0, dueDate: null },
    today,
  );
  await tx.execute(sql`
    update invoices set payment_status = ${settled}
     where tenant_id = ${tenantId} and id = any(${sql.param(credits.map((credit) => credit.id))}::uuid[])`);
}
