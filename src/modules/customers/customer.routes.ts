// Customers (顧客管理) and their billing accounts (請求アカウント), as api.md names them.
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
} from '../../platform/http/schemas.js';
import type { App } from '../../platform/http/types.js';
import { decodeCursor } from '../../platform/pagination.js';
import { listBillingAccounts, updateBillingAccount } from './billing-account.service.js';
import { CUSTOMER_KINDS, LIFECYCLES, PREFECTURES } from './customer.rules.js';
import { createCustomer, getCustomer, listCustomers, updateCustomer } from './customer.service.js';
import { billingAccounts, PAYMENT_METHODS } from './schema.js';

const Kind = Type.Enum([...CUSTOMER_KINDS], { description: 'organization (法人) or person (コンシューマ)' });
const Lifecycle = Type.Enum([...LIFECYCLES], {
  description:
    'prospect (販売見込み客, no address needed) or account (販売アカウント, sell-to address required)',
});
const PaymentMethod = Type.Enum([...PAYMENT_METHODS]);
const PaymentTerms = Type.Enum([...billingAccounts.paymentTerms.enumValues], {
  description: 'When invoices fall due: end of the next month (default) or of the month after',
});

const Name = Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' });
const OptionalText = (maxLength: number) => Type.Optional(Nullable(Type.String({ maxLength })));

const AddressInput = Type.Object(
  {
    postalCode: Type.String({ minLength: 1, maxLength: 10, description: '123-4567 or 1234567 (全角 too)' }),
    prefecture: Type.Enum([...PREFECTURES], { description: 'One of the 47 prefectures' }),
    city: Type.String({ minLength: 1, maxLength: 100, description: '市区町村' }),
    line1: Type.String({ minLength: 1, maxLength: 200, description: '町名・番地' }),
    line2: OptionalText(200),
  },
  { additionalProperties: false },
);

const AddressSchema = Type.Object({
  postalCode: Type.String(),
  prefecture: Type.String(),
  city: Type.String(),
  line1: Type.String(),
  line2: Nullable(Type.String()),
});

const AttributesInput = Type.Record(Type.String({ pattern: '^[a-z][a-z0-9_]{0,62}$' }), Type.Unknown(), {
  additionalProperties: false,
  maxProperties: 200,
  description: 'Custom attribute values by key, checked against the active customer definitions',
});

const Phone = Type.String({ maxLength: 30, description: '10 or 11 digits, e.g. 03-1234-5678' });
const Email = Type.String({ format: 'email', maxLength: 254 });

const BillingAccountSummarySchema = Type.Object({
  id: Type.String(),
  number: Type.String(),
  name: Type.String(),
  paymentMethod: PaymentMethod,
  isDefault: Type.Boolean(),
});

const customerProperties = {
  id: Type.String(),
  code: Type.String({ description: '顧客コード, e.g. C000001' }),
  kind: Kind,
  name: Type.String(),
  nameKana: Nullable(Type.String()),
  lifecycle: Lifecycle,
  address: Nullable(AddressSchema),
  phone: Nullable(Type.String()),
  email: Nullable(Type.String()),
  customerClass: Nullable(Type.String()),
  attributes: Type.Record(Type.String(), Type.Unknown()),
  status: Type.Enum(['active', 'merged']),
  defaultBillingAccountId: Type.String(),
  version: Type.Integer(),
  createdAt: Instant,
  updatedAt: Instant,
};

const CustomerSchema = Type.Object(customerProperties, { $id: 'Customer' });
const CustomerDetailSchema = Type.Object(
  { ...customerProperties, billingAccounts: Type.Array(BillingAccountSummarySchema) },
  { $id: 'CustomerDetail' },
);

const BillingAccountSchema = Type.Object(
  {
    id: Type.String(),
    customerId: Type.String(),
    number: Type.String({ description: '請求アカウント番号, e.g. B000001' }),
    name: Type.String(),
    paymentMethod: PaymentMethod,
    paymentTerms: PaymentTerms,
    isDefault: Type.Boolean(),
    version: Type.Integer(),
    createdAt: Instant,
    updatedAt: Instant,
  },
  { $id: 'BillingAccount' },
);

