// quality.md: "a job in progress resumes after restart". A worker dies mid-job (its
// pg-boss job stays active); another process's worker retries it once it expires, and the
// handler resumes from what the first run recorded.
import { afterAll, describe, expect, test } from 'vitest';
import { createTestTenant } from '../../test/app.js';
import { useTestDatabase } from '../../test/database.js';
import { until } from '../../test/poll.js';
import { type JobContext, JobService } from './service.js';

const db = useTestDatabase();
const services: JobService[] = [];
afterAll(async () => {
  for (const service of services) await service.stop(1000, { graceful: false }).catch(() => {});
});

describe('a job whose worker dies', () => {
  test('is retried by another worker after it expires and resumes where it stopped', async () => {
    const { database } = db();
    const tenant = await createTestTenant(database);
    const total = 4;
    let firstWorkerReachedStep2: () => void = () => {};
    const reached = new Promise<void>((resolve) => {
      firstWorkerReachedStep2 = resolve;
    });

    // Worker 1 records two steps, then hangs forever: the process is "killed" here.
    const first = new JobService(database);
    services.push(first);
    first.define({
      kind: 'test.steps',
      runnableByUsers: true,
      expireInSeconds: 2,
      async handler(context: JobContext) {
        await context.setProgress(0, total);
        for (let step = 1; step <= 2; step++) await context.setProgress(step, total);
        firstWorkerReachedStep2();
        await new Promise(() => {});
      },
    });
    await first.start({ work: true, pollingIntervalSeconds: 0.5, maintenanceIntervalSeconds: 1 });
    const job = await first.enqueue(tenant.tenantId, 'test.steps', { size: total });
    await reached;
    await first.stop(100, { graceful: false });
    expect((await first.get(tenant.tenantId, job.id)).status).toBe('running');

    // Worker 2 (after the "restart") continues from the recorded progress.
    const resumedFrom: number[] = [];
    const second = new JobService(database);
    services.push(second);
    second.define({
      kind: 'test.steps',
      runnableByUsers: true,
      expireInSeconds: 2,
      async handler(context: JobContext) {
        const current = await second.get(context.tenantId, context.jobId);
        resumedFrom.push(current.progress.done);
        for (let step = current.progress.done + 1; step <= total; step++)
          await context.setProgress(step, total);
      },
    });
    await second.start({ work: true, pollingIntervalSeconds: 0.5, maintenanceIntervalSeconds: 1 });

    const finished = await until(
      'the job to be resumed and completed by the second worker',
      async () => {
        const current = await second.get(tenant.tenantId, job.id);
        return current.status === 'completed' ? current : undefined;
      },
      { timeoutMs: 40_000, intervalMs: 250 },
    );
    expect(resumedFrom).toEqual([2]);
    expect(finished.attempts).toBe(2);
    expect(finished.progress).toEqual({ done: total, total });
    expect(finished.log.map((line) => line.code)).toEqual(['queued', 'started', 'resumed', 'completed']);
  }, 60_000);
});
