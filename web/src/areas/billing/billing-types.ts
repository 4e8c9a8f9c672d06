// Shapes of invoices (請求データ) and billing runs (請求実行), read off the generated OpenAPI
// paths so they follow the server.
import type { paths } from '../../api/schema';

type JsonOf<T> = T extends { content: { 'application/json': infer Body } } ? Body : never;

export type Invoice = JsonOf<paths['/api/v1/invoices/{id}']['get']['responses'][200]>;
export type InvoiceLine = Invoice['lines'][number];
export type InvoiceStatus = Invoice['status'];
export type PaymentStatus = Invoice['paymentStatus'];
export type ChargeKind = InvoiceLine['chargeKind'];

export type BillingRun = JsonOf<paths['/api/v1/billing-runs/{id}']['get']['responses'][200]>;
export type BillingRunStatus = BillingRun['status'];

export const invoiceStatuses: readonly InvoiceStatus[] = ['draft', 'issued'];
export const paymentStatuses: readonly PaymentStatus[] = ['unpaid', 'partially_paid', 'paid', 'overdue'];

type BodyOf<T> = T extends { requestBody?: { content: { 'application/json': infer Body } } } ? Body : never;

export type AdjustmentInput = BodyOf<paths['/api/v1/invoices/{id}/lines']['post']>;
export type Payment = JsonOf<paths['/api/v1/payments']['get']['responses'][200]>['items'][number];
export type PaymentMethod = Payment['method'];
export type PaymentInput = BodyOf<paths['/api/v1/invoices/{id}/payments']['post']>;
export type PaymentImport = JsonOf<paths['/api/v1/payments/import']['post']['responses'][200]>;
export type Receivable = JsonOf<paths['/api/v1/receivables']['get']['responses'][200]>['items'][number];
export type BillingDashboard = JsonOf<paths['/api/v1/billing/dashboard']['get']['responses'][200]>;
export type BillingSettings = JsonOf<paths['/api/v1/billing-settings']['get']['responses'][200]>;
export type BankAccount = NonNullable<BillingSettings['bankAccount']>;

export const paymentMethods: readonly PaymentMethod[] = [
  'bank_transfer',
  'direct_debit',
  'credit_card',
  'cash',
  'other',
];
