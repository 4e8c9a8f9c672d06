// Master agreements (api.md "Master agreements") and what a customer can order from them.
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
import { decodeCursor } from '../../platform/pagination.js';
import {
  createAgreement,
  getAgreement,
  listAgreements,
  scheduleAgreement,
  startSellingAgreement,
  updateAgreement,
} from './agreement.service.js';
import { listOrderableProducts } from './orderable-products.service.js';

const AgreementStatus = Type.Union(
  [Type.Literal('draft'), Type.Literal('scheduled'), Type.Literal('on_sale')],
  {
    description: 'draft (作成中), scheduled (販売予定), on_sale (販売中)',
  },
);
const ProductStatus = Type.Union([Type.Literal('draft'), Type.Literal('published')]);
const PlainDate = Type.String({ format: 'date', description: 'YYYY-MM-DD in the tenant time zone' });

const MAX_PRODUCTS = 500;
// An empty list is a business rule (422 agreement_products_required, the seed's message), not malformed.
const ProductIds = Type.Array(Uuid, { maxItems: MAX_PRODUCTS });
const Text = (maxLength: number) => Nullable(Type.String({ maxLength }));

const CustomerRef = Type.Object({ id: Type.String(), code: Type.String(), name: Type.String() });

const agreementFields = {
  id: Type.String(),
  number: Type.String({ description: '基本契約番号, e.g. A000001' }),
  customerId: Type.String(),
  customer: CustomerRef,
  name: Nullable(Type.String()),
  remarks: Nullable(Type.String()),
  status: AgreementStatus,
  saleStartDate: Nullable(PlainDate),
  startedAt: Nullable(Instant),
  productCount: Type.Integer(),
  version: Type.Integer(),
  createdAt: Instant,
  updatedAt: Instant,
};

const AgreementListItemSchema = Type.Object(agreementFields, { $id: 'AgreementListItem' });

const AgreementSchema = Type.Object(
  {
    ...agreementFields,
    products: Type.Array(
      Type.Object({ id: Type.String(), code: Type.String(), name: Type.String(), status: ProductStatus }),
    ),
  },
  { $id: 'Agreement' },
);

const AttributeOptionSchema = Type.Object({
  value: Type.String(),
  labelJa: Type.String(),
  labelEn: Type.Optional(Nullable(Type.String())),
});

const OrderableProductSchema = Type.Object(
  {
    id: Type.String(),
    code: Type.String(),
    name: Type.String(),
    taxCategory: Type.Union([Type.Literal('standard'), Type.Literal('reduced'), Type.Literal('exempt')]),
    fulfilment: Type.Union([Type.Literal('immediate'), Type.Literal('carrier')]),
    agency: Type.Boolean(),
    pricing: Type.Object({
      pattern: Type.Union([
        Type.Literal('initial_and_monthly'),
        Type.Literal('monthly_only'),
        Type.Literal('initial_only'),
      ]),
      initialFee: Type.Integer(),
      monthlyFee: Type.Integer(),
      quantityLinkedInitialFee: Type.Boolean(),
      freePeriod: Type.Object({
        unit: Type.Union([Type.Literal('month'), Type.Literal('day')]),
        length: Type.Integer(),
      }),
    }),
    serialNumberPattern: Nullable(Type.String()),
    attributeDefinitions: Type.Array(
      Type.Object({
        id: Type.String(),
        key: Type.String(),
        labelJa: Type.String(),
        labelEn: Nullable(Type.String()),
        type: Type.Union([
          Type.Literal('text'),
          Type.Literal('number'),
          Type.Literal('date'),
          Type.Literal('boolean'),
          Type.Literal('select'),
          Type.Literal('multi_select'),
        ]),
        required: Type.Boolean(),
        options: Type.Array(AttributeOptionSchema),
        position: Type.Integer(),
      }),
    ),
  },
  { $id: 'OrderableProduct' },
);

