// A billing run that fails or whose worker dies (issue 5 "Bad input and failure"), on the
// bulk generator's data (bench/bulk-data.ts, a few hundred line items of every kind):
// markRunFailed through the job handler, processing a failed run again, and the sweep that
// finds runs whose worker died.
import { sql } from 'drizzle-orm';
import { Temporal } from 'temporal-polyfill';
import { beforeAll, describe, expect, test } from 'vitest';
import { type BulkTenant, seedBulk } from '../../../bench/bulk-data.js';
import { SYSTEM_ACTOR, type TenantContext } from '../../platform/context.js';
import { newId } from '../../platform/ids/id.js';
import type { Job, JobContext } from '../../platform/jobs/service.js';
import { useTestDatabase } from '../../test/database.js';
import { billingRunHandler } from './billing-run.job.js';
import { createBillingRun, getBillingRun, markRunFailed, processBillingRun } from './billing-run.service.js';
import { resumeStalledRuns } from './billing-run-resume.js';

const db = useTestDatabase();
const MONTH = '2026-11';
const TODAY = '2026-12-03';
let bulk: BulkTenant;
let context: TenantContext;

beforeAll(async () => {
  bulk = await seedBulk(db().database, {
    customers: 40,
    lineItems: 400,
    billingMonth: MONTH,
    slug: 'failure',
  });
  context = { database: db().database, tenantId: bulk.tenantId, actor: SYSTEM_ACTOR, locale: 'ja' };
}, 60_000);

const query = <T>(statement: ReturnType<typeof sql>) =>
  db().database.inTenant(
    bulk.tenantId,
    async (tx) => (await tx.execute(statement)) as unknown as { rows: T[] },
  );

/** What a month's lines are, as comparable rows. */
async function linesOf(month: string) {
  const { rows } = await query<Record<string, unknown>>(sql`
    select i.billing_account_id, l.charge_kind, l.line_item_id, l.order_item_id, l.service_month, l.quantity, l.amount
      from invoice_lines l join invoices i on i.tenant_id = l.tenant_id and i.id = l.invoice_id
     where i.tenant_id = ${bulk.tenantId} and i.billing_month = ${month} and i.status = 'draft'
     order by l.line_item_id, l.charge_kind, l.service_month, l.order_item_id`);
  return rows;
}

async function removeMonth(month: string) {
  await query(sql`delete from invoice_lines l using invoices i where i.tenant_id = l.tenant_id and i.id = l.invoice_id
                   and i.tenant_id = ${bulk.tenantId} and i.billing_month = ${month} and i.status = 'draft'`);
  await query(
    sql`delete from invoices where tenant_id = ${bulk.tenantId} and billing_month = ${month} and status = 'draft'`,
  );
}

function jobContext(runId: string): JobContext {
  return {
    database: db().database,
    tenantId: bulk.tenantId,
    jobId: newId(),
    params: { runId },
    attempt: 1,
    setProgress: async () => {},
    log: async () => {},
  };
}

describe('a billing run that fails', () => {
  test('the job handler marks it failed with a message for people; processed again it completes and bills the same', async () => {
    const reference = await createBillingRun(context, { billingMonth: MONTH }, TODAY, {
      accountsPerBatch: 5,
    });
    await processBillingRun(db().database, bulk.tenantId, reference.id, TODAY);
    const expected = await linesOf(MONTH);
    expect(expected.length).toBeGreaterThan(100);
    await removeMonth(MONTH);

    // A price beyond what a yen column holds makes the batch of that line item fail.
    const { rows } = await query<{ id: string; snapshot: unknown }>(sql`
      select li.id, li.price_snapshot as snapshot from line_items li join contracts k on k.tenant_id = li.tenant_id and k.id = li.contract_id
        join billing_accounts ba on ba.tenant_id = k.tenant_id and ba.id = k.billing_account_id
       where li.tenant_id = ${bulk.tenantId} and li.status = 'active' and ba.payment_method <> 'non_billable'
         and li.price_snapshot->>'pricingPattern' = 'monthly_only' and not (li.price_snapshot->>'agency')::boolean
       order by ba.id desc limit 1`);
    const broken = rows[0];
    if (!broken) throw new Error('no monthly line item in the bulk data');
    await query(sql`update line_items set price_snapshot = jsonb_set(price_snapshot, '{monthlyFee}', '1e300')
                     where tenant_id = ${bulk.tenantId} and id = ${broken.id}`);

    const run = await createBillingRun(context, { billingMonth: MONTH }, TODAY, { accountsPerBatch: 5 });
    const handler = billingRunHandler(() => Temporal.Instant.from(`${TODAY}T03:00:00Z`));
    await expect(handler(jobContext(run.id))).rejects.toThrow();
    const failed = await getBillingRun(db().database, bulk.tenantId, run.id);
    expect(failed).toMatchObject({ status: 'failed', error: 'unexpected error (see the server log)' });
    expect(failed.finishedAt).not.toBeNull();
    expect(failed.progress.done).toBeLessThan(failed.progress.total);
    // The failing batch left nothing: every line written belongs to a batch that committed.
    const partial = await linesOf(MONTH);
    expect(partial.length).toBe(failed.report.lines);

    await query(sql`update line_items set price_snapshot = ${JSON.stringify(broken.snapshot)}::jsonb
                     where tenant_id = ${bulk.tenantId} and id = ${broken.id}`);
    await handler(jobContext(run.id));
    const completed = await getBillingRun(db().database, bulk.tenantId, run.id);
    expect(completed).toMatchObject({ status: 'completed', error: null });
    expect(completed.progress.done).toBe(completed.progress.total);
    expect(await linesOf(MONTH)).toEqual(expected);
  }, 60_000);

  test('a run another worker completed stays completed', async () => {
    const run = await createBillingRun(context, { billingMonth: MONTH, dryRun: true }, TODAY);
    await processBillingRun(db().database, bulk.tenantId, run.id, TODAY);
    await markRunFailed(db().database, bulk.tenantId, run.id, 'late failure of a second worker');
    expect(await getBillingRun(db().database, bulk.tenantId, run.id)).toMatchObject({
      status: 'completed',
      error: null,
    });
  });
});

