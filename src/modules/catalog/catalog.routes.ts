// 商品テンプレート管理 (products) and the links of product attributes to products.
// Reading needs `catalog.read`, changing `catalog.manage`.
import Type from 'typebox';
import type { Database } from '../../platform/db/database.js';
import {
  IdParams,
  Instant,
  itemsOfSchema,
  Nullable,
  PageQuery,
  pageOfSchema,
  tenantContextOf,
  Uuid,
} from '../../platform/http/schemas.js';
import type { App } from '../../platform/http/types.js';
import { DEFAULT_LIMIT, decodeCursor } from '../../platform/pagination.js';
import { MAX_SERIAL_NUMBER_PATTERN_LENGTH } from './product.rules.js';
import { createProduct, getProduct, listProducts, publishProduct, updateProduct } from './product.service.js';
import { linkProducts, listLinkedProducts, unlinkProduct } from './product-attribute.service.js';

const Status = Type.Union([Type.Literal('draft'), Type.Literal('published')]);
const TaxCategory = Type.Union([Type.Literal('standard'), Type.Literal('reduced'), Type.Literal('exempt')]);
const Fulfilment = Type.Union([Type.Literal('immediate'), Type.Literal('carrier')]);
const PricingPattern = Type.Union([
  Type.Literal('initial_and_monthly'),
  Type.Literal('monthly_only'),
  Type.Literal('initial_only'),
]);
const FreePeriodUnit = Type.Union([Type.Literal('month'), Type.Literal('day')]);
const FirstMonth = Nullable(Type.Union([Type.Literal('full'), Type.Literal('free')]));
const QuantityBasis = Nullable(Type.Union([Type.Literal('month_end'), Type.Literal('max_in_month')]));
const FIRST_MONTH_HELP =
  "billing.md (choice) for this product: full (the charge start's month is charged) or free (not, unless the charge start is its first day); null or absent: the tenant's billing setting";
const QUANTITY_BASIS_HELP =
  "billing.md (choice) for this product: month_end (the quantity at the month's end) or max_in_month (the largest in the month); null or absent: the tenant's billing setting";

/** Fees and lengths are checked by the pricing rules (422 `pricing_invalid` naming the field). */
const PricingInput = Type.Object(
  {
    pattern: PricingPattern,
    initialFee: Type.Integer({ description: 'Yen, 0 to 100,000,000; 0 for monthly_only' }),
    monthlyFee: Type.Integer({ description: 'Yen, 0 to 100,000,000; 0 for initial_only' }),
    quantityLinkedInitialFee: Type.Boolean(),
    freePeriod: Type.Object(
      {
        unit: FreePeriodUnit,
        length: Type.Integer({ description: '0 to 120 months or 0 to 3650 days' }),
      },
      { additionalProperties: false },
    ),
    firstMonth: Type.Optional(Type.Union([FirstMonth], { description: FIRST_MONTH_HELP })),
    quantityBasis: Type.Optional(Type.Union([QuantityBasis], { description: QUANTITY_BASIS_HELP })),
  },
  { additionalProperties: false },
);

const PricingSchema = Type.Object({
  pattern: PricingPattern,
  initialFee: Type.Integer(),
  monthlyFee: Type.Integer(),
  quantityLinkedInitialFee: Type.Boolean(),
  freePeriod: Type.Object({ unit: FreePeriodUnit, length: Type.Integer() }),
  firstMonth: FirstMonth,
  quantityBasis: QuantityBasis,
});

const Code = Type.String({
  minLength: 1,
  maxLength: 50,
  pattern: '^[!-~]+$',
  description: 'Printable ASCII without spaces, unique in the tenant',
});
const Name = Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' });
const Description = Nullable(Type.String({ maxLength: 2000 }));
const SerialNumberPattern = Nullable(
  Type.String({
    maxLength: MAX_SERIAL_NUMBER_PATTERN_LENGTH,
    description: 'A JavaScript regular expression, carrier products only (e.g. ^P\\d{13}$)',
  }),
);

const ProductSchema = Type.Object(
  {
    id: Type.String(),
    code: Type.String(),
    name: Type.String(),
    description: Nullable(Type.String()),
    status: Status,
    taxCategory: TaxCategory,
    fulfilment: Fulfilment,
    serialNumberPattern: Nullable(Type.String()),
    agency: Type.Boolean(),
    pricing: PricingSchema,
    attributeDefinitionIds: Type.Array(Type.String()),
    publishedAt: Nullable(Instant),
    version: Type.Integer(),
    createdAt: Instant,
    updatedAt: Instant,
  },
  { $id: 'Product' },
);

const ProductSummarySchema = Type.Object(
  { id: Type.String(), code: Type.String(), name: Type.String(), status: Status },
  { $id: 'ProductSummary' },
);

