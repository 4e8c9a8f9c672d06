// The billing API's shared schemas (api.md "Billing"): runs, invoices with lines and taxes.
import Type from 'typebox';
import { Instant, Nullable } from '../../platform/http/schemas.js';

export const BillingMonth = Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$', description: 'YYYY-MM' });

/**
 * A month in a request: any short string, so that one that is no month answers 422
 * `billing_month_invalid` from the service (billing-month-input.ts), not a schema's 400.
 */
export const BillingMonthInput = Type.String({
  maxLength: 32,
  description: 'YYYY-MM; another value answers 422 `billing_month_invalid`',
  examples: ['2026-11'],
});

export const BillingRunSchema = Type.Object(
  {
    id: Type.String(),
    billingMonth: BillingMonth,
    status: Type.Union([
      Type.Literal('queued'),
      Type.Literal('running'),
      Type.Literal('completed'),
      Type.Literal('failed'),
    ]),
    dryRun: Type.Boolean({ description: 'A preview: computes what the run would bill, writes no invoice' }),
    trigger: Type.Union([Type.Literal('user'), Type.Literal('schedule')]),
    jobId: Nullable(Type.String()),
    progress: Type.Object(
      { done: Type.Integer(), total: Type.Integer() },
      { description: 'Batches of billing accounts' },
    ),
    report: Type.Object({
      accounts: Type.Integer(),
      invoices: Type.Integer(),
      lines: Type.Integer(),
      amount: Type.Integer({ description: 'Yen, tax-exclusive line amounts added by the run' }),
    }),
    error: Nullable(Type.String()),
    createdAt: Instant,
    startedAt: Nullable(Instant),
    finishedAt: Nullable(Instant),
  },
  { $id: 'BillingRun' },
);

export const PaymentStatus = Type.Union([
  Type.Literal('unpaid'),
  Type.Literal('partially_paid'),
  Type.Literal('paid'),
  Type.Literal('overdue'),
]);

export const TaxPart = Type.Object({
  rate: Type.Integer({ description: 'Whole percent' }),
  taxableAmount: Type.Integer(),
  tax: Type.Integer(),
});

export const InvoiceLineSchema = Type.Object({
  id: Type.String(),
  lineItemId: Nullable(Type.String()),
  orderId: Nullable(Type.String()),
  chargeKind: Type.Union([Type.Literal('initial'), Type.Literal('monthly'), Type.Literal('adjustment')]),
  serviceMonth: BillingMonth,
  quantity: Type.Integer(),
  unitPrice: Type.Integer(),
  amount: Type.Integer(),
  taxRate: Type.Integer(),
  description: Nullable(Type.String()),
  productCode: Nullable(Type.String()),
  productName: Nullable(Type.String()),
  lineItemNumber: Nullable(Type.String()),
  contractNumber: Nullable(Type.String()),
  contractName: Nullable(Type.String()),
});

export const InvoiceSchema = Type.Object(
  {
    id: Type.String(),
    number: Nullable(Type.String({ description: '請求番号, assigned on issue' })),
    kind: Type.Union([Type.Literal('invoice'), Type.Literal('credit_note')]),
    status: Type.Union([Type.Literal('draft'), Type.Literal('issued')]),
    billingAccountId: Type.String(),
    customerId: Type.String(),
    customerName: Type.String(),
    billingAccountName: Type.String(),
    billingMonth: BillingMonth,
    sequence: Type.Integer({ description: '1 for the month; 2, 3 ... for supplementary invoices' }),
    issueDate: Nullable(Type.String({ format: 'date' })),
    dueDate: Nullable(Type.String({ format: 'date' })),
    subtotal: Type.Integer(),
    taxTotal: Type.Integer(),
    total: Type.Integer(),
    taxes: Type.Array(TaxPart),
    paidAmount: Type.Integer(),
    creditedAmount: Type.Integer({ description: 'Magnitude of the issued credit notes correcting it' }),
    openAmount: Type.Integer({
      description: 'Still to be collected: total - paid - credited (0 for a credit note)',
    }),
    paymentStatus: PaymentStatus,
    creditFor: Nullable(Type.String({ description: 'The invoice a credit note corrects' })),
    creditReason: Nullable(Type.String()),
    version: Type.Integer(),
    lines: Type.Array(InvoiceLineSchema),
  },
  { $id: 'Invoice' },
);
