// The billing dashboard, receivables (売掛金) and the tenant's billing settings (請求設定).
import Type from 'typebox';
import type { Database } from '../../platform/db/database.js';
import { Nullable, PageQuery, pageOfSchema, tenantContextOf } from '../../platform/http/schemas.js';
import type { App } from '../../platform/http/types.js';
import { decodeCursor } from '../../platform/pagination.js';
import { BillingMonth } from './billing.schemas.js';
import { billingDashboard, listReceivables } from './billing-overview.service.js';
import { getBillingSettings, updateBillingSettings } from './billing-settings.service.js';

const Dashboard = Type.Object(
  {
    months: Type.Array(
      Type.Object({
        month: BillingMonth,
        issued: Type.Integer({ description: 'Total of issued invoices and credit notes of the month' }),
        draft: Type.Integer({ description: 'Total of the drafts of the month' }),
      }),
      { description: 'The last 12 billing months, oldest first' },
    ),
    mrr: Type.Integer({ description: 'Monthly recurring revenue of the line items in charge today' }),
    unpaid: Type.Integer(),
    overdue: Type.Integer(),
    unpaidInvoices: Type.Integer(),
    overdueInvoices: Type.Integer(),
  },
  { $id: 'BillingDashboard' },
);

const Receivable = Type.Object(
  {
    customerId: Type.String(),
    customerCode: Type.String(),
    customerName: Type.String(),
    invoices: Type.Integer(),
    openAmount: Type.Integer(),
    overdueAmount: Type.Integer(),
    oldestDueDate: Nullable(Type.String({ format: 'date' })),
  },
  { $id: 'Receivable' },
);

const BankAccount = Type.Object(
  {
    bankName: Type.String({ minLength: 1, maxLength: 60 }),
    branchName: Type.String({ minLength: 1, maxLength: 60 }),
    accountType: Type.Union([Type.Literal('ordinary'), Type.Literal('current')]),
    accountNumber: Type.String({ pattern: '^[0-9]{7}$', description: '7 digits' }),
    accountHolder: Type.String({ minLength: 1, maxLength: 100 }),
  },
  { additionalProperties: false },
);

const SettingsFields = {
  firstMonth: Type.Union([Type.Literal('full'), Type.Literal('free')]),
  quantityBasis: Type.Union([Type.Literal('month_end'), Type.Literal('max_in_month')]),
  autoIssue: Type.Boolean(),
  pricesIncludeTax: Type.Boolean(),
  dueDateShift: Type.Union([
    Type.Literal('next_business_day'),
    Type.Literal('previous_business_day'),
    Type.Literal('none'),
  ]),
  bankAccount: Nullable(BankAccount),
};

const Settings = Type.Object(
  { ...SettingsFields, version: Type.Integer({ description: '0 until first saved' }) },
  { $id: 'BillingSettings' },
);

export function billingOverviewRoutes(database: Database) {
  return async (app: App) => {
    app.get(
      '/billing/dashboard',
      {
        config: { access: 'billing.read' },
        schema: {
          tags: ['billing'],
          summary: 'Billed amount per month (12 months), MRR, unpaid and overdue totals',
          response: { 200: Dashboard },
        },
      },
      async (request) => billingDashboard(tenantContextOf(request, database)),
    );

    app.get(
      '/receivables',
      {
        config: { access: 'billing.read' },
        schema: {
          tags: ['billing'],
          summary: '売掛金: customers with an amount open on issued invoices',
          querystring: Type.Object(
            { ...PageQuery, overdueOnly: Type.Optional(Type.Boolean()) },
            { additionalProperties: false },
          ),
          response: { 200: pageOfSchema(Receivable) },
        },
      },
      async (request) =>
        listReceivables(tenantContextOf(request, database), {
          limit: request.query.limit ?? 50,
          cursor: decodeCursor(request.query.cursor),
          overdueOnly: request.query.overdueOnly,
        }),
    );

    app.get(
      '/billing-settings',
      {
        config: { access: 'billing.read' },
        schema: {
          tags: ['billing'],
          summary: '請求設定: the billing choices of billing.md',
          response: { 200: Settings },
        },
      },
      async (request) => getBillingSettings(tenantContextOf(request, database)),
    );

    app.patch(
      '/billing-settings',
      {
        config: { access: 'tenant.manage' },
        schema: {
          tags: ['billing'],
          summary: 'Save the billing settings (all fields) with the current version',
          body: Type.Object(
            { ...SettingsFields, version: Type.Integer({ minimum: 0 }) },
            { additionalProperties: false },
          ),
          response: { 200: Settings },
        },
      },
      async (request) => updateBillingSettings(tenantContextOf(request, database), request.body),
    );
  };
}
