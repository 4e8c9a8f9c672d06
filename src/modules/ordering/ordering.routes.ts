// Orders, contracts and line items (api.md "Orders, contracts, line items"). Staff act for
// any customer of the tenant; portal users (customerScope) place and read their own
// customer's orders, contracts and line items only, and never complete or cancel.
import Type, { type Static } from 'typebox';
import type { Database } from '../../platform/db/database.js';
import {
  IdParams,
  Instant,
  Nullable,
  PageQuery,
  pageOfSchema,
  tenantContextOf,
  Uuid,
} from '../../platform/http/schemas.js';
import type { App } from '../../platform/http/types.js';
import { decodeCursor } from '../../platform/pagination.js';
import { getContract, listContracts, updateContract } from './contract.service.js';
import { getLineItem, listLineItems } from './line-item.service.js';
import {
  cancelOrder,
  cancelOrderItem,
  completeOrder,
  completeOrderItem,
  type PlaceOrderInput,
  placeOrder,
} from './order.service.js';
import { MAX_CONTRACT_NAME_LENGTH, MAX_ORDER_ITEMS } from './order-placement.rules.js';
import { getOrder, listOrders } from './order-read.service.js';
import { MAX_REASON_LENGTH, MAX_SERIAL_NUMBER_LENGTH } from './order-status.rules.js';
import { MAX_QUANTITY } from './quantity.rules.js';

const UUID_PATTERN = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
const PlainDate = Type.String({ format: 'date', description: 'YYYY-MM-DD in the tenant time zone' });
const Quantity = Type.Integer({ minimum: 1, maximum: MAX_QUANTITY });
/** An order's kind in the API (also in billing's answers about orders). */
export const OrderKindSchema = Type.Union(
  [Type.Literal('new'), Type.Literal('add'), Type.Literal('reduce'), Type.Literal('terminate')],
  { description: 'new (新規), add (追加), reduce (削減), terminate (解約)' },
);
const OrderStatus = Type.Union(
  [Type.Literal('processing'), Type.Literal('completed'), Type.Literal('cancelled')],
  { description: 'processing (注文処理中), completed (完了), cancelled (キャンセル)' },
);
const LineItemStatus = Type.Union(
  [Type.Literal('ordered'), Type.Literal('active'), Type.Literal('terminated'), Type.Literal('cancelled')],
  { description: 'ordered (受注), active (利用中), terminated (解約), cancelled (キャンセル)' },
);
const OrderedOn = Type.Optional(
  Type.String({
    format: 'date',
    description:
      'The order date (default today in the tenant time zone); staff may back-date it, never into the future; portal users may not set it',
  }),
);
const AttributesInput = Type.Record(Type.String({ pattern: '^[a-z][a-z0-9_]{0,62}$' }), Type.Unknown(), {
  additionalProperties: false,
  maxProperties: 200,
  description: "Product attribute values by key, checked against the product's active definitions",
});
const Attributes = Type.Record(Type.String(), Type.Unknown());
const CustomerRef = Type.Object({ id: Type.String(), code: Type.String(), name: Type.String() });
const ContractRef = Type.Object({ id: Type.String(), number: Type.String(), name: Nullable(Type.String()) });

// ── request bodies ────────────────────────────────────────────────────────────

const NewOrderBody = Type.Object(
  {
    kind: Type.Literal('new'),
    customerId: Uuid,
    contractName: Type.Optional(
      Nullable(Type.String({ maxLength: MAX_CONTRACT_NAME_LENGTH, description: '契約名' })),
    ),
    items: Type.Array(
      Type.Object(
        { productId: Uuid, quantity: Quantity, attributes: Type.Optional(AttributesInput) },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: MAX_ORDER_ITEMS },
    ),
    orderedOn: OrderedOn,
  },
  { additionalProperties: false, title: 'New order (新規注文)' },
);
const LineItemCustomer = Type.Optional(
  Type.String({
    ...Uuid,
    description: 'The customer the order is for; a line item of another customer is refused (422)',
  }),
);
const changeBody = (kind: 'add' | 'reduce', title: string) =>
  Type.Object(
    {
      kind: Type.Literal(kind),
      lineItemId: Uuid,
      quantity: Quantity,
      customerId: LineItemCustomer,
      orderedOn: OrderedOn,
    },
    { additionalProperties: false, title },
  );
