// Customers (顧客): organizations and persons with name, kana, address, phone and custom
// attributes, found by code, folded name or phone; and their billing accounts.

export { customerRoutes } from './customer.routes.js';
export { customerSearchCondition } from './customer.service.js';
export { customerExportRoutes } from './customer-export.routes.js';
export {
  type CustomerSummary,
  loadCustomer,
  loadCustomerNames,
  loadCustomersByCode,
} from './customer-read.service.js';
export { billingAccounts, customers, PAYMENT_METHODS, type PaymentMethod } from './schema.js';
