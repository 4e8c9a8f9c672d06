// The billing engine (billing.md "Charges"): given a line item with its price snapshot, its
// completed orders and what earlier runs billed, the charges a run for month M adds. Pure:
// no database, no clock. Each charge carries the key the database keeps unique (rule 7):
// (line item, service month) for monthly charges, the order item for initial charges.
import {
  addMonths,
  dateBefore,
  earlierOf,
  firstDay,
  lastDay,
  laterOf,
  monthOf,
  monthsBetween,
} from './billing-month.rules.js';

export type FirstMonthPolicy = 'full' | 'free';
export type QuantityBasis = 'month_end' | 'max_in_month';

/** The (choice) settings of billing.md the engine reads: tenant settings (billing_settings). */
export interface BillingPolicy {
  firstMonth: FirstMonthPolicy;
  quantityBasis: QuantityBasis;
}

export const DEFAULT_POLICY: BillingPolicy = { firstMonth: 'full', quantityBasis: 'month_end' };

/** A product's own (choices), from its line item's price snapshot: null where it has none. */
export interface PolicyOverride {
  firstMonth: FirstMonthPolicy | null;
  quantityBasis: QuantityBasis | null;
}

/** The policy a line item is billed by: its product's choices where set, the tenant's otherwise. */
export function policyFor(tenant: BillingPolicy, product: PolicyOverride): BillingPolicy {
  if (product.firstMonth === null && product.quantityBasis === null) return tenant;
  return {
    firstMonth: product.firstMonth ?? tenant.firstMonth,
    quantityBasis: product.quantityBasis ?? tenant.quantityBasis,
  };
}

export interface ChargeTerms {
  pricingPattern: 'initial_and_monthly' | 'monthly_only' | 'initial_only';
  initialFee: number;
  monthlyFee: number;
  quantityLinkedInitialFee: boolean;
  /** 取次: sold for a carrier, no revenue here: every amount is 0, so nothing is billed. */
  agency: boolean;
}

/** A completed order item of the line item: its part of the quantity history. */
export interface CompletedChange {
  orderItemId: string;
  orderId: string;
  kind: 'new' | 'add' | 'reduce' | 'terminate';
  quantity: number;
  completedOn: string;
}

export interface BillableLineItem {
  id: string;
  terms: ChargeTerms;
  taxRate: number;
  chargeStartDate: string;
  /** Last day of service (the terminate order's completion date), or null. */
  endDate: string | null;
  changes: readonly CompletedChange[];
  /** The latest service month a run billed for it: earlier months are never recomputed (rule 7). */
  lastBilledMonth: string | null;
  /** Order items whose initial charge a run already billed. */
  billedInitialOrderItemIds: ReadonlySet<string>;
}

export interface Charge {
  lineItemId: string;
  /** The order item of an initial charge; null for monthly charges. */
  orderItemId: string | null;
  orderId: string | null;
  chargeKind: 'initial' | 'monthly';
  serviceMonth: string;
  quantity: number;
  unitPrice: number;
  amount: number;
  taxRate: number;
}

/** The date from which an order item's quantity is in effect (rule 4). */
function effectiveFrom(change: CompletedChange, chargeStartDate: string): string {
  // The new order's quantity counts from the earlier of its completion and the CSD: a
  // back-dated CSD bills the ordered quantity for the months before completion (example D).
  if (change.kind === 'new' && dateBefore(chargeStartDate, change.completedOn)) return chargeStartDate;
  return change.completedOn;
}

function delta(change: CompletedChange): number {
  if (change.kind === 'reduce') return -change.quantity;
  if (change.kind === 'terminate') return 0;
  return change.quantity;
}

interface QuantityStep {
  from: string;
  delta: number;
}

function quantitySteps(item: BillableLineItem): QuantityStep[] {
  return item.changes
    .map((change) => ({ from: effectiveFrom(change, item.chargeStartDate), delta: delta(change) }))
    .filter((step) => step.delta !== 0)
    .sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
}

/** The quantity in effect at the end of a day. */
function quantityOn(steps: readonly QuantityStep[], day: string): number {
  let quantity = 0;
  for (const step of steps) {
    if (step.from > day) break;
    quantity += step.delta;
  }
  return quantity;
}

