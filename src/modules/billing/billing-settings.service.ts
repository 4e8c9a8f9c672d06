// The tenant's billing settings: the (choice) rules of billing.md with their defaults, and
// the tax settings of the tenant (rates and rounding) they combine with.
import { eq } from 'drizzle-orm';
import { recordChange } from '../../platform/audit/service.js';
import type { TenantContext } from '../../platform/context.js';
import type { Database, Tx } from '../../platform/db/database.js';
import { DomainError } from '../../platform/domain-error.js';
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

/** The settings as the API shows and edits them (tax rates and rounding are tenant settings). */
export interface BillingSettingsForm {
  firstMonth: FirstMonthPolicy;
  quantityBasis: QuantityBasis;
  autoIssue: boolean;
  pricesIncludeTax: boolean;
  dueDateShift: DueDateShift;
  bankAccount: BankAccount | null;
  /** 0 until the tenant first saves its settings (the defaults apply). */
  version: number;
}

const formOf = (settings: BillingSettingsView, version: number): BillingSettingsForm => ({
  firstMonth: settings.firstMonth,
  quantityBasis: settings.quantityBasis,
  autoIssue: settings.autoIssue,
  pricesIncludeTax: settings.pricesIncludeTax,
  dueDateShift: settings.dueDateShift,
  bankAccount: settings.bankAccount,
  version,
});

async function settingsVersion(tx: Tx, tenantId: string): Promise<number> {
  const [row] = await tx
    .select({ version: billingSettings.version })
    .from(billingSettings)
    .where(eq(billingSettings.tenantId, tenantId));
  return row?.version ?? 0;
}

export async function getBillingSettings(context: TenantContext): Promise<BillingSettingsForm> {
  const settings = await loadBillingSettings(context.database, context.tenantId);
  const version = await context.database.inTenant(context.tenantId, (tx) =>
    settingsVersion(tx, context.tenantId),
  );
  return formOf(settings, version);
}

/** Saves the settings (all of them) when `version` is the current one; 409 when stale. */
export async function updateBillingSettings(
  context: TenantContext,
  input: Omit<BillingSettingsForm, 'version'> & { version: number },
): Promise<BillingSettingsForm> {
  const { database, tenantId } = context;
  await database.inTenant(tenantId, async (tx) => {
    const [before] = await tx
      .select()
      .from(billingSettings)
      .where(eq(billingSettings.tenantId, tenantId))
      .for('update');
    if ((before?.version ?? 0) !== input.version) throw new DomainError('version_conflict');
    const values = {
      firstMonth: input.firstMonth,
      quantityBasis: input.quantityBasis,
      autoIssue: input.autoIssue,
      pricesIncludeTax: input.pricesIncludeTax,
      dueDateShift: input.dueDateShift,
      bankAccount: input.bankAccount,
    };
    const [after] = before
      ? await tx
          .update(billingSettings)
          .set({ ...values, version: before.version + 1, updatedAt: new Date() })
          .where(eq(billingSettings.tenantId, tenantId))
          .returning()
      : await tx
          .insert(billingSettings)
          .values({ tenantId, ...values, version: 1 })
          .returning();
    await recordChange(tx, tenantId, context.actor, {
      entity: 'billing_settings',
      entityId: tenantId,
      action: before ? 'update' : 'create',
      before: before ?? null,
      after,
    });
  });
  return getBillingSettings(context);
}
