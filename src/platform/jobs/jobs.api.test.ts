// Jobs (スケジュール済プロセス, issue 3 item 6) with the worker running: start a process, watch
// its progress and log, follow it live by server-sent events over real HTTP, re-run it, list
// and filter. The cleanup process really removes what has expired, in its own tenant only.
import type { AddressInfo } from 'node:net';
import { beforeAll, describe, expect, test } from 'vitest';
import { type ApiClient, createTestTenant, loginAs, type TestTenant, useTestApp } from '../../test/app.js';
import { until } from '../../test/poll.js';
import { DomainError } from '../domain-error.js';
import { newId } from '../ids/id.js';

const app = useTestApp({ jobs: true });

interface Job {
  id: string;
  kind: string;
  params: Record<string, unknown>;
  status: 'queued' | 'running' | 'completed' | 'failed';
  progress: { done: number; total: number };
  log: { at: string; level: 'info' | 'warn' | 'error'; message: string }[];
  error: string | null;
  attempts: number;
  rerunOf: string | null;
  createdBy: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

let baseUrl = '';

beforeAll(async () => {
  // Two kinds only tests start: one that takes visible steps, one that fails.
  app().jobs.define({
    kind: 'test.steps',
    runnableByUsers: true,
    async handler(context) {
      const total = Number(context.params.steps ?? 4);
      await context.setProgress(0, total);
      for (let step = 1; step <= total; step++) {
        await new Promise((resolve) => setTimeout(resolve, 250)); // work that takes a while
        await context.setProgress(step, total);
      }
      await context.log(`did ${total} steps`);
    },
  });
  app().jobs.define({
    kind: 'test.fails',
    runnableByUsers: true,
    async handler(context) {
      await context.setProgress(1, 2);
      throw new DomainError('validation_failed', {
        detail: { ja: '連携先がファイルを受け付けませんでした', en: 'the upstream system refused the file' },
      });
    },
  });
  app().jobs.define({
    kind: 'test.crashes',
    runnableByUsers: true,
    async handler() {
      throw new Error('insert into users values ($1) params: secret-hash');
    },
  });
  // Server-sent events are read over real HTTP: inject would buffer the whole stream.
  await app().app.listen({ port: 0, host: '127.0.0.1' });
  baseUrl = `http://127.0.0.1:${(app().app.server.address() as AddressInfo).port}`;
});

async function setup(): Promise<{ tenant: TestTenant; admin: ApiClient }> {
  const tenant = await createTestTenant(app().database);
  const admin = await loginAs(app(), tenant.slug, tenant.adminEmail, tenant.adminPassword);
  return { tenant, admin };
}

async function start(admin: ApiClient, kind: string, params?: Record<string, unknown>): Promise<Job> {
  const response = await admin.post('/api/v1/jobs', params ? { kind, params } : { kind });
  expect(response.statusCode, response.body).toBe(202);
  return response.json() as Job;
}

async function finished(admin: ApiClient, id: string): Promise<Job> {
  return until(
    `job ${id} to finish`,
    async () => {
      const job = (await admin.get(`/api/v1/jobs/${id}`)).json() as Job;
      return job.status === 'completed' || job.status === 'failed' ? job : undefined;
    },
    { timeoutMs: 15_000, intervalMs: 100 },
  );
}

/** Reads a server-sent event stream to its end (the server ends it when the job ends). */
async function readEvents(
  admin: ApiClient,
  id: string,
): Promise<{ status: number; type: string; events: { event: string; job: Job }[] }> {
  const response = await fetch(`${baseUrl}/api/v1/jobs/${id}/events`, {
    headers: { cookie: admin.cookie!, accept: 'text/event-stream' },
    signal: AbortSignal.timeout(15_000),
  });
  const text = await response.text(); // resolves only when the server closes the stream
  const events = text
    .split('\n\n')
    .filter((block) => block.trim() !== '')
    .map((block) => {
      const lines = block.split('\n');
      const event = lines.find((line) => line.startsWith('event: '))?.slice(7) ?? '';
      const data = lines.find((line) => line.startsWith('data: '))?.slice(6) ?? 'null';
      return { event, job: JSON.parse(data) as Job };
    });
  return { status: response.status, type: response.headers.get('content-type') ?? '', events };
}

const ORDER = { queued: 0, running: 1, completed: 2, failed: 2 } as const;

describe('processes people can start', () => {
  test('GET /job-kinds lists the maintenance cleanup', async () => {
    const { admin } = await setup();
    const response = await admin.get('/api/v1/job-kinds');
    expect(response.statusCode).toBe(200);
    expect(response.json().items).toContainEqual({ kind: 'maintenance.cleanup' });
  });

  test('an unknown kind answers 422 unknown_job_kind and queues nothing', async () => {
    const { admin } = await setup();
    const response = await admin.post('/api/v1/jobs', { kind: 'billing.print-money' });
    expect(response.statusCode).toBe(422);
    expect(response.json().code).toBe('unknown_job_kind');
    expect((await admin.post('/api/v1/jobs', {})).statusCode).toBe(400);
    expect((await admin.get('/api/v1/jobs')).json().items).toEqual([]);
  });
});

describe('maintenance cleanup', () => {
  test('answers 202 queued, then completes with progress 3/3 and a log of each step', async () => {
    const { tenant, admin } = await setup();
    const queued = await start(admin, 'maintenance.cleanup');
    expect(queued).toMatchObject({
      kind: 'maintenance.cleanup',
      params: {},
      status: 'queued',
      progress: { done: 0, total: 0 },
      error: null,
      rerunOf: null,
      createdBy: tenant.adminUserId,
      startedAt: null,
      finishedAt: null,
    });
    expect(queued.log.map((entry) => entry.message)).toEqual(['queued']);

    const job = await finished(admin, queued.id);
    expect(job.status).toBe('completed');
    expect(job.progress).toEqual({ done: 3, total: 3 });
    expect(job.attempts).toBe(1);
    expect(job.error).toBeNull();
    expect(Date.parse(job.startedAt!)).toBeGreaterThanOrEqual(Date.parse(job.createdAt));
    expect(Date.parse(job.finishedAt!)).toBeGreaterThanOrEqual(Date.parse(job.startedAt!));
    const messages = job.log.map((entry) => entry.message);
    expect(messages[0]).toBe('queued');
    expect(messages[1]).toBe('started');
    expect(messages.at(-1)).toBe('completed');
    expect(messages.slice(2, -1)).toEqual([
      expect.stringMatching(/^expired sessions and reset tokens: \d+ removed$/),
      expect.stringMatching(/^expired idempotency keys: \d+ removed$/),
      expect.stringMatching(/^dev outbox mail older than 30 days: \d+ removed$/),
    ]);
    for (const entry of job.log) expect(entry.level).toBe('info');
  });

  test('removes expired sessions, spent and expired reset tokens, old idempotency keys and old dev mail of its tenant only', async () => {
    const { tenant, admin } = await setup();
    const other = await createTestTenant(app().database);
    const sql = (text: string, values: unknown[] = []) =>
      app().testDatabase.database.executeSql(text, values);

    const seed = async (t: TestTenant) => {
      const p = [t.tenantId, t.adminUserId];
      await sql(
        `insert into sessions (tenant_id, id, user_id, token_hash, csrf_token, expires_at) values
           ($1, gen_random_uuid(), $2, 'expired-' || gen_random_uuid(), 'c', now() - interval '1 minute'),
           ($1, gen_random_uuid(), $2, 'alive-' || gen_random_uuid(), 'c', now() + interval '1 hour')`,
        p,
      );
      await sql(
        `insert into password_reset_tokens (tenant_id, id, user_id, token_hash, expires_at, used_at) values
           ($1, gen_random_uuid(), $2, 'spent-' || gen_random_uuid(), now() + interval '30 minutes', now()),
           ($1, gen_random_uuid(), $2, 'expired-' || gen_random_uuid(), now() - interval '1 minute', null),
           ($1, gen_random_uuid(), $2, 'fresh-' || gen_random_uuid(), now() + interval '30 minutes', null)`,
        p,
      );
      await sql(
        `insert into idempotency_keys (tenant_id, id, principal_id, key, method, path, request_hash, state, created_at) values
           ($1, gen_random_uuid(), $2, 'old-key', 'POST', '/api/v1/org-units', 'h', 'done', now() - interval '25 hours'),
           ($1, gen_random_uuid(), $2, 'new-key', 'POST', '/api/v1/org-units', 'h', 'done', now() - interval '1 hour')`,
        p,
      );
      await sql(
        `insert into mail_outbox (tenant_id, id, "to", subject, text, created_at) values
           ($1, gen_random_uuid(), 'old@example.jp', 'old', 'old', now() - interval '31 days'),
           ($1, gen_random_uuid(), 'new@example.jp', 'new', 'new', now() - interval '29 days')`,
        [t.tenantId],
      );
    };
    await seed(tenant);
    await seed(other);

    const snapshot = async (t: TestTenant) => {
      const count = async (table: string, where: string) =>
        Number(
          (
            await sql(`select count(*)::int as n from ${table} where tenant_id = $1 and (${where})`, [
              t.tenantId,
            ])
          ).rows[0]?.n,
        );
      return {
        expiredSessions: await count('sessions', 'expires_at < now()'),
        liveSessions: await count('sessions', 'expires_at > now()'),
        spentOrExpiredTokens: await count(
          'password_reset_tokens',
          'used_at is not null or expires_at < now()',
        ),
        freshTokens: await count('password_reset_tokens', 'used_at is null and expires_at > now()'),
        oldKeys: await count('idempotency_keys', "created_at < now() - interval '24 hours'"),
        newKeys: await count('idempotency_keys', "created_at > now() - interval '24 hours'"),
        oldMail: await count('mail_outbox', "created_at < now() - interval '30 days'"),
        newMail: await count('mail_outbox', "created_at > now() - interval '30 days'"),
      };
    };
    const before = await snapshot(tenant);
    expect(before).toMatchObject({ expiredSessions: 1, spentOrExpiredTokens: 2, oldKeys: 1, oldMail: 1 });

    const job = await finished(admin, (await start(admin, 'maintenance.cleanup')).id);
    expect(job.status).toBe('completed');
    expect(job.log.map((entry) => entry.message)).toEqual(
      expect.arrayContaining([
        'expired sessions and reset tokens: 3 removed',
        'expired idempotency keys: 1 removed',
        'dev outbox mail older than 30 days: 1 removed',
      ]),
    );
    expect(await snapshot(tenant)).toEqual({
      expiredSessions: 0,
      liveSessions: before.liveSessions,
      spentOrExpiredTokens: 0,
      freshTokens: before.freshTokens,
      oldKeys: 0,
      newKeys: before.newKeys,
      oldMail: 0,
      newMail: before.newMail,
    });
    // The admin's own session survived.
    expect((await admin.get('/api/v1/auth/me')).statusCode).toBe(200);
    // The other tenant's rows are untouched.
    expect(await snapshot(other)).toMatchObject({
      expiredSessions: 1,
      spentOrExpiredTokens: 2,
      oldKeys: 1,
      oldMail: 1,
    });
  });
});

describe('live progress by server-sent events', () => {
  test('GET /jobs/{id}/events streams `event: job` until the job has completed, then ends', async () => {
    const { admin } = await setup();
    const job = await start(admin, 'maintenance.cleanup');
    const stream = await readEvents(admin, job.id);
    expect(stream.status).toBe(200);
    expect(stream.type).toContain('text/event-stream');
    expect(stream.events.length).toBeGreaterThanOrEqual(1);
    for (const event of stream.events) {
      expect(event.event).toBe('job');
      expect(event.job.id).toBe(job.id);
    }
    const statuses = stream.events.map((event) => ORDER[event.job.status]);
    expect(statuses).toEqual([...statuses].sort((a, b) => a - b));
    const last = stream.events.at(-1)!.job;
    expect(last.status).toBe('completed');
    expect(last.progress).toEqual({ done: 3, total: 3 });
    expect(last.log.at(-1)?.message).toBe('completed');
  });

  test('the stream shows the progress growing step by step', async () => {
    const { admin } = await setup();
    const job = await start(admin, 'test.steps', { steps: 5 });
    const stream = await readEvents(admin, job.id);
    const progress = stream.events.map((event) => event.job.progress.done);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    // Intermediate steps are seen, not only the start and the end: the stream looks every
    // 0.5 s and the job spends about 1 s between its first and its last step.
    expect(
      stream.events.some(
        (event) =>
          event.job.status === 'running' && event.job.progress.done > 0 && event.job.progress.done < 5,
      ),
    ).toBe(true);
    expect(stream.events.at(-1)!.job).toMatchObject({ status: 'completed', progress: { done: 5, total: 5 } });
  });

  test('for a finished job the stream sends it once and ends; an unknown job is 404, no login 401', async () => {
    const { admin } = await setup();
    const job = await finished(admin, (await start(admin, 'maintenance.cleanup')).id);
    const stream = await readEvents(admin, job.id);
    expect(stream.events).toHaveLength(1);
    expect(stream.events[0]!.job).toEqual(job);

    const unknown = await fetch(`${baseUrl}/api/v1/jobs/${newId()}/events`, {
      headers: { cookie: admin.cookie! },
    });
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toContain('application/problem+json');
    expect(((await unknown.json()) as { code: string }).code).toBe('not_found');
    const anonymous = await fetch(`${baseUrl}/api/v1/jobs/${job.id}/events`);
    expect(anonymous.status).toBe(401);
  });
});

describe('failures, re-runs and the list', () => {
  test('a failing job ends failed with its error in the record and the log', async () => {
    const { admin } = await setup();
    const job = await finished(admin, (await start(admin, 'test.fails')).id);
    expect(job.status).toBe('failed');
    expect(job.error).toBe('the upstream system refused the file');
    expect(job.progress).toEqual({ done: 1, total: 2 });
    expect(job.log.at(-1)).toMatchObject({ level: 'error', message: 'the upstream system refused the file' });
    expect(job.finishedAt).not.toBeNull();
  });

  test('an unexpected error shows people a generic message; its text (maybe SQL) stays in the server log', async () => {
    const { admin } = await setup();
    const job = await finished(admin, (await start(admin, 'test.crashes')).id);
    expect(job.status).toBe('failed');
    expect(job.error).toBe('unexpected error (see the server log)');
    expect(JSON.stringify(job)).not.toContain('secret-hash');
  });

  test('POST /jobs/{id}/rerun starts a new job with the same kind and params and rerunOf', async () => {
    const { tenant, admin } = await setup();
    const original = await finished(admin, (await start(admin, 'test.steps', { steps: 2 })).id);
    const response = await admin.post(`/api/v1/jobs/${original.id}/rerun`);
    expect(response.statusCode).toBe(202);
    const rerun = response.json() as Job;
    expect(rerun.id).not.toBe(original.id);
    expect(rerun).toMatchObject({
      kind: 'test.steps',
      params: { steps: 2 },
      status: 'queued',
      rerunOf: original.id,
      createdBy: tenant.adminUserId,
    });
    expect(await finished(admin, rerun.id)).toMatchObject({
      status: 'completed',
      progress: { done: 2, total: 2 },
    });
    // The original is unchanged.
    expect((await admin.get(`/api/v1/jobs/${original.id}`)).json()).toEqual(original);
    expect((await admin.post(`/api/v1/jobs/${newId()}/rerun`)).statusCode).toBe(404);
  });

  test('the list is newest first, filters by status and pages with the cursor', async () => {
    const { admin } = await setup();
    const started: string[] = [];
    for (let i = 0; i < 4; i++) started.push((await start(admin, 'maintenance.cleanup')).id);
    started.push((await start(admin, 'test.fails')).id);
    for (const id of started) await finished(admin, id);

    const walk = async (query: string, limit: number) => {
      const pages: string[][] = [];
      let cursor: string | null = null;
      do {
        const url: string = `/api/v1/jobs?limit=${limit}${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
        const response = await admin.get(url);
        expect(response.statusCode).toBe(200);
        const page = response.json() as { items: Job[]; nextCursor: string | null };
        pages.push(page.items.map((job) => job.id));
        cursor = page.nextCursor;
      } while (cursor && pages.length < 10);
      return pages;
    };

    const all = await walk('', 2);
    expect(all.map((page) => page.length)).toEqual([2, 2, 1]);
    expect(all.flat()).toEqual([...started].reverse());

    const completed = await walk('&status=completed', 3);
    expect(completed.map((page) => page.length)).toEqual([3, 1]);
    expect(completed.flat()).toEqual(started.slice(0, 4).reverse());
    expect((await walk('&status=failed', 50)).flat()).toEqual([started[4]]);
    expect((await walk('&status=running', 50)).flat()).toEqual([]);
    expect((await admin.get('/api/v1/jobs?status=paused')).statusCode).toBe(400);
  });
});
