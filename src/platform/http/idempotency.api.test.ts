// Idempotency-Key on POST (api.md Conventions, quality.md Reliability): the same key and body
// replay the first answer; another body answers 422; while the first request still runs a
// second answers 409; keys are per user and live 24 hours; 4xx answers are replayed, 5xx not.
import pg from 'pg';
import { describe, expect, test } from 'vitest';
import {
  type ApiClient,
  createTestTenant,
  loginAs,
  type TestTenant,
  userWithRoles,
  useTestApp,
} from '../../test/app.js';
import { until } from '../../test/poll.js';

const app = useTestApp();

async function setup(): Promise<{ tenant: TestTenant; admin: ApiClient }> {
  const tenant = await createTestTenant(app().database);
  const admin = await loginAs(app(), tenant.slug, tenant.adminEmail, tenant.adminPassword);
  return { tenant, admin };
}

const key = () => `key-${Math.random().toString(36).slice(2)}`;

async function unitsNamed(admin: ApiClient, name: string): Promise<{ id: string }[]> {
  const items = (await admin.get('/api/v1/org-units')).json().items as { id: string; name: string }[];
  return items.filter((unit) => unit.name === name);
}

async function storedKeys(idempotencyKey: string): Promise<Record<string, unknown>[]> {
  const { rows } = await app().testDatabase.database.executeSql(
    'select state, response_status, created_at from idempotency_keys where key = $1',
    [idempotencyKey],
  );
  return rows;
}