export function customerRoutes(database: Database) {
  return async (app: App) => {
    app.get(
      '/customers',
      {
        config: { access: 'customers.read' },
        schema: {
          tags: ['customers'],
          summary: 'Search customers by code, name (kana, width and legal form folded) or phone',
          querystring: Type.Object(
            {
              q: Type.Optional(Type.String({ maxLength: 200 })),
              kind: Type.Optional(Kind),
              lifecycle: Type.Optional(Lifecycle),
              ...PageQuery,
            },
            { additionalProperties: false },
          ),
          response: { 200: pageOfSchema(CustomerSchema) },
        },
      },
      async (request) =>
        listCustomers(tenantContextOf(request, database), {
          q: request.query.q,
          kind: request.query.kind,
          lifecycle: request.query.lifecycle,
          limit: request.query.limit ?? 50,
          cursor: decodeCursor(request.query.cursor),
        }),
    );

    app.post(
      '/customers',
      {
        config: { access: 'customers.manage' },
        schema: {
          tags: ['customers'],
          summary: 'Create a customer with its default billing account (顧客の作成)',
          body: Type.Object(
            {
              kind: Kind,
              name: Name,
              nameKana: OptionalText(200),
              lifecycle: Type.Optional(Lifecycle),
              address: Type.Optional(Nullable(AddressInput)),
              phone: Type.Optional(Nullable(Phone)),
              email: Type.Optional(Nullable(Email)),
              customerClass: OptionalText(100),
              attributes: Type.Optional(AttributesInput),
            },
            { additionalProperties: false },
          ),
          response: { 201: CustomerDetailSchema },
        },
      },
      async (request, reply) => {
        const customer = await createCustomer(tenantContextOf(request, database), request.body);
        return reply.code(201).send(customer);
      },
    );

    app.get(
      '/customers/:id',
      {
        config: { access: 'customers.read' },
        schema: {
          tags: ['customers'],
          summary: 'A customer with its billing accounts',
          params: IdParams,
          response: { 200: CustomerDetailSchema },
        },
      },
      async (request) => getCustomer(tenantContextOf(request, database), request.params.id),
    );

    app.patch(
      '/customers/:id',
      {
        config: { access: 'customers.manage' },
        schema: {
          tags: ['customers'],
          summary: 'Edit a customer (with the version read); attributes are merged, null unsets one',
          params: IdParams,
          body: Type.Object(
            {
              version: Type.Integer({ minimum: 1 }),
              kind: Type.Optional(Kind),
              name: Type.Optional(Name),
              nameKana: OptionalText(200),
              lifecycle: Type.Optional(Lifecycle),
              address: Type.Optional(Nullable(AddressInput)),
              phone: Type.Optional(Nullable(Phone)),
              email: Type.Optional(Nullable(Email)),
              customerClass: OptionalText(100),
              attributes: Type.Optional(AttributesInput),
            },
            { additionalProperties: false },
          ),
          response: { 200: CustomerDetailSchema },
        },
      },
      async (request) => updateCustomer(tenantContextOf(request, database), request.params.id, request.body),
    );

    app.get(
      '/customers/:id/billing-accounts',
      {
        config: { access: 'customers.read' },
        schema: {
          tags: ['billing accounts'],
          summary: "A customer's billing accounts, the default first",
          params: IdParams,
          response: { 200: itemsOfSchema(BillingAccountSchema) },
        },
      },
      async (request) => listBillingAccounts(tenantContextOf(request, database), request.params.id),
    );

    app.patch(
      '/billing-accounts/:id',
      {
        config: { access: 'customers.manage' },
        schema: {
          tags: ['billing accounts'],
          summary: 'Edit a billing account: payment method, name, payment terms (with the version read)',
          params: IdParams,
          body: Type.Object(
            {
              version: Type.Integer({ minimum: 1 }),
              paymentMethod: Type.Optional(PaymentMethod),
              name: Type.Optional(Name),
              paymentTerms: Type.Optional(PaymentTerms),
            },
            { additionalProperties: false },
          ),
          response: { 200: BillingAccountSchema },
        },
      },
      async (request) =>
        updateBillingAccount(tenantContextOf(request, database), request.params.id, request.body),
    );
  };
}
