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
