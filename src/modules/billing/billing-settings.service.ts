// The tenant's billing settings: the (choice) rules of billing.md with their defaults, and
// the tax settings of the tenant (rates and rounding) they combine with.
import { eq } from 'drizzle-orm';
import type { Database } from '../../platform/db/database.js';
import { tenants } from '../../platform/tenancy/schema.js';
import type { FirstMonthPolicy, QuantityBasis } from './charges.rules.js';
import type { DueDateShift } from './due-date.rules.js';
import type { TaxRounding } from './invoice-totals.rules.js';
import { type BankAccount, billingSettings } from './schema.js';

export interface BillingSettingsView {
  firstMonth: FirstMonthPolicy;
  quantityBasis: QuantityBasis;
  autoIssue: boolean;
  pricesIncludeTax: boolean;
  dueDateShift: DueDateShift;
  bankAccount: BankAccount | null;
  rounding: TaxRounding;
  timeZone: string;
  registrationNumber: string | null;
  taxRateOf(category: 'standard' | 'reduced' | 'exempt'): number;
}

export async function loadBillingSettings(
  database: Database,
  tenantId: string,
): Promise<BillingSettingsView> {
  return database.inTenant(tenantId, async (tx) => {
    const [tenant] = await tx
      .select({
        timeZone: tenants.timeZone,
        taxSettings: tenants.taxSettings,
        registrationNumber: tenants.invoiceRegistrationNumber,
      })
      .from(tenants)
      .where(eq(tenants.id, tenantId));
    if (!tenant) throw new Error(`tenant ${tenantId} not found`);
    const [row] = await tx.select().from(billingSettings).where(eq(billingSettings.tenantId, tenantId));
    const tax = tenant.taxSettings;
    return {
      firstMonth: row?.firstMonth ?? 'full',
      quantityBasis: row?.quantityBasis ?? 'month_end',
      autoIssue: row?.autoIssue ?? false,
      pricesIncludeTax: row?.pricesIncludeTax ?? false,
      dueDateShift: row?.dueDateShift ?? 'next_business_day',
      bankAccount: row?.bankAccount ?? null,
      rounding: tax.rounding,
      timeZone: tenant.timeZone,
      registrationNumber: tenant.registrationNumber,
      taxRateOf: (category) =>
        category === 'standard' ? tax.standardRate : category === 'reduced' ? tax.reducedRate : 0,
    };
  });
}