const AddOrderBody = changeBody('add', 'Add order (追加注文): quantity added');
const ReduceOrderBody = changeBody('reduce', 'Reduce order (削減注文): quantity removed, at least 1 remains');
const TerminateOrderBody = Type.Object(
  { kind: Type.Literal('terminate'), lineItemId: Uuid, customerId: LineItemCustomer, orderedOn: OrderedOn },
  { additionalProperties: false, title: 'Terminate order (解約注文)' },
);
// One of four shapes, chosen by `kind` (Ajv checks the named shape only: its errors are the form's).
const PlaceOrderBody = Type.Unsafe<
  | Static<typeof NewOrderBody>
  | Static<typeof AddOrderBody>
  | Static<typeof ReduceOrderBody>
  | Static<typeof TerminateOrderBody>
>({
  type: 'object',
  required: ['kind'],
  oneOf: [NewOrderBody, AddOrderBody, ReduceOrderBody, TerminateOrderBody],
  discriminator: { propertyName: 'kind' },
});

const SerialNumber = Type.String({ maxLength: MAX_SERIAL_NUMBER_LENGTH, description: 'シリアルNO' });
const ChargeStartDate = Type.Optional(
  Type.String({
    format: 'date',
    description: '課金開始日 of new order items (default: completion date + the free period); may be earlier',
  }),
);
const CompletedOn = Type.String({
  format: 'date',
  description: '完成日(開通日): on or after the order date',
});
const Reason = Type.Object(
  { reason: Type.String({ minLength: 1, maxLength: MAX_REASON_LENGTH, description: 'キャンセル理由' }) },
  { additionalProperties: false },
);
const ItemParams = Type.Object({ id: Uuid, itemId: Uuid });

// ── responses ─────────────────────────────────────────────────────────────────

const orderItemFields = {
  id: Type.String(),
  lineItemId: Type.String(),
  productId: Type.String(),
  kind: OrderKindSchema,
  quantity: Type.Integer({ description: 'new/add: ordered; reduce: removed; terminate: the quantity ended' }),
  status: OrderStatus,
  attributes: Attributes,
  completedOn: Nullable(PlainDate),
  chargeStartDate: Nullable(PlainDate),
  serialNumber: Nullable(Type.String()),
  confirmedAt: Nullable(Instant),
  cancelReason: Nullable(Type.String()),
};
const orderFields = {
  id: Type.String(),
  number: Type.String({ description: '注文番号, e.g. O000001' }),
  kind: OrderKindSchema,
  orderedOn: PlainDate,
  status: OrderStatus,
  customerId: Type.String(),
  contractId: Type.String(),
  channel: Type.Union([Type.Literal('staff'), Type.Literal('portal')]),
  completedOn: Nullable(PlainDate),
  cancelReason: Nullable(Type.String()),
  cancelledAt: Nullable(Instant),
  version: Type.Integer(),
  createdAt: Instant,
};
const OrderSummarySchema = Type.Object(
  { ...orderFields, items: Type.Array(Type.Object(orderItemFields)) },
  { $id: 'OrderSummary' },
);
const orderDetailFields = {
  ...orderFields,
  customer: CustomerRef,
  contract: ContractRef,
  items: Type.Array(
    Type.Object({
      ...orderItemFields,
      lineItemNumber: Type.String(),
      productCode: Type.String(),
      productName: Type.String(),
    }),
  ),
};
const OrderSchema = Type.Object(orderDetailFields, { $id: 'Order' });

