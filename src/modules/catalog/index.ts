// Catalog: products (商品テンプレート) with pricing, tax category and fulfilment, published
// before they can be sold, and the product attributes asked at order time.

export { catalogRoutes } from './catalog.routes.js';
export { defaultChargeStartDate, type FreePeriod } from './charge-start.rules.js';
export { type PriceSnapshot, snapshotOf } from './price-snapshot.js';
export {
  listProductSummaries,
  loadProductsForOrder,
  loadProductsForOrderByCode,
  type OrderableProduct,
  type ProductStatus,
  type ProductSummary,
} from './product.queries.js';
export { serialNumberMatches } from './product.rules.js';
export { productAttributes, products } from './schema.js';