export function agreementRoutes(database: Database) {
  return async (app: App) => {
    app.get(
      '/agreements',
      {
        config: { access: 'agreements.read' },
        schema: {
          tags: ['agreements'],
          summary: 'Search master agreements by number, customer code or name, customer and status',
          querystring: Type.Object(
            {
              q: Type.Optional(Type.String({ maxLength: 200 })),
              customerId: Type.Optional(Uuid),
              status: Type.Optional(
                Type.Array(AgreementStatus, {
                  maxItems: 3,
                  description: 'One or more (repeat the parameter)',
                }),
              ),
              ...PageQuery,
            },
            { additionalProperties: false },
          ),
          response: { 200: pageOfSchema(AgreementListItemSchema) },
        },
      },
      async (request) =>
        listAgreements(tenantContextOf(request, database), {
          q: request.query.q,
          customerId: request.query.customerId,
          status: request.query.status,
          limit: request.query.limit ?? 50,
          cursor: decodeCursor(request.query.cursor),
        }),
    );

    app.post(
      '/agreements',
      {
        config: { access: 'agreements.manage' },
        schema: {
          tags: ['agreements'],
          summary: 'Create a master agreement: draft (保存する) or on sale from today (すぐに販売開始する)',
          body: Type.Object(
            {
              customerId: Uuid,
              productIds: ProductIds,
              startNow: Type.Optional(Type.Boolean()),
              name: Type.Optional(Text(200)),
              remarks: Type.Optional(Text(2000)),
            },
            { additionalProperties: false },
          ),
          response: { 201: AgreementSchema },
        },
      },
      async (request, reply) => {
        const agreement = await createAgreement(tenantContextOf(request, database), request.body);
        return reply.code(201).send(agreement);
      },
    );

    app.get(
      '/agreements/:id',
      {
        config: { access: 'agreements.read' },
        schema: {
          tags: ['agreements'],
          summary: 'A master agreement with its customer and products',
          params: IdParams,
          response: { 200: AgreementSchema },
        },
      },
      async (request) => getAgreement(tenantContextOf(request, database), request.params.id),
    );

    app.patch(
      '/agreements/:id',
      {
        config: { access: 'agreements.manage' },
        schema: {
          tags: ['agreements'],
          summary: 'Edit name, remarks and products (with the version read); in any status',
          params: IdParams,
          body: Type.Object(
            {
              version: Type.Integer({ minimum: 1 }),
              name: Type.Optional(Text(200)),
              remarks: Type.Optional(Text(2000)),
              productIds: Type.Optional(ProductIds),
            },
            { additionalProperties: false },
          ),
          response: { 200: AgreementSchema },
        },
      },
      async (request) => updateAgreement(tenantContextOf(request, database), request.params.id, request.body),
    );

    app.post(
      '/agreements/:id/start-selling',
      {
        config: { access: 'agreements.manage' },
        schema: {
          tags: ['agreements'],
          summary: '販売開始: a draft agreement goes on sale today (tenant time zone)',
          params: IdParams,
          response: { 200: AgreementSchema },
        },
      },
      async (request) => startSellingAgreement(tenantContextOf(request, database), request.params.id),
    );

    app.post(
      '/agreements/:id/schedule',
      {
        config: { access: 'agreements.manage' },
        schema: {
          tags: ['agreements'],
          summary: '予約: a draft agreement goes on sale on a later date (set by the daily job)',
          params: IdParams,
          body: Type.Object({ saleStartDate: PlainDate }, { additionalProperties: false }),
          response: { 200: AgreementSchema },
        },
      },
      async (request) =>
        scheduleAgreement(tenantContextOf(request, database), request.params.id, request.body.saleStartDate),
    );

    app.get(
      '/customers/:customerId/orderable-products',
      {
        config: { access: 'orders.place' },
        schema: {
          tags: ['agreements'],
          summary:
            'What the customer can order: the published products of its on-sale agreements (portal users: their own customer only)',
          params: Type.Object({ customerId: Uuid }),
          response: { 200: itemsOfSchema(OrderableProductSchema) },
        },
      },
      async (request) => listOrderableProducts(tenantContextOf(request, database), request.params.customerId),
    );
  };
}
