// Resuming a billing run whose worker died (issue 5 "Bad input and failure"). A worker
// sets the run's heartbeat at every batch it commits; a run in progress whose heartbeat is
// older than the limit has lost its worker (killed, out of memory, machine gone). Its job
// stays `running` and its pg-boss job active until it expires (an hour for billing.run), so
// a sweep on every worker (at start and every few seconds) claims such runs and queues their
// job again; the next free worker carries on with the batches not yet committed. The claim
// sets the heartbeat, so of several sweeping workers one queues the run.
import { sql } from 'drizzle-orm';
import type { Database } from '../../platform/db/database.js';
import type { JobService } from '../../platform/jobs/service.js';
import { listTenantIds } from '../../platform/tenancy/service.js';
import { attachJob, BILLING_RUN_JOB } from './billing-run.service.js';

/** A run is resumed once its heartbeat is this old; a batch takes well under a second. */
export const DEFAULT_RESUME_AFTER_SECONDS = 60;

interface StalledRun {
  id: string;
  job_id: string | null;
  job_status: string | null;
}

/**
 * Queues again the runs of every tenant whose worker died: `running` with a heartbeat older
 * than `afterSeconds`, or still `queued` while their job has been running that long (the
 * worker died before the first statement of the run). Answers how many were queued.
 */
export async function resumeStalledRuns(
  database: Database,
  jobs: Pick<JobService, 'requeue' | 'enqueue'>,
  afterSeconds: number = DEFAULT_RESUME_AFTER_SECONDS,
): Promise<number> {
  let resumed = 0;
  for (const tenantId of await listTenantIds(database)) {
    const stalled = await database.inTenant(
      tenantId,
      async (tx) =>
        (
          (await tx.execute(sql`
          update billing_runs r set heartbeat_at = now()
           where r.tenant_id = ${tenantId}
             and coalesce(r.heartbeat_at, '-infinity') < now() - make_interval(secs => ${afterSeconds})
             and (r.status = 'running'
                  or (r.status = 'queued' and exists (
                        select 1 from jobs j
                         where j.tenant_id = r.tenant_id and j.id = r.job_id and j.status = 'running'
                           and j.started_at < now() - make_interval(secs => ${afterSeconds}))))
          returning r.id, r.job_id,
                    (select j.status from jobs j where j.tenant_id = r.tenant_id and j.id = r.job_id) as job_status`)) as unknown as {
            rows: StalledRun[];
          }
        ).rows,
    );
    for (const run of stalled) {
      if (run.job_id && (run.job_status === 'queued' || run.job_status === 'running'))
        await jobs.requeue(tenantId, run.job_id);
      else {
        // A run made without a job (by a script), or whose job ended without it: give it one.
        const job = await jobs.enqueue(tenantId, BILLING_RUN_JOB, { runId: run.id });
        await attachJob(database, tenantId, run.id, job.id);
      }
      resumed += 1;
    }
  }
  return resumed;
}