const lineItemFields = {
  id: Type.String(),
  number: Type.String({ description: '明細番号, e.g. L000001' }),
  contractId: Type.String(),
  customerId: Type.String(),
  productId: Type.String(),
  productCode: Type.String(),
  productName: Type.String(),
  quantity: Type.Integer({ description: 'Quantity in use: the sum of its completed orders' }),
  status: LineItemStatus,
  completedOn: Nullable(PlainDate),
  chargeStartDate: Nullable(PlainDate),
  endDate: Nullable(PlainDate),
  serialNumber: Nullable(Type.String()),
  attributes: Attributes,
  hasProcessingOrder: Type.Boolean(),
  version: Type.Integer(),
  createdAt: Instant,
};
const LineItemListItemSchema = Type.Object(
  { ...lineItemFields, customer: CustomerRef, contract: ContractRef },
  { $id: 'LineItemListItem' },
);
const PriceSnapshotSchema = Type.Object({
  productCode: Type.String(),
  productName: Type.String(),
  taxCategory: Type.Union([Type.Literal('standard'), Type.Literal('reduced'), Type.Literal('exempt')]),
  fulfilment: Type.Union([Type.Literal('immediate'), Type.Literal('carrier')]),
  agency: Type.Boolean(),
  pricingPattern: Type.Union([
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
  serialNumberPattern: Type.Optional(Nullable(Type.String())),
});
const LineItemSchema = Type.Object(
  {
    ...lineItemFields,
    customer: CustomerRef,
    contract: ContractRef,
    priceSnapshot: PriceSnapshotSchema,
    orders: Type.Array(
      Type.Object({
        orderId: Type.String(),
        orderNumber: Type.String(),
        orderItemId: Type.String(),
        kind: OrderKindSchema,
        orderedOn: PlainDate,
        orderStatus: OrderStatus,
        quantity: Type.Integer(),
        status: OrderStatus,
        completedOn: Nullable(PlainDate),
        chargeStartDate: Nullable(PlainDate),
        serialNumber: Nullable(Type.String()),
        cancelReason: Nullable(Type.String()),
      }),
    ),
  },
  { $id: 'LineItem' },
);

const contractFields = {
  id: Type.String(),
  number: Type.String({ description: '契約番号, e.g. K000001' }),
  name: Nullable(Type.String()),
  remarks: Nullable(Type.String()),
  customerId: Type.String(),
  customer: CustomerRef,
  billingAccountId: Type.String(),
  lineItemCount: Type.Integer(),
  activeLineItemCount: Type.Integer(),
  version: Type.Integer(),
  createdAt: Instant,
  updatedAt: Instant,
};
const ContractListItemSchema = Type.Object(contractFields, { $id: 'ContractListItem' });
const ContractSchema = Type.Object(
  {
    ...contractFields,
    lineItems: Type.Array(Type.Object(lineItemFields)),
    orders: Type.Array(Type.Object(orderDetailFields)),
  },
  { $id: 'Contract' },
);

const statusFilter = <T extends typeof OrderStatus | typeof LineItemStatus | typeof OrderKindSchema>(
  schema: T,
  max: number,
) => Type.Optional(Type.Array(schema, { maxItems: max, description: 'One or more (repeat the parameter)' }));

export function orderingRoutes(database: Database) {
  return async (app: App) => {
    app.post(
      '/orders',
      {
        config: { access: 'orders.place' },
        schema: {
          tags: ['orders'],
          summary:
            '注文する: a new order (contract + line items), or an add / reduce / terminate order on an active line item',
          body: PlaceOrderBody,
          response: { 201: OrderSummarySchema },
        },
      },
      async (request, reply) => {
        const order = await placeOrder(tenantContextOf(request, database), request.body as PlaceOrderInput);
        return reply.code(201).send(order);
      },
    );

    app.get(
      '/orders',
      {
        config: { access: 'orders.read' },
        schema: {
          tags: ['orders'],
          summary:
            '注文履歴: search orders by number or customer code, name or phone; customer, status, kind',
          querystring: Type.Object(
            {
              q: Type.Optional(Type.String({ maxLength: 200 })),
              customerId: Type.Optional(Uuid),
              status: statusFilter(OrderStatus, 3),
              kind: statusFilter(OrderKindSchema, 4),
              ...PageQuery,
            },
            { additionalProperties: false },
          ),
          response: { 200: pageOfSchema(OrderSchema) },
        },
      },
      async (request) =>
        listOrders(tenantContextOf(request, database), {
          q: request.query.q,
          customerId: request.query.customerId,
          status: request.query.status,
          kind: request.query.kind,
          limit: request.query.limit ?? 50,
          cursor: decodeCursor(request.query.cursor),
        }),
    );

    app.get(
      '/orders/:id',
      {
        config: { access: 'orders.read' },
        schema: {
          tags: ['orders'],
          summary: 'An order with its items, products, customer and contract',
          params: IdParams,
          response: { 200: OrderSchema },
        },
      },
      async (request) => getOrder(tenantContextOf(request, database), request.params.id),
    );

    app.post(
      '/orders/:id/complete',
      {
        config: { access: 'orders.complete' },
        schema: {
          tags: ['orders'],
          summary: '注文完了: completes every processing item with the completion date',
          params: IdParams,
          body: Type.Object(
            {
              completedOn: CompletedOn,
              chargeStartDate: ChargeStartDate,
              serialNumbers: Type.Optional(
                Type.Record(Type.String({ pattern: UUID_PATTERN }), SerialNumber, {
                  additionalProperties: false,
                  maxProperties: MAX_ORDER_ITEMS,
                  description: 'シリアルNO per order item id (carrier products need one)',
                }),
              ),
            },
            { additionalProperties: false },
          ),
          response: { 200: OrderSummarySchema },
        },
      },
      async (request) => completeOrder(tenantContextOf(request, database), request.params.id, request.body),
    );

    app.post(
      '/orders/:id/items/:itemId/complete',
      {
        config: { access: 'orders.complete' },
        schema: {
          tags: ['orders'],
          summary: '部分確定: completes one item of the order',
          params: ItemParams,
          body: Type.Object(
            {
              completedOn: CompletedOn,
              chargeStartDate: ChargeStartDate,
              serialNumber: Type.Optional(SerialNumber),
            },
            { additionalProperties: false },
          ),
          response: { 200: OrderSummarySchema },
        },
      },
      async (request) =>
        completeOrderItem(
          tenantContextOf(request, database),
          request.params.id,
          request.params.itemId,
          request.body,
        ),
    );

    app.post(
      '/orders/:id/cancel',
      {
        config: { access: 'orders.complete' },
        schema: {
          tags: ['orders'],
          summary: 'キャンセル: cancels every processing item of the order, with a reason',
          params: IdParams,
          body: Reason,
          response: { 200: OrderSummarySchema },
        },
      },
      async (request) =>
        cancelOrder(tenantContextOf(request, database), request.params.id, request.body.reason),
    );

    app.post(
      '/orders/:id/items/:itemId/cancel',
      {
        config: { access: 'orders.complete' },
        schema: {
          tags: ['orders'],
          summary: 'キャンセル of one processing item, with a reason',
          params: ItemParams,
          body: Reason,
          response: { 200: OrderSummarySchema },
        },
      },
      async (request) =>
        cancelOrderItem(
          tenantContextOf(request, database),
          request.params.id,
          request.params.itemId,
          request.body.reason,
        ),
    );

    app.get(
      '/contracts',
      {
        config: { access: 'contracts.read' },
        schema: {
          tags: ['contracts'],
          summary: '契約管理: search contracts by number, name or customer code, name or phone',
          querystring: Type.Object(
            {
              q: Type.Optional(Type.String({ maxLength: 200 })),
              customerId: Type.Optional(Uuid),
              ...PageQuery,
            },
            { additionalProperties: false },
          ),
          response: { 200: pageOfSchema(ContractListItemSchema) },
        },
      },
      async (request) =>
        listContracts(tenantContextOf(request, database), {
          q: request.query.q,
          customerId: request.query.customerId,
          limit: request.query.limit ?? 50,
          cursor: decodeCursor(request.query.cursor),
        }),
    );

    app.get(
      '/contracts/:id',
      {
        config: { access: 'contracts.read' },
        schema: {
          tags: ['contracts'],
          summary: 'A contract with its line items (quantity in use) and order history',
          params: IdParams,
          response: { 200: ContractSchema },
        },
      },
      async (request) => getContract(tenantContextOf(request, database), request.params.id),
    );

    app.patch(
      '/contracts/:id',
      {
        config: { access: 'contracts.manage' },
        schema: {
          tags: ['contracts'],
          summary: 'Edit the contract name and remarks (with the version read)',
          params: IdParams,
          body: Type.Object(
            {
              version: Type.Integer({ minimum: 1 }),
              name: Type.Optional(Nullable(Type.String({ maxLength: MAX_CONTRACT_NAME_LENGTH }))),
              remarks: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
            },
            { additionalProperties: false },
          ),
          response: { 200: ContractSchema },
        },
      },
      async (request) => updateContract(tenantContextOf(request, database), request.params.id, request.body),
    );

    app.get(
      '/line-items',
      {
        config: { access: 'contracts.read' },
        schema: {
          tags: ['contracts'],
          summary:
            '明細管理: search line items by number, product code or name, customer code, name or phone',
          querystring: Type.Object(
            {
              q: Type.Optional(Type.String({ maxLength: 200 })),
              customerId: Type.Optional(Uuid),
              contractId: Type.Optional(Uuid),
              status: statusFilter(LineItemStatus, 4),
              ...PageQuery,
            },
            { additionalProperties: false },
          ),
          response: { 200: pageOfSchema(LineItemListItemSchema) },
        },
      },
      async (request) =>
        listLineItems(tenantContextOf(request, database), {
          q: request.query.q,
          customerId: request.query.customerId,
          contractId: request.query.contractId,
          status: request.query.status,
          limit: request.query.limit ?? 50,
          cursor: decodeCursor(request.query.cursor),
        }),
    );

    app.get(
      '/line-items/:id',
      {
        config: { access: 'contracts.read' },
        schema: {
          tags: ['contracts'],
          summary: 'A line item with its price snapshot and order history',
          params: IdParams,
          response: { 200: LineItemSchema },
        },
      },
      async (request) => getLineItem(tenantContextOf(request, database), request.params.id),
    );
  };
}
