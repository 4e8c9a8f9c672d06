// The job that carries out a billing run: it works through the run's pending batches with
// progress on the job record. A crashed worker's job is queued again by the sweep of
// billing-run-resume.ts once the run's heartbeat is stale (or retried by pg-boss once it
// expires), and the next attempt resumes the batches that did not commit.
import { Temporal } from 'temporal-polyfill';
import { DomainError } from '../../platform/domain-error.js';
import type { JobContext } from '../../platform/jobs/service.js';
import { markRunFailed, processBillingRun, tenantTimeZone } from './billing-run.service.js';

export function billingRunHandler(clock: () => Temporal.Instant = () => Temporal.Now.instant()) {
  return async (context: JobContext): Promise<void> => {
    const runId = String(context.params.runId ?? '');
    const timeZone = await tenantTimeZone(context.database, context.tenantId);
    const today = clock().toZonedDateTimeISO(timeZone).toPlainDate().toString();
    try {
      const run = await processBillingRun(context.database, context.tenantId, runId, today, (done, total) =>
        context.setProgress(done, total),
      );
      await context.log(
        `billing ${run.billingMonth}: ${run.report.invoices} invoices, ${run.report.lines} lines, ${run.report.amount} yen`,
        {
          code: 'billing.run_report',
          params: {
            month: run.billingMonth,
            invoices: run.report.invoices,
            lines: run.report.lines,
            amount: run.report.amount,
          },
        },
      );
    } catch (error) {
      // People see a rule's message; anything else stays in the operators' log (it may hold SQL).
      const message = error instanceof DomainError ? error.message : 'unexpected error (see the server log)';
      await markRunFailed(context.database, context.tenantId, runId, message);
      throw error;
    }
  };
}