describe('Idempotency-Key', () => {
  test('the same key and body replay the first answer, marked idempotent-replayed, and create one record', async () => {
    const { admin } = await setup();
    const k = key();
    const first = await admin.post(
      '/api/v1/org-units',
      { name: '冪等支店', code: 'IDEM', kind: 'branch' },
      { 'idempotency-key': k },
    );
    expect(first.statusCode).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();

    // A retry, with the fields in another order.
    const retry = await admin.post(
      '/api/v1/org-units',
      { kind: 'branch', code: 'IDEM', name: '冪等支店' },
      { 'idempotency-key': k },
    );
    expect(retry.statusCode).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.headers['content-type']).toBe(first.headers['content-type']);
    expect(retry.body).toBe(first.body);

    const third = await admin.post(
      '/api/v1/org-units',
      { name: '冪等支店', code: 'IDEM', kind: 'branch' },
      { 'idempotency-key': k },
    );
    expect(third.json()).toEqual(first.json());
    expect(await unitsNamed(admin, '冪等支店')).toHaveLength(1);

    // Without a key the same request is a new one (here refused: the code is taken).
    const unkeyed = await admin.post('/api/v1/org-units', { name: '冪等支店', code: 'IDEM', kind: 'branch' });
    expect(unkeyed.statusCode).toBe(422);
  });

  test('the same key with another body, or on another route, answers 422 idempotency_key_reused', async () => {
    const { admin } = await setup();
    const k = key();
    expect(
      (await admin.post('/api/v1/org-units', { name: '一つ目' }, { 'idempotency-key': k })).statusCode,
    ).toBe(201);

    const otherBody = await admin.post('/api/v1/org-units', { name: '二つ目' }, { 'idempotency-key': k });
    expect(otherBody.statusCode).toBe(422);
    expect(otherBody.headers['content-type']).toContain('application/problem+json');
    expect(otherBody.json().code).toBe('idempotency_key_reused');
    expect(await unitsNamed(admin, '二つ目')).toHaveLength(0);

    const otherRoute = await admin.post(
      '/api/v1/users',
      { email: 'idem-other-route@example.jp', name: '一つ目', roles: [], password: 'long-enough-pass' },
      { 'idempotency-key': k },
    );
    expect(otherRoute.statusCode).toBe(422);
    expect(otherRoute.json().code).toBe('idempotency_key_reused');
    expect((await admin.get('/api/v1/users?q=idem-other-route')).json().items).toHaveLength(0);
  });

  test('routes whose answer holds a secret ignore the key: a new API token is never stored for replay', async () => {
    const { admin } = await setup();
    const first = await admin.post(
      '/api/v1/api-tokens',
      { name: '連携' },
      { 'idempotency-key': 'token-key-1' },
    );
    const second = await admin.post(
      '/api/v1/api-tokens',
      { name: '連携' },
      { 'idempotency-key': 'token-key-1' },
    );
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(201);
    expect(second.headers['idempotent-replayed']).toBeUndefined();
    expect(second.json().token).not.toBe(first.json().token);
    const stored = await app().testDatabase.database.executeSql(
      "select count(*)::int as n from idempotency_keys where response_body like '%kyk_%' or key = 'token-key-1'",
    );
    expect(stored.rows[0]?.n).toBe(0);
  });

  test('while the first request still runs, a second with the same key answers 409 idempotency_key_in_progress', async () => {
    const { admin } = await setup();
    const k = key();
    // Another connection holds a lock that makes inserts into org_units wait.
    const blocker = new pg.Client({ connectionString: app().testDatabase.url });
    await blocker.connect();
    let slow: ReturnType<ApiClient['post']> | undefined;
    try {
      await blocker.query('begin');
      await blocker.query('lock table org_units in exclusive mode');

      slow = admin.post('/api/v1/org-units', { name: '遅い支店' }, { 'idempotency-key': k });
      // Wait until the first request is really inside, waiting on the lock.
      await until('the first request to wait on the org_units lock', async () => {
        const { rows } = await blocker.query(
          `select count(*)::int as n from pg_locks l join pg_class c on c.oid = l.relation
            where c.relname = 'org_units' and not l.granted`,
        );
        return rows[0].n > 0;
      });
      expect(await storedKeys(k)).toEqual([expect.objectContaining({ state: 'in_progress' })]);

      const second = await admin.post('/api/v1/org-units', { name: '遅い支店' }, { 'idempotency-key': k });
      expect(second.statusCode).toBe(409);
      expect(second.headers['content-type']).toContain('application/problem+json');
      expect(second.json().code).toBe('idempotency_key_in_progress');
      // Another body with the key is still a misuse of the key.
      const other = await admin.post('/api/v1/org-units', { name: '別の支店' }, { 'idempotency-key': k });
      expect(other.statusCode).toBe(422);
      expect(other.json().code).toBe('idempotency_key_reused');
      // Other keys are not held up by this one.
      expect((await admin.get('/api/v1/auth/me')).statusCode).toBe(200);

      await blocker.query('commit');
    } finally {
      await blocker.query('rollback').catch(() => {});
      await blocker.end();
    }
    const first = await slow!;
    expect(first.statusCode).toBe(201);
    const replay = await admin.post('/api/v1/org-units', { name: '遅い支店' }, { 'idempotency-key': k });
    expect(replay.statusCode).toBe(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.json()).toEqual(first.json());
    expect(await unitsNamed(admin, '遅い支店')).toHaveLength(1);
  });

  test('keys are per user: another user with the same key and body gets a new record', async () => {
    const { tenant, admin } = await setup();
    const colleague = await userWithRoles(app(), tenant, ['admin'], admin);
    const k = key();
    const mine = await admin.post('/api/v1/org-units', { name: '共通キー' }, { 'idempotency-key': k });
    const theirs = await colleague.post('/api/v1/org-units', { name: '共通キー' }, { 'idempotency-key': k });
    expect(mine.statusCode).toBe(201);
    expect(theirs.statusCode).toBe(201);
    expect(theirs.headers['idempotent-replayed']).toBeUndefined();
    expect(theirs.json().id).not.toBe(mine.json().id);
    expect(await unitsNamed(admin, '共通キー')).toHaveLength(2);

    // And keys do not cross tenants either.
    const other = await setup();
    const foreign = await other.admin.post(
      '/api/v1/org-units',
      { name: '共通キー' },
      { 'idempotency-key': k },
    );
    expect(foreign.statusCode).toBe(201);
    expect(foreign.headers['idempotent-replayed']).toBeUndefined();
  });

  test('a key is remembered for 24 hours and forgotten after', async () => {
    const { admin } = await setup();
    const k = key();
    const first = await admin.post('/api/v1/org-units', { name: '一日' }, { 'idempotency-key': k });
    expect(first.statusCode).toBe(201);
    const age = (interval: string) =>
      app().testDatabase.database.executeSql(
        `update idempotency_keys set created_at = now() - interval '${interval}' where key = $1`,
        [k],
      );

    await age('23 hours 59 minutes');
    const within = await admin.post('/api/v1/org-units', { name: '一日' }, { 'idempotency-key': k });
    expect(within.headers['idempotent-replayed']).toBe('true');
    expect(within.json().id).toBe(first.json().id);

    await age('24 hours 1 minute');
    const after = await admin.post('/api/v1/org-units', { name: '一日' }, { 'idempotency-key': k });
    expect(after.statusCode).toBe(201);
    expect(after.headers['idempotent-replayed']).toBeUndefined();
    expect(after.json().id).not.toBe(first.json().id);
    expect(await unitsNamed(admin, '一日')).toHaveLength(2);
    // The key now stands for the new request.
    const again = await admin.post('/api/v1/org-units', { name: '一日' }, { 'idempotency-key': k });
    expect(again.json().id).toBe(after.json().id);
  });

  test('a 4xx answer is kept and replayed, even when the request would now succeed', async () => {
    const { admin } = await setup();
    const holder = await admin.post('/api/v1/org-units', { name: '先客', code: 'TAKEN' });
    expect(holder.statusCode).toBe(201);
    const k = key();
    const refused = await admin.post(
      '/api/v1/org-units',
      { name: '後客', code: 'TAKEN' },
      { 'idempotency-key': k },
    );
    expect(refused.statusCode).toBe(422);

    expect((await admin.delete(`/api/v1/org-units/${holder.json().id}`)).statusCode).toBe(204);
    const replay = await admin.post(
      '/api/v1/org-units',
      { name: '後客', code: 'TAKEN' },
      { 'idempotency-key': k },
    );
    expect(replay.statusCode).toBe(422);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.headers['content-type']).toContain('application/problem+json');
    expect(replay.body).toBe(refused.body);
    expect(await unitsNamed(admin, '後客')).toHaveLength(0);

    // A new key is a new attempt.
    const fresh = await admin.post(
      '/api/v1/org-units',
      { name: '後客', code: 'TAKEN' },
      { 'idempotency-key': key() },
    );
    expect(fresh.statusCode).toBe(201);
  });

  test('a 5xx answer is not kept: the retry runs again', async () => {
    const { admin } = await setup();
    const k = key();
    // With the job queue down, starting a job answers 503.
    await app().jobs.stop(5000);
    let failed: Awaited<ReturnType<ApiClient['post']>>;
    try {
      failed = await admin.post('/api/v1/jobs', { kind: 'maintenance.cleanup' }, { 'idempotency-key': k });
    } finally {
      await app().jobs.start({ work: false });
    }
    expect(failed.statusCode).toBe(503);
    expect(failed.json().code).toBe('service_unavailable');
    expect(await storedKeys(k)).toEqual([]);

    const retry = await admin.post('/api/v1/jobs', { kind: 'maintenance.cleanup' }, { 'idempotency-key': k });
    expect(retry.statusCode).toBe(202);
    expect(retry.headers['idempotent-replayed']).toBeUndefined();
    expect(await storedKeys(k)).toEqual([expect.objectContaining({ state: 'done', response_status: 202 })]);

    const replay = await admin.post(
      '/api/v1/jobs',
      { kind: 'maintenance.cleanup' },
      { 'idempotency-key': k },
    );
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.json().id).toBe(retry.json().id);
    const jobs = (await admin.get('/api/v1/jobs')).json().items;
    expect(jobs).toHaveLength(1);
  });

  test('a key that is not 1-255 visible ASCII characters answers 400 and runs nothing', async () => {
    const { admin } = await setup();
    for (const bad of ['with space', 'x'.repeat(256)]) {
      const response = await admin.post(
        '/api/v1/org-units',
        { name: '不正キー' },
        { 'idempotency-key': bad },
      );
      expect(response.statusCode).toBe(400);
      expect(response.json().code).toBe('validation_failed');
    }
    expect(await unitsNamed(admin, '不正キー')).toHaveLength(0);
  });
});
