// 商品カスタム属性の商品への紐づけ: which products ask a product attribute at order time.
// Linked from the attribute definition's page (several products at once, checkbox search
// list) and unlinked one product at a time (「(商品名)への紐づけを解除しますか」).
import { and, asc, eq, inArray } from 'drizzle-orm';
import { recordChange } from '../../platform/audit/service.js';
import type { TenantContext } from '../../platform/context.js';
import type { Tx } from '../../platform/db/database.js';
import { DomainError } from '../../platform/domain-error.js';
import { attributeDefinitions } from '../attributes/index.js';
import type { ProductSummary } from './product.queries.js';
import { productAttributes, products } from './schema.js';

async function loadDefinition(tx: Tx, tenantId: string, id: string, forUpdate: boolean) {
  const query = tx
    .select({
      id: attributeDefinitions.id,
      entity: attributeDefinitions.entity,
      key: attributeDefinitions.key,
    })
    .from(attributeDefinitions)
    .where(and(eq(attributeDefinitions.tenantId, tenantId), eq(attributeDefinitions.id, id)));
  // The lock keeps a concurrent delete of the definition from racing the links.
  const [row] = forUpdate ? await query.for('update') : await query;
  if (!row) throw new DomainError('not_found');
  return row;
}

async function linkedProducts(tx: Tx, tenantId: string, definitionId: string): Promise<ProductSummary[]> {
  return tx
    .select({ id: products.id, code: products.code, name: products.name, status: products.status })
    .from(productAttributes)
    .innerJoin(
      products,
      and(eq(products.tenantId, productAttributes.tenantId), eq(products.id, productAttributes.productId)),
    )
    .where(
      and(
        eq(productAttributes.tenantId, tenantId),
        eq(productAttributes.attributeDefinitionId, definitionId),
      ),
    )
    .orderBy(asc(products.code));
}

/** The products a definition is linked to, by code (none for a customer attribute). */
export async function listLinkedProducts(
  context: TenantContext,
  definitionId: string,
): Promise<ProductSummary[]> {
  return context.database.inTenant(context.tenantId, async (tx) => {
    await loadDefinition(tx, context.tenantId, definitionId, false);
    return linkedProducts(tx, context.tenantId, definitionId);
  });
}

/**
 * Links a product attribute to several products at once; products already linked stay as
 * they are. Every id must be a product of the tenant (422 `product_not_found` naming each
 * missing one), else nothing is linked. Answers the products linked afterwards.
 */
export async function linkProducts(
  context: TenantContext,
  definitionId: string,
  productIds: readonly string[],
): Promise<ProductSummary[]> {
  return context.database.inTenant(context.tenantId, async (tx) => {
    const definition = await loadDefinition(tx, context.tenantId, definitionId, true);
    if (definition.entity !== 'product') {
      throw new DomainError('attribute_not_for_products');
    }
    const ids = [...new Set(productIds)];
    const found = new Set(
      (
        await tx
          .select({ id: products.id })
          .from(products)
          .where(and(eq(products.tenantId, context.tenantId), inArray(products.id, ids)))
      ).map((row) => row.id),
    );
    const missing = productIds.flatMap((id, index) => (found.has(id) ? [] : [index]));
    if (missing.length > 0) {
      throw new DomainError('product_not_found', {
        errors: missing.map((index) => ({
          path: `/productIds/${index}`,
          message: { ja: '指定された商品が見つかりません。', en: 'is not a product of this tenant.' },
        })),
      });
    }
    const inserted = await tx
      .insert(productAttributes)
      .values(
        ids.map((productId) => ({
          tenantId: context.tenantId,
          productId,
          attributeDefinitionId: definitionId,
        })),
      )
      .onConflictDoNothing()
      .returning({ productId: productAttributes.productId });
    if (inserted.length > 0) {
      await recordChange(tx, context.tenantId, context.actor, {
        entity: 'attribute_definition',
        entityId: definitionId,
        action: 'link_products',
        after: { key: definition.key, productIds: inserted.map((row) => row.productId) },
      });
    }
    return linkedProducts(tx, context.tenantId, definitionId);
  });
}

/** Unlinks one product; a product that is not linked (or not the tenant's) answers 404. */
export async function unlinkProduct(
  context: TenantContext,
  definitionId: string,
  productId: string,
): Promise<void> {
  await context.database.inTenant(context.tenantId, async (tx) => {
    const definition = await loadDefinition(tx, context.tenantId, definitionId, true);
    const [removed] = await tx
      .delete(productAttributes)
      .where(
        and(
          eq(productAttributes.tenantId, context.tenantId),
          eq(productAttributes.attributeDefinitionId, definitionId),
          eq(productAttributes.productId, productId),
        ),
      )
      .returning({ productId: productAttributes.productId });
    if (!removed) throw new DomainError('not_found');
    const [product] = await tx
      .select({ code: products.code, name: products.name })
      .from(products)
      .where(and(eq(products.tenantId, context.tenantId), eq(products.id, productId)));
    await recordChange(tx, context.tenantId, context.actor, {
      entity: 'attribute_definition',
      entityId: definitionId,
      action: 'unlink_product',
      before: { key: definition.key, productId, productCode: product?.code, productName: product?.name },
    });
  });
}
