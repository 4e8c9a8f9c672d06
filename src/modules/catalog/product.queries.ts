// Reads of products inside a caller's transaction, for the modules that sell them
// (agreements list products, ordering copies the price snapshot and asks the attributes).
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { Tx } from '../../platform/db/database.js';
import {
  type AttributeDefinition,
  attributeDefinitions,
  toAttributeDefinition,
} from '../attributes/index.js';
import { type PriceSnapshot, snapshotOf } from './price-snapshot.js';
import { productAttributes, products } from './schema.js';

export type ProductStatus = 'draft' | 'published';

export interface ProductSummary {
  id: string;
  code: string;
  name: string;
  status: ProductStatus;
}

export interface OrderableProduct extends ProductSummary {
  snapshot: PriceSnapshot;
  serialNumberPattern: string | null;
  /** The product attributes asked at order time (retired ones left out), by position. */
  attributeDefinitions: AttributeDefinition[];
}

/**
 * The products with these ids, with their price snapshot and attributes, in two queries.
 * Ids not in the tenant are absent from the map; the caller decides what that means
 * (422 `product_not_found`), and whether a draft may be sold (`product_not_published`).
 */
export function loadProductsForOrder(
  tx: Tx,
  tenantId: string,
  productIds: readonly string[],
): Promise<Map<string, OrderableProduct>> {
  return loadOrderable(tx, tenantId, products.id, productIds);
}

/**
 * The same, found by product code (注文一括登録: the CSV names products by code); the map is
 * keyed by id, each product carries its code.
 */
export function loadProductsForOrderByCode(
  tx: Tx,
  tenantId: string,
  codes: readonly string[],
): Promise<Map<string, OrderableProduct>> {
  return loadOrderable(tx, tenantId, products.code, codes);
}

async function loadOrderable(
  tx: Tx,
  tenantId: string,
  column: typeof products.id | typeof products.code,
  keys: readonly string[],
): Promise<Map<string, OrderableProduct>> {
  const wanted = [...new Set(keys)];
  const found = new Map<string, OrderableProduct>();
  if (wanted.length === 0) return found;
  const rows = await tx
    .select()
    .from(products)
    .where(and(eq(products.tenantId, tenantId), inArray(column, wanted)));
  if (rows.length === 0) return found;
  const links = await tx
    .select({ productId: productAttributes.productId, definition: attributeDefinitions })
    .from(productAttributes)
    .innerJoin(
      attributeDefinitions,
      and(
        eq(attributeDefinitions.tenantId, productAttributes.tenantId),
        eq(attributeDefinitions.id, productAttributes.attributeDefinitionId),
      ),
    )
    .where(
      and(
        eq(productAttributes.tenantId, tenantId),
        inArray(
          productAttributes.productId,
          rows.map((row) => row.id),
        ),
        isNull(attributeDefinitions.retiredAt),
      ),
    )
    .orderBy(asc(attributeDefinitions.position), asc(attributeDefinitions.key));
  for (const row of rows) {
    found.set(row.id, {
      id: row.id,
      code: row.code,
      name: row.name,
      status: row.status,
      snapshot: snapshotOf(row),
      serialNumberPattern: row.serialNumberPattern,
      attributeDefinitions: [],
    });
  }
  for (const link of links)
    found.get(link.productId)?.attributeDefinitions.push(toAttributeDefinition(link.definition));
  return found;
}

/** Code, name and status of these products (ids not in the tenant are left out), by code. */
export async function listProductSummaries(
  tx: Tx,
  tenantId: string,
  productIds: readonly string[],
): Promise<ProductSummary[]> {
  const ids = [...new Set(productIds)];
  if (ids.length === 0) return [];
  return tx
    .select({ id: products.id, code: products.code, name: products.name, status: products.status })
    .from(products)
    .where(and(eq(products.tenantId, tenantId), inArray(products.id, ids)))
    .orderBy(asc(products.code));
}
