// Billing accounts (請求アカウント): a customer's list, and editing the payment method, name
// and payment terms. Invoices are per billing account (billing.md); the default one is
// created with its customer.
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { recordChange } from '../../platform/audit/service.js';
import type { TenantContext } from '../../platform/context.js';
import { DomainError } from '../../platform/domain-error.js';
import { billingAccounts, customers, type PaymentMethod } from './schema.js';

export type PaymentTerms = (typeof billingAccounts.$inferSelect)['paymentTerms'];

export interface BillingAccount {
  id: string;
  customerId: string;
  number: string;
  name: string;
  paymentMethod: PaymentMethod;
  paymentTerms: PaymentTerms;
  isDefault: boolean;
  version: number;
  createdAt: string;
  updatedAt: string;
}

type BillingAccountRow = typeof billingAccounts.$inferSelect;

const toBillingAccount = (row: BillingAccountRow): BillingAccount => ({
  id: row.id,
  customerId: row.customerId,
  number: row.number,
  name: row.name,
  paymentMethod: row.paymentMethod,
  paymentTerms: row.paymentTerms,
  isDefault: row.isDefault,
  version: row.version,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

/** A portal user reaches only their own customer's accounts. */
const scopeOf = (context: TenantContext) =>
  context.customerScope ? eq(billingAccounts.customerId, context.customerScope) : undefined;

export async function listBillingAccounts(
  context: TenantContext,
  customerId: string,
): Promise<{ items: BillingAccount[] }> {
  const { tenantId } = context;
  return context.database.inTenant(tenantId, async (tx) => {
    const [customer] = await tx
      .select({ id: customers.id })
      .from(customers)
      .where(
        and(
          eq(customers.tenantId, tenantId),
          eq(customers.id, customerId),
          context.customerScope ? eq(customers.id, context.customerScope) : undefined,
        ),
      );
    if (!customer) throw new DomainError('not_found');
    const rows = await tx
      .select()
      .from(billingAccounts)
      .where(and(eq(billingAccounts.tenantId, tenantId), eq(billingAccounts.customerId, customerId)))
      .orderBy(desc(billingAccounts.isDefault), asc(billingAccounts.number));
    return { items: rows.map(toBillingAccount) };
  });
}

export interface BillingAccountChange {
  version: number;
  name?: string | undefined;
  paymentMethod?: PaymentMethod | undefined;
  paymentTerms?: PaymentTerms | undefined;
}

export async function updateBillingAccount(
  context: TenantContext,
  id: string,
  change: BillingAccountChange,
): Promise<BillingAccount> {
  const { tenantId } = context;
  return context.database.inTenant(tenantId, async (tx) => {
    const [before] = await tx
      .select()
      .from(billingAccounts)
      .where(and(eq(billingAccounts.tenantId, tenantId), eq(billingAccounts.id, id), scopeOf(context)))
      .for('update');
    if (!before) throw new DomainError('not_found');
    if (before.version !== change.version) throw new DomainError('version_conflict');
    const [after] = await tx
      .update(billingAccounts)
      .set({
        ...(change.name !== undefined ? { name: change.name.trim() } : {}),
        ...(change.paymentMethod !== undefined ? { paymentMethod: change.paymentMethod } : {}),
        ...(change.paymentTerms !== undefined ? { paymentTerms: change.paymentTerms } : {}),
        version: sql`${billingAccounts.version} + 1`,
        updatedAt: new Date(),
      })
      .where(and(eq(billingAccounts.tenantId, tenantId), eq(billingAccounts.id, id)))
      .returning();
    if (!after) throw new DomainError('not_found');
    await recordChange(tx, tenantId, context.actor, {
      entity: 'billing_account',
      entityId: id,
      action: 'update',
      before: toBillingAccount(before),
      after: toBillingAccount(after),
    });
    return toBillingAccount(after);
  });
}