/** Rule 3: month X is chargeable when CSD <= lastDay(X) and (no ED or ED >= firstDay(X)). */
export function isChargeableMonth(
  month: string,
  chargeStartDate: string,
  endDate: string | null,
  firstMonth: FirstMonthPolicy,
): boolean {
  if (chargeStartDate > lastDay(month)) return false;
  if (endDate !== null && endDate < firstDay(month)) return false;
  // `free`: the CSD's month is not charged unless the CSD is its first day.
  if (firstMonth === 'free' && monthOf(chargeStartDate) === month && chargeStartDate !== firstDay(month)) {
    return false;
  }
  return true;
}

/** Rule 4: the quantity a chargeable month is billed for. */
export function quantityForMonth(
  item: Pick<BillableLineItem, 'chargeStartDate' | 'endDate' | 'changes'>,
  month: string,
  basis: QuantityBasis,
): number {
  const steps = quantitySteps(item as BillableLineItem);
  const lastChargeable = item.endDate !== null ? earlierOf(item.endDate, lastDay(month)) : lastDay(month);
  if (basis === 'month_end') return quantityOn(steps, lastChargeable);
  // max_in_month: the largest quantity on any chargeable day; it changes only at steps.
  const firstChargeable = laterOf(item.chargeStartDate, firstDay(month));
  let max = quantityOn(steps, firstChargeable);
  for (const step of steps) {
    if (step.from > firstChargeable && step.from <= lastChargeable)
      max = Math.max(max, quantityOn(steps, step.from));
  }
  return max;
}

const hasMonthly = (terms: ChargeTerms) => terms.pricingPattern !== 'initial_only';
const hasInitial = (terms: ChargeTerms) => terms.pricingPattern !== 'monthly_only';

/** Rule 5: the month of an order's initial charge: the month of max(completion, CSD). */
export function initialChargeMonth(completedOn: string, chargeStartDate: string): string {
  return monthOf(laterOf(completedOn, chargeStartDate));
}

/**
 * Rule 6: what a run for month M bills for one line item: every chargeable month X <= M
 * after the last billed one, and every initial charge of a month <= M not billed yet.
 * Lines of amount 0 are left out (rule 9), so agency items produce nothing.
 */
export function chargesForRun(item: BillableLineItem, billingMonth: string, policy: BillingPolicy): Charge[] {
  const charges: Charge[] = [];
  const { terms } = item;
  if (hasInitial(terms)) {
    for (const change of item.changes) {
      const countsForInitial =
        change.kind === 'new' || (change.kind === 'add' && terms.quantityLinkedInitialFee);
      if (!countsForInitial || item.billedInitialOrderItemIds.has(change.orderItemId)) continue;
      const month = initialChargeMonth(change.completedOn, item.chargeStartDate);
      if (month > billingMonth) continue;
      const quantity = terms.quantityLinkedInitialFee ? change.quantity : 1;
      const unitPrice = terms.agency ? 0 : terms.initialFee;
      charges.push({
        lineItemId: item.id,
        orderItemId: change.orderItemId,
        orderId: change.orderId,
        chargeKind: 'initial',
        serviceMonth: month,
        quantity,
        unitPrice,
        amount: unitPrice * quantity,
        taxRate: item.taxRate,
      });
    }
  }
  if (hasMonthly(terms)) {
    const from = monthOf(item.chargeStartDate);
    const start =
      item.lastBilledMonth !== null && item.lastBilledMonth >= from
        ? addMonths(item.lastBilledMonth, 1)
        : from;
    const end = item.endDate !== null ? earlierOf(monthOf(item.endDate), billingMonth) : billingMonth;
    for (const month of monthsBetween(start, end)) {
      if (!isChargeableMonth(month, item.chargeStartDate, item.endDate, policy.firstMonth)) continue;
      const quantity = quantityForMonth(item, month, policy.quantityBasis);
      const unitPrice = terms.agency ? 0 : terms.monthlyFee;
      charges.push({
        lineItemId: item.id,
        orderItemId: null,
        orderId: null,
        chargeKind: 'monthly',
        serviceMonth: month,
        quantity,
        unitPrice,
        amount: unitPrice * quantity,
        taxRate: item.taxRate,
      });
    }
  }
  return charges.filter((charge) => charge.amount !== 0);
}

/** The key the database keeps unique for a charge (rule 7). */
export function chargeKey(
  charge: Pick<Charge, 'chargeKind' | 'lineItemId' | 'orderItemId' | 'serviceMonth'>,
): string {
  return charge.chargeKind === 'initial'
    ? `initial:${charge.orderItemId}`
    : `monthly:${charge.lineItemId}:${charge.serviceMonth}`;
}