export function catalogRoutes(database: Database) {
  return async (app: App) => {
    app.get(
      '/products',
      {
        config: { access: 'catalog.read' },
        schema: {
          tags: ['products'],
          summary: 'Search products by code or name, newest first',
          querystring: Type.Object(
            {
              q: Type.Optional(Type.String({ maxLength: 200 })),
              status: Type.Optional(Status),
              ...PageQuery,
            },
            { additionalProperties: false },
          ),
          response: { 200: pageOfSchema(ProductSchema) },
        },
      },
      async (request) =>
        listProducts(tenantContextOf(request, database), {
          q: request.query.q,
          status: request.query.status,
          limit: request.query.limit ?? DEFAULT_LIMIT,
          cursor: decodeCursor(request.query.cursor),
        }),
    );

    app.post(
      '/products',
      {
        config: { access: 'catalog.manage' },
        schema: {
          tags: ['products'],
          summary: 'Create a product (status draft)',
          body: Type.Object(
            {
              code: Code,
              name: Name,
              description: Type.Optional(Description),
              taxCategory: TaxCategory,
              fulfilment: Fulfilment,
              serialNumberPattern: Type.Optional(SerialNumberPattern),
              agency: Type.Optional(
                Type.Boolean({ description: '取次: sold for a carrier, no revenue here' }),
              ),
              pricing: PricingInput,
            },
            { additionalProperties: false },
          ),
          response: { 201: ProductSchema },
        },
      },
      async (request, reply) => {
        const product = await createProduct(tenantContextOf(request, database), request.body);
        return reply.code(201).send(product);
      },
    );

    app.get(
      '/products/:id',
      {
        config: { access: 'catalog.read' },
        schema: {
          tags: ['products'],
          summary: 'A product',
          params: IdParams,
          response: { 200: ProductSchema },
        },
      },
      async (request) => getProduct(tenantContextOf(request, database), request.params.id),
    );

    app.patch(
      '/products/:id',
      {
        config: { access: 'catalog.manage' },
        schema: {
          tags: ['products'],
          summary: 'Edit a draft or published product (with the version read); pricing is replaced whole',
          params: IdParams,
          body: Type.Object(
            {
              version: Type.Integer({ minimum: 1 }),
              code: Type.Optional(Code),
              name: Type.Optional(Name),
              description: Type.Optional(Description),
              taxCategory: Type.Optional(TaxCategory),
              fulfilment: Type.Optional(Fulfilment),
              serialNumberPattern: Type.Optional(SerialNumberPattern),
              agency: Type.Optional(Type.Boolean()),
              pricing: Type.Optional(PricingInput),
            },
            { additionalProperties: false },
          ),
          response: { 200: ProductSchema },
        },
      },
      async (request) => updateProduct(tenantContextOf(request, database), request.params.id, request.body),
    );

    app.post(
      '/products/:id/publish',
      {
        config: { access: 'catalog.manage' },
        schema: {
          tags: ['products'],
          summary: 'Publish a draft product (作成中 -> 公開中); it can then be sold',
          params: IdParams,
          response: { 200: ProductSchema },
        },
      },
      async (request) => publishProduct(tenantContextOf(request, database), request.params.id),
    );

    app.get(
      '/attribute-definitions/:id/products',
      {
        config: { access: 'catalog.read' },
        schema: {
          tags: ['attributes'],
          summary: 'The products a product attribute is linked to, by code',
          params: IdParams,
          response: { 200: itemsOfSchema(ProductSummarySchema) },
        },
      },
      async (request) => ({
        items: await listLinkedProducts(tenantContextOf(request, database), request.params.id),
      }),
    );

    app.post(
      '/attribute-definitions/:id/products',
      {
        config: { access: 'catalog.manage' },
        schema: {
          tags: ['attributes'],
          summary: 'Link a product attribute to several products (already linked ones stay)',
          params: IdParams,
          body: Type.Object(
            { productIds: Type.Array(Uuid, { minItems: 1, maxItems: 500 }) },
            { additionalProperties: false },
          ),
          response: { 200: itemsOfSchema(ProductSummarySchema) },
        },
      },
      async (request) => ({
        items: await linkProducts(
          tenantContextOf(request, database),
          request.params.id,
          request.body.productIds,
        ),
      }),
    );

    app.delete(
      '/attribute-definitions/:id/products/:productId',
      {
        config: { access: 'catalog.manage' },
        schema: {
          tags: ['attributes'],
          summary: 'Unlink a product attribute from one product',
          params: Type.Object({ id: Uuid, productId: Uuid }),
        },
      },
      async (request, reply) => {
        await unlinkProduct(tenantContextOf(request, database), request.params.id, request.params.productId);
        return reply.code(204).send();
      },
    );
  };
}
