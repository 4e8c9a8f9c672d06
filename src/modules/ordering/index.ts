// Ordering: new, add, reduce and terminate orders, their completion (full or partial) and
// cancellation, and the contracts and line items they create and change. Billing reads the
// tables (line items with their price snapshot, completed order items as quantity history).

export { orderImportRoutes } from './order-import.routes.js';
export { type OrderKind, type OrderStatus, signedQuantity } from './order-status.rules.js';
export type { LineItemTerms } from './order-views.js';
export { OrderKindSchema, orderingRoutes } from './ordering.routes.js';
export { orderingExportRoutes } from './ordering-export.routes.js';
export { contracts, lineItems, orderItems, orders } from './schema.js';
