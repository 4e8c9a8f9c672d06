// GET /orders/{id}/billed-months: the completion's warning of billing.md rule 7 (a change
// back-dated into a billed month affects only later months). For whoever may complete
// orders (the back office, without billing rights), as the completion dialog is.
import Type from 'typebox';
import type { Database } from '../../platform/db/database.js';
import { IdParams, Nullable, tenantContextOf } from '../../platform/http/schemas.js';
import type { App } from '../../platform/http/types.js';
import { OrderKindSchema } from '../ordering/index.js';
import { billedMonthsOfOrder } from './billed-months.service.js';
import { BillingMonth } from './billing.schemas.js';

const Affected = Type.Object({ from: BillingMonth, to: BillingMonth });

const BilledMonths = Type.Object(
  {
    items: Type.Array(
      Type.Object({
        orderItemId: Type.String(),
        lineItemId: Type.String(),
        kind: OrderKindSchema,
        status: Type.String(),
        lastBilledMonth: Nullable(BillingMonth),
        affected: Type.Union([Affected, Type.Null()], {
          description:
            'The billed months a completion on completedOn reaches back into: they are not recomputed (billing.md rule 7); null when none',
        }),
      }),
    ),
  },
  { $id: 'OrderBilledMonths' },
);

export function billedMonthsRoutes(database: Database) {
  return async (app: App) => {
    app.get(
      '/orders/:id/billed-months',
      {
        config: { access: 'orders.complete' },
        schema: {
          tags: ['billing'],
          summary:
            'Which billed months completing the order on a date would reach back into (not recomputed)',
          params: IdParams,
          querystring: Type.Object(
            {
              completedOn: Type.String({ format: 'date', description: 'YYYY-MM-DD in the tenant time zone' }),
            },
            { additionalProperties: false },
          ),
          response: { 200: BilledMonths },
        },
      },
      async (request) =>
        billedMonthsOfOrder(tenantContextOf(request, database), request.params.id, request.query.completedOn),
    );
  };
}
