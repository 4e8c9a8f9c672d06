// Master agreements (基本契約): the products a customer may buy, draft until 販売開始 or a
// scheduled sale start date puts them on sale. Ordering asks `productsOnSaleFor`; the
// composition root wires the routes, the daily start job and its hourly schedule.
export { agreementRoutes } from './agreement.routes.js';
export { productsOnSaleFor, productsOnSaleForCustomers } from './orderable-products.service.js';
export { agreementProducts, agreements } from './schema.js';
export {
  hasAgreementsDueToStart,
  START_SCHEDULED_JOB,
  startScheduledAgreements,
  startScheduledAgreementsHandler,
} from './start-scheduled.job.js';
