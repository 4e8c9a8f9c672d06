// Use cases of products (商品テンプレート管理): create as draft, search, read, edit in draft
// and published state, publish.
import { and, asc, desc, eq, inArray, lt, or, sql } from 'drizzle-orm';
import { recordChange } from '../../platform/audit/service.js';
import type { TenantContext } from '../../platform/context.js';
import type { Tx } from '../../platform/db/database.js';
import { widthFoldedLike, widthFoldedPattern } from '../../platform/db/width-folded-like.js';
import { DomainError, type DomainFieldError } from '../../platform/domain-error.js';
import { newId } from '../../platform/ids/id.js';
import { type Page, pageOf } from '../../platform/pagination.js';
import type { ProductStatus } from './product.queries.js';
import { checkPricing, checkSerialNumberPattern, type Pricing, publishRefusal } from './product.rules.js';
import { productAttributes, products } from './schema.js';

type Row = typeof products.$inferSelect;
type TaxCategory = Row['taxCategory'];
type Fulfilment = Row['fulfilment'];

export interface Product {
  id: string;
  code: string;
  name: string;
  description: string | null;
  status: ProductStatus;
  taxCategory: TaxCategory;
  fulfilment: Fulfilment;
  serialNumberPattern: string | null;
  agency: boolean;
  pricing: Required<Pricing>;
  /** The product attributes (商品カスタム属性) linked to the product. */
  attributeDefinitionIds: string[];
  publishedAt: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

const pricingOf = (row: Row): Required<Pricing> => ({
  pattern: row.pricingPattern,
  initialFee: row.initialFee,
  monthlyFee: row.monthlyFee,
  quantityLinkedInitialFee: row.quantityLinkedInitialFee,
  freePeriod: { unit: row.freePeriodUnit, length: row.freePeriodLength },
  firstMonth: row.billingFirstMonth,
  quantityBasis: row.billingQuantityBasis,
});

const toProduct = (row: Row, attributeDefinitionIds: string[]): Product => ({
  id: row.id,
  code: row.code,
  name: row.name,
  description: row.description,
  status: row.status,
  taxCategory: row.taxCategory,
  fulfilment: row.fulfilment,
  serialNumberPattern: row.serialNumberPattern,
  agency: row.agency,
  pricing: pricingOf(row),
  attributeDefinitionIds,
  publishedAt: row.publishedAt?.toISOString() ?? null,
  version: row.version,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

/** The audit view: what a person sets (no timestamps, no links). */
const audited = (row: Row) => {
  const { createdAt: _c, updatedAt: _u, attributeDefinitionIds: _a, ...rest } = toProduct(row, []);
  return rest;
};

const pricingColumns = (pricing: Pricing) => ({
  pricingPattern: pricing.pattern,
  initialFee: pricing.initialFee,
  monthlyFee: pricing.monthlyFee,
  quantityLinkedInitialFee: pricing.quantityLinkedInitialFee,
  freePeriodUnit: pricing.freePeriod.unit,
  freePeriodLength: pricing.freePeriod.length,
  billingFirstMonth: pricing.firstMonth ?? null,
  billingQuantityBasis: pricing.quantityBasis ?? null,
});

/** The attribute definition ids linked to each of these products, in one query. */
async function linksOf(tx: Tx, tenantId: string, productIds: string[]): Promise<Map<string, string[]>> {
  const links = new Map<string, string[]>(productIds.map((id) => [id, []]));
  if (productIds.length === 0) return links;
  const rows = await tx
    .select({ productId: productAttributes.productId, id: productAttributes.attributeDefinitionId })
    .from(productAttributes)
    .where(and(eq(productAttributes.tenantId, tenantId), inArray(productAttributes.productId, productIds)))
    .orderBy(asc(productAttributes.createdAt), asc(productAttributes.attributeDefinitionId));
  for (const row of rows) links.get(row.productId)?.push(row.id);
  return links;
}

export interface ProductQuery {
  q?: string | undefined;
  status?: ProductStatus | undefined;
  limit: number;
  cursor?: string | undefined;
}

/** Products newest first, found by code or name (part of either, any case and width: NFKC on both sides). */
export async function listProducts(context: TenantContext, query: ProductQuery): Promise<Page<Product>> {
  const q = query.q?.trim();
  const pattern = q ? widthFoldedPattern(q) : undefined;
  return context.database.inTenant(context.tenantId, async (tx) => {
    const rows = await tx
      .select()
      .from(products)
      .where(
        and(
          eq(products.tenantId, context.tenantId),
          // A tenant has a few hundred products at most: no index is needed for the expressions.
          pattern
            ? or(widthFoldedLike(products.code, pattern), widthFoldedLike(products.name, pattern))
            : undefined,
          query.status ? eq(products.status, query.status) : undefined,
          query.cursor ? lt(products.id, query.cursor) : undefined,
        ),
      )
      .orderBy(desc(products.id))
      .limit(query.limit + 1);
    const links = await linksOf(
      tx,
      context.tenantId,
      rows.slice(0, query.limit).map((row) => row.id),
    );
    return pageOf(rows, query.limit, (row) => toProduct(row, links.get(row.id) ?? []));
  });
}

async function loadRow(tx: Tx, tenantId: string, id: string, forUpdate: boolean): Promise<Row> {
  const query = tx
    .select()
    .from(products)
    .where(and(eq(products.tenantId, tenantId), eq(products.id, id)));
  const [row] = forUpdate ? await query.for('update') : await query;
  if (!row) throw new DomainError('not_found');
  return row;
}

async function withLinks(tx: Tx, tenantId: string, row: Row): Promise<Product> {
  const links = await linksOf(tx, tenantId, [row.id]);
  return toProduct(row, links.get(row.id) ?? []);
}

export async function getProduct(context: TenantContext, id: string): Promise<Product> {
  return context.database.inTenant(context.tenantId, async (tx) =>
    withLinks(tx, context.tenantId, await loadRow(tx, context.tenantId, id, false)),
  );
}

const codeTaken = () =>
  new DomainError('product_code_taken', {
    errors: [
      {
        path: '/code',
        message: { ja: 'この商品コードは既に使われています。', en: 'is already used by another product.' },
      },
    ],
  });

/** Pricing and serial number pattern together, so a form shows every wrong field at once. */
function checkTerms(pricing: Pricing, fulfilment: Fulfilment, serialNumberPattern: string | null): void {
  const pricingErrors = checkPricing(pricing);
  const patternErrors = checkSerialNumberPattern(fulfilment, serialNumberPattern);
  const errors: DomainFieldError[] = [...pricingErrors, ...patternErrors];
  if (errors.length === 0) return;
  throw new DomainError(pricingErrors.length > 0 ? 'pricing_invalid' : 'serial_number_pattern_invalid', {
    errors,
  });
}

async function checkCodeFree(tx: Tx, tenantId: string, code: string, exceptId: string | null): Promise<void> {
  const [row] = await tx
    .select({ id: products.id })
    .from(products)
    .where(and(eq(products.tenantId, tenantId), eq(products.code, code)));
  if (row && row.id !== exceptId) throw codeTaken();
}

/** A concurrent write took the code between our check and our write: the unique index says so. */
function isCodeConflict(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 4; depth++) {
    const { code, constraint } = current as { code?: unknown; constraint?: unknown };
    if (code === '23505' && constraint === 'products_code_key') return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

const blankToNull = (value: string | null | undefined) => (value?.trim() ? value.trim() : null);

export interface NewProduct {
  code: string;
  name: string;
  description?: string | null | undefined;
  taxCategory: TaxCategory;
  fulfilment: Fulfilment;
  serialNumberPattern?: string | null | undefined;
  agency?: boolean | undefined;
  pricing: Pricing;
}

export async function createProduct(context: TenantContext, input: NewProduct): Promise<Product> {
  const serialNumberPattern = blankToNull(input.serialNumberPattern);
  checkTerms(input.pricing, input.fulfilment, serialNumberPattern);
  return context.database.inTenant(context.tenantId, async (tx) => {
    await checkCodeFree(tx, context.tenantId, input.code, null);
    const [row] = await tx
      .insert(products)
      .values({
        tenantId: context.tenantId,
        id: newId(),
        code: input.code,
        name: input.name.trim(),
        description: blankToNull(input.description),
        status: 'draft',
        taxCategory: input.taxCategory,
        fulfilment: input.fulfilment,
        serialNumberPattern,
        agency: input.agency ?? false,
        ...pricingColumns(input.pricing),
      })
      // A concurrent create of the same code lost the race on the unique index.
      .onConflictDoNothing()
      .returning();
    if (!row) throw codeTaken();
    await recordChange(tx, context.tenantId, context.actor, {
      entity: 'product',
      entityId: row.id,
      action: 'create',
      after: audited(row),
    });
    return toProduct(row, []);
  });
}

export interface ProductChange {
  version: number;
  code?: string | undefined;
  name?: string | undefined;
  description?: string | null | undefined;
  taxCategory?: TaxCategory | undefined;
  fulfilment?: Fulfilment | undefined;
  serialNumberPattern?: string | null | undefined;
  agency?: boolean | undefined;
  /** The whole pricing, replaced: its fields are checked together. */
  pricing?: Pricing | undefined;
}

/**
 * Edits a product, draft or published (seed: 作成中/公開中どちらも編集可能). Orders placed
 * before keep their price snapshot (billing.md rule 8).
 */
export async function updateProduct(
  context: TenantContext,
  id: string,
  change: ProductChange,
): Promise<Product> {
  try {
    return await context.database.inTenant(context.tenantId, async (tx) => {
      const before = await loadRow(tx, context.tenantId, id, true);
      if (before.version !== change.version) throw new DomainError('version_conflict');
      const pricing = change.pricing ?? pricingOf(before);
      const fulfilment = change.fulfilment ?? before.fulfilment;
      const serialNumberPattern =
        change.serialNumberPattern !== undefined
          ? blankToNull(change.serialNumberPattern)
          : before.serialNumberPattern;
      checkTerms(pricing, fulfilment, serialNumberPattern);
      if (change.code !== undefined && change.code !== before.code) {
        await checkCodeFree(tx, context.tenantId, change.code, id);
      }
      const [after] = await tx
        .update(products)
        .set({
          ...(change.code !== undefined ? { code: change.code } : {}),
          ...(change.name !== undefined ? { name: change.name.trim() } : {}),
          ...(change.description !== undefined ? { description: blankToNull(change.description) } : {}),
          ...(change.taxCategory !== undefined ? { taxCategory: change.taxCategory } : {}),
          ...(change.agency !== undefined ? { agency: change.agency } : {}),
          fulfilment,
          serialNumberPattern,
          ...pricingColumns(pricing),
          version: sql`${products.version} + 1`,
          updatedAt: new Date(),
        })
        .where(and(eq(products.tenantId, context.tenantId), eq(products.id, id)))
        .returning();
      if (!after) throw new DomainError('not_found');
      await recordChange(tx, context.tenantId, context.actor, {
        entity: 'product',
        entityId: id,
        action: 'update',
        before: audited(before),
        after: audited(after),
      });
      return withLinks(tx, context.tenantId, after);
    });
  } catch (error) {
    if (isCodeConflict(error)) throw codeTaken();
    throw error;
  }
}

/** 作成中 -> 公開中 (「このテンプレートを公開しますか?」); a published product answers 409. */
export async function publishProduct(context: TenantContext, id: string): Promise<Product> {
  return context.database.inTenant(context.tenantId, async (tx) => {
    const before = await loadRow(tx, context.tenantId, id, true);
    const refusal = publishRefusal(before.status);
    if (refusal) throw new DomainError(refusal);
    const [after] = await tx
      .update(products)
      .set({
        status: 'published',
        publishedAt: new Date(),
        version: sql`${products.version} + 1`,
        updatedAt: new Date(),
      })
      .where(and(eq(products.tenantId, context.tenantId), eq(products.id, id)))
      .returning();
    if (!after) throw new DomainError('not_found');
    await recordChange(tx, context.tenantId, context.actor, {
      entity: 'product',
      entityId: id,
      action: 'publish',
      before: { status: before.status, version: before.version },
      after: { status: after.status, publishedAt: after.publishedAt?.toISOString(), version: after.version },
    });
    return withLinks(tx, context.tenantId, after);
  });
}
