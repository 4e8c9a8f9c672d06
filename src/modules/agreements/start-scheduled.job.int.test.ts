// The daily start across time zones (seed: 設定した販売開始日になるとステータスが[販売中]に
// 変更されます): one instant is already the sale start date in Tokyo and still the day before
// in Honolulu. The clock is passed in; nothing sleeps.
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { auditLog } from '../../platform/audit/schema.js';
import { SYSTEM_ACTOR, type TenantContext } from '../../platform/context.js';
import type { Database } from '../../platform/db/database.js';
import { newId } from '../../platform/ids/id.js';
import { JobService } from '../../platform/jobs/service.js';
import { useTestDatabase } from '../../test/database.js';
import { until } from '../../test/poll.js';
import { products } from '../catalog/index.js';
import { billingAccounts, customers } from '../customers/index.js';
import { createTenantWithAdmin } from '../identity/index.js';
import { createAgreement, getAgreement, scheduleAgreement } from './agreement.service.js';
import {
  hasAgreementsDueToStart,
  START_SCHEDULED_JOB,
  startScheduledAgreements,
  startScheduledAgreementsHandler,
} from './index.js';

const db = useTestDatabase();
const services: JobService[] = [];
afterAll(async () => {
  for (const service of services) await service.stop(1000);
});

/** A sale start date far enough ahead that 予約 accepts it whenever the test runs. */
const SALE_START = '2030-06-15';
/** 2030-06-15 01:00 in Tokyo (UTC+9), 2030-06-14 06:00 in Honolulu (UTC-10). */
const TOKYO_MORNING = Temporal.Instant.from('2030-06-14T16:00:00Z');
/** 2030-06-15 00:05 in Honolulu: its first hourly check of the day. */
const HONOLULU_MIDNIGHT = Temporal.Instant.from('2030-06-15T10:05:00Z');

interface Tenant {
  context: TenantContext;
  productId: string;
  customerId: string;
}

async function tenantIn(database: Database, timeZone: string): Promise<Tenant> {
  const slug = `tz-${randomUUID().slice(0, 8)}`;
  const { tenantId } = await createTenantWithAdmin(database, {
    slug,
    name: `${timeZone} の会社`,
    timeZone,
    adminEmail: `admin@${slug}.example`,
    adminPassword: 'correct-horse-battery',
  });
  const customerId = newId();
  const productId = newId();
  await database.inTenant(tenantId, async (tx) => {
    await tx.insert(customers).values({
      tenantId,
      id: customerId,
      code: 'C000001',
      kind: 'organization',
      name: '顧客',
      searchKey: 'こきゃく',
    });
    await tx.insert(billingAccounts).values({
      tenantId,
      id: newId(),
      customerId,
      number: 'B000001',
      name: '顧客',
      isDefault: true,
    });
    await tx.insert(products).values({
      tenantId,
      id: productId,
      code: 'FIBER',
      name: '光回線',
      status: 'published',
      pricingPattern: 'monthly_only',
      monthlyFee: 5000,
    });
  });
  return {
    context: { database, tenantId, actor: { id: null, name: 'test' }, locale: 'ja', customerScope: null },
    customerId,
    productId,
  };
}

async function scheduled(tenant: Tenant, saleStartDate: string): Promise<string> {
  const agreement = await createAgreement(tenant.context, {
    customerId: tenant.customerId,
    productIds: [tenant.productId],
  });
  await scheduleAgreement(tenant.context, agreement.id, saleStartDate);
  return agreement.id;
}

/** The job context without the queue: log lines and progress collected. */
function jobContext(tenant: Tenant) {
  const lines: { message: string; code?: string | undefined; params?: Record<string, string | number> }[] =
    [];
  const progress: [number, number][] = [];
  return {
    lines,
    progress,
    context: {
      database: tenant.context.database,
      tenantId: tenant.context.tenantId,
      log: async (
        message: string,
        options: { code?: string; params?: Record<string, string | number> } = {},
      ) => {
        lines.push({ message, code: options.code, params: options.params });
      },
      setProgress: async (done: number, total: number) => {
        progress.push([done, total]);
      },
    },
  };
}

let tokyo: Tenant;
let honolulu: Tenant;

beforeAll(async () => {
  tokyo = await tenantIn(db().database, 'Asia/Tokyo');
  honolulu = await tenantIn(db().database, 'Pacific/Honolulu');
});

