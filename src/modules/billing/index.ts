// Billing (billing.md): monthly runs over the line items of every billing account, draft and
// issued invoices with tax per rate, exact to the yen and never billing anything twice.

export { billedMonthsRoutes } from './billed-months.routes.js';
export { billingRoutes } from './billing.routes.js';
export { billingOverviewRoutes } from './billing-overview.routes.js';
export { billingRunHandler } from './billing-run.job.js';
export { BILLING_RUN_JOB, startScheduledRun } from './billing-run.service.js';
export { resumeStalledRuns } from './billing-run-resume.js';
export { invoiceActionRoutes } from './invoice-actions.routes.js';
export { invoiceExportRoutes } from './invoice-export.routes.js';
export { exportInvoiceLinesCsv } from './invoice-export.service.js';
export { invoicePdfRoutes } from './invoice-pdf.routes.js';
export { hasInvoicesToMarkOverdue, MARK_OVERDUE_JOB, markOverdueHandler } from './overdue.job.js';
export { paymentRoutes } from './payment.routes.js';
export { billingRuns, invoiceLines, invoices } from './schema.js';
