// What a customer can order (新規注文: 基本契約にて紐づけされている商品の一覧): the published
// products of its on-sale agreements, once each, with what the order screen asks and shows.
// Staff ask for any customer of the tenant; a portal user only for their own.
import { and, eq, inArray } from 'drizzle-orm';
import type { TenantContext } from '../../platform/context.js';
import type { Tx } from '../../platform/db/database.js';
import { DomainError } from '../../platform/domain-error.js';
import type { AttributeDefinition } from '../attributes/index.js';
import { loadProductsForOrder, products } from '../catalog/index.js';
import { loadCustomer } from '../customers/index.js';
import { orderableProductIds } from './agreement-status.rules.js';
import { agreementProducts, agreements } from './schema.js';

export interface OrderableProductView {
  id: string;
  code: string;
  name: string;
  taxCategory: 'standard' | 'reduced' | 'exempt';
  fulfilment: 'immediate' | 'carrier';
  agency: boolean;
  pricing: {
    pattern: 'initial_and_monthly' | 'monthly_only' | 'initial_only';
    initialFee: number;
    monthlyFee: number;
    quantityLinkedInitialFee: boolean;
    freePeriod: { unit: 'month' | 'day'; length: number };
  };
  serialNumberPattern: string | null;
  attributeDefinitions: AttributeDefinition[];
}

/**
 * The product ids a customer may order now (ordering refuses others with
 * `agreement_not_on_sale`). Read in the caller's transaction.
 */
export async function productsOnSaleFor(tx: Tx, tenantId: string, customerId: string): Promise<Set<string>> {
  return (await productsOnSaleForCustomers(tx, tenantId, [customerId])).get(customerId) ?? new Set();
}

/** The same for many customers in one query (注文一括登録), by customer id. */
export async function productsOnSaleForCustomers(
  tx: Tx,
  tenantId: string,
  customerIds: readonly string[],
): Promise<Map<string, Set<string>>> {
  const wanted = [...new Set(customerIds)];
  if (wanted.length === 0) return new Map();
  const rows = await tx
    .select({
      customerId: agreements.customerId,
      agreementStatus: agreements.status,
      productId: agreementProducts.productId,
      productStatus: products.status,
    })
    .from(agreements)
    .innerJoin(
      agreementProducts,
      and(
        eq(agreementProducts.tenantId, agreements.tenantId),
        eq(agreementProducts.agreementId, agreements.id),
      ),
    )
    .innerJoin(
      products,
      and(eq(products.tenantId, agreementProducts.tenantId), eq(products.id, agreementProducts.productId)),
    )
    // Only on-sale agreements can contribute; the rule decides the rest.
    .where(
      and(
        eq(agreements.tenantId, tenantId),
        wanted.length === 1
          ? eq(agreements.customerId, wanted[0] as string)
          : inArray(agreements.customerId, wanted),
        eq(agreements.status, 'on_sale'),
      ),
    );
  const byCustomer = new Map<string, typeof rows>();
  for (const row of rows) {
    const list = byCustomer.get(row.customerId) ?? [];
    list.push(row);
    byCustomer.set(row.customerId, list);
  }
  return new Map([...byCustomer].map(([customerId, list]) => [customerId, orderableProductIds(list)]));
}

export async function listOrderableProducts(
  context: TenantContext,
  customerId: string,
): Promise<{ items: OrderableProductView[] }> {
  const { tenantId } = context;
  // Another customer's id from a portal user is "not found", as for any id not theirs.
  if (context.customerScope && context.customerScope !== customerId) throw new DomainError('not_found');
  return context.database.inTenant(tenantId, async (tx) => {
    const customer = await loadCustomer(tx, tenantId, customerId);
    if (!customer) throw new DomainError('not_found');
    const ids = await productsOnSaleFor(tx, tenantId, customerId);
    const loaded = await loadProductsForOrder(tx, tenantId, [...ids]);
    const items = [...loaded.values()]
      .sort((a, b) => a.code.localeCompare(b.code))
      .map(
        (product): OrderableProductView => ({
          id: product.id,
          code: product.code,
          name: product.name,
          taxCategory: product.snapshot.taxCategory,
          fulfilment: product.snapshot.fulfilment,
          agency: product.snapshot.agency,
          pricing: {
            pattern: product.snapshot.pricingPattern,
            initialFee: product.snapshot.initialFee,
            monthlyFee: product.snapshot.monthlyFee,
            quantityLinkedInitialFee: product.snapshot.quantityLinkedInitialFee,
            freePeriod: product.snapshot.freePeriod,
          },
          serialNumberPattern: product.serialNumberPattern,
          attributeDefinitions: product.attributeDefinitions,
        }),
      );
    return { items };
  });
}