describe('scheduled agreements go on sale on their date in the tenant time zone', () => {
  test('at one instant: on sale in Tokyo (its date has come), still scheduled in Honolulu', async () => {
    const tokyoAgreement = await scheduled(tokyo, SALE_START);
    const honoluluAgreement = await scheduled(honolulu, SALE_START);

    // The hourly check enqueues only where something is due on the local date.
    expect(await hasAgreementsDueToStart(db().database, tokyo.context.tenantId, TOKYO_MORNING)).toBe(true);
    expect(await hasAgreementsDueToStart(db().database, honolulu.context.tenantId, TOKYO_MORNING)).toBe(
      false,
    );

    const inTokyo = jobContext(tokyo);
    expect(await startScheduledAgreements(inTokyo.context, TOKYO_MORNING)).toEqual({
      started: 1,
      today: SALE_START,
    });
    const inHonolulu = jobContext(honolulu);
    expect(await startScheduledAgreements(inHonolulu.context, TOKYO_MORNING)).toEqual({
      started: 0,
      today: '2030-06-14',
    });

    const startedInTokyo = await getAgreement(tokyo.context, tokyoAgreement);
    expect(startedInTokyo).toMatchObject({ status: 'on_sale', saleStartDate: SALE_START, version: 3 });
    expect(startedInTokyo.startedAt).toBe('2030-06-14T16:00:00.000Z');
    expect((await getAgreement(honolulu.context, honoluluAgreement)).status).toBe('scheduled');

    // A log line per agreement, with a code and parameters the UI translates; progress to the end.
    expect(inTokyo.lines.map((line) => line.code)).toEqual(['agreements.due', 'agreements.started']);
    expect(inTokyo.lines[1]?.params).toEqual({ number: startedInTokyo.number, saleStartDate: SALE_START });
    expect(inTokyo.progress.at(-1)).toEqual([1, 1]);
    expect(inHonolulu.lines.map((line) => line.code)).toEqual(['agreements.due']);
    expect(inHonolulu.progress).toEqual([[0, 0]]);

    // The change is audited as the system's.
    const audit = await db().database.inTenant(tokyo.context.tenantId, (tx) =>
      tx
        .select()
        .from(auditLog)
        .where(
          and(
            eq(auditLog.tenantId, tokyo.context.tenantId),
            eq(auditLog.entityId, tokyoAgreement),
            eq(auditLog.action, 'start_scheduled'),
          ),
        ),
    );
    expect(audit).toHaveLength(1);
    expect(audit[0]?.actorName).toBe(SYSTEM_ACTOR.name);

    // Honolulu's own midnight comes ten hours later.
    expect(await hasAgreementsDueToStart(db().database, honolulu.context.tenantId, HONOLULU_MIDNIGHT)).toBe(
      true,
    );
    const later = jobContext(honolulu);
    expect((await startScheduledAgreements(later.context, HONOLULU_MIDNIGHT)).started).toBe(1);
    expect((await getAgreement(honolulu.context, honoluluAgreement)).status).toBe('on_sale');
  });

  test('running again starts nothing twice', async () => {
    const id = await scheduled(tokyo, '2030-07-01');
    const at = Temporal.Instant.from('2030-07-01T00:00:00+09:00');
    expect((await startScheduledAgreements(jobContext(tokyo).context, at)).started).toBe(1);
    const version = (await getAgreement(tokyo.context, id)).version;
    expect((await startScheduledAgreements(jobContext(tokyo).context, at)).started).toBe(0);
    expect((await getAgreement(tokyo.context, id)).version).toBe(version);
    expect(await hasAgreementsDueToStart(db().database, tokyo.context.tenantId, at)).toBe(false);
  });

  test('a date the job missed (the server was down) is caught up, later dates wait', async () => {
    const missed = await scheduled(tokyo, '2030-08-01');
    const waiting = await scheduled(tokyo, '2030-08-10');
    const threeDaysLate = Temporal.Instant.from('2030-08-04T12:00:00+09:00');
    expect((await startScheduledAgreements(jobContext(tokyo).context, threeDaysLate)).started).toBe(1);
    expect((await getAgreement(tokyo.context, missed)).status).toBe('on_sale');
    expect((await getAgreement(tokyo.context, waiting)).status).toBe('scheduled');
  });

  test('through the job queue: the kind runs with the clock it was given and logs per agreement', async () => {
    const id = await scheduled(honolulu, '2030-09-01');
    const jobs = new JobService(db().database);
    jobs.define({
      kind: START_SCHEDULED_JOB,
      runnableByUsers: true,
      handler: startScheduledAgreementsHandler(() => Temporal.Instant.from('2030-09-01T08:00:00-10:00')),
    });
    services.push(jobs);
    await jobs.start({ work: true, pollingIntervalSeconds: 0.5 });
    const job = await jobs.enqueue(honolulu.context.tenantId, START_SCHEDULED_JOB, {});
    const done = await until('the job to finish', async () => {
      const current = await jobs.get(honolulu.context.tenantId, job.id);
      return current.status === 'completed' || current.status === 'failed' ? current : undefined;
    });
    expect(done.status).toBe('completed');
    expect(done.progress).toEqual({ done: 1, total: 1 });
    const agreement = await getAgreement(honolulu.context, id);
    expect(agreement.status).toBe('on_sale');
    expect(done.log.map((line) => line.code)).toEqual([
      'queued',
      'started',
      'agreements.due',
      'agreements.started',
      'completed',
    ]);
    expect(done.log.find((line) => line.code === 'agreements.started')?.params).toEqual({
      number: agreement.number,
      saleStartDate: '2030-09-01',
    });
  });
});