describe('the sweep that resumes runs whose worker died', () => {
  test('queues again the runs without a recent heartbeat, once, and no others', async () => {
    const tenantId = bulk.tenantId;
    const make = async (state: { status: string; heartbeatAgo: string | null; job: string | null }) => {
      const run = await createBillingRun(context, { billingMonth: MONTH, dryRun: true }, TODAY);
      let jobId: string | null = null;
      if (state.job) {
        jobId = newId();
        await query(sql`insert into jobs (tenant_id, id, kind, params, status, started_at)
                        values (${tenantId}, ${jobId}, 'billing.run', ${JSON.stringify({ runId: run.id })}::jsonb,
                                ${state.job}, now() - interval '5 minutes')`);
      }
      await query(sql`update billing_runs set status = ${state.status}, job_id = ${jobId},
                        heartbeat_at = now() - ${state.heartbeatAgo}::interval
                       where tenant_id = ${tenantId} and id = ${run.id}`);
      return { runId: run.id, jobId };
    };
    const dead = await make({ status: 'running', heartbeatAgo: '5 minutes', job: 'running' });
    const diedAtStart = await make({ status: 'queued', heartbeatAgo: null, job: 'running' });
    const noJob = await make({ status: 'running', heartbeatAgo: '5 minutes', job: null });
    const jobEnded = await make({ status: 'running', heartbeatAgo: '5 minutes', job: 'completed' });
    const alive = await make({ status: 'running', heartbeatAgo: '1 second', job: 'running' });
    const waiting = await make({ status: 'queued', heartbeatAgo: null, job: 'queued' });
    const done = await make({ status: 'completed', heartbeatAgo: '5 minutes', job: 'completed' });
    const failed = await make({ status: 'failed', heartbeatAgo: '5 minutes', job: 'failed' });

    const requeued: string[] = [];
    const enqueued: Record<string, unknown>[] = [];
    const jobs = {
      requeue: async (_tenant: string, jobId: string) => {
        requeued.push(jobId);
      },
      enqueue: async (_tenant: string, _kind: string, params: Record<string, unknown>) => {
        enqueued.push(params);
        return { id: newId() } as Job;
      },
    };
    expect(await resumeStalledRuns(db().database, jobs, 60)).toBe(4);
    expect(requeued.sort()).toEqual([dead.jobId, diedAtStart.jobId].sort());
    // A run without a job, or whose job has ended (queueing an ended job again would run nothing), gets a new one.
    expect(enqueued.map((params) => params.runId).sort()).toEqual([noJob.runId, jobEnded.runId].sort());
    const attached = await getBillingRun(db().database, tenantId, noJob.runId);
    expect(attached.jobId).not.toBeNull();
    // Claimed: the heartbeat is fresh, so the next sweep (here or on another worker) leaves them.
    expect(await resumeStalledRuns(db().database, jobs, 60)).toBe(0);
    for (const untouched of [alive, waiting, done, failed]) {
      expect(requeued).not.toContain(untouched.jobId);
    }
  });
});
