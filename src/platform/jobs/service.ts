// Background work. pg-boss (on PostgreSQL, or on PGlite through a small adapter) queues and
// retries; the `jobs` table is what people see: status, progress, log, and a re-run button.
// A job whose process dies is retried by pg-boss after it expires, so handlers are written
// to resume: they skip work already done.
import { and, desc, eq, lt, ne, sql } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import PgBoss from 'pg-boss';
import type { Database } from '../db/database.js';
import { DomainError } from '../domain-error.js';
import { loggableError } from '../http/problem.js';
import { newId } from '../ids/id.js';
import { type Page, pageOf } from '../pagination.js';
import { type JobLogEntry, jobs } from './schema.js';

export type JobStatus = 'queued' | 'running' | 'completed' | 'failed';

export interface Job {
  id: string;
  kind: string;
  params: Record<string, unknown>;
  status: JobStatus;
  progress: { done: number; total: number };
  log: JobLogEntry[];
  error: string | null;
  attempts: number;
  rerunOf: string | null;
  createdBy: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface JobContext {
  database: Database;
  tenantId: string;
  jobId: string;
  params: Record<string, unknown>;
  /** 1 on the first run; higher when resuming after a crash. */
  attempt: number;
  setProgress(done: number, total: number): Promise<void>;
  /** A log line; `code` and `params` let the UI translate it (`jobs.log.<code>`). */
  log(
    message: string,
    options?: { level?: JobLogEntry['level']; code?: string; params?: Record<string, string | number> },
  ): Promise<void>;
}

export interface JobDefinition {
  kind: string;
  handler: (context: JobContext) => Promise<void>;
  /** Listed on the スケジュール済プロセス page for people to start. */
  runnableByUsers: boolean;
  /** How long one run may take before pg-boss considers its worker dead and retries. */
  expireInSeconds?: number;
}

const QUEUE = 'keiyaku-jobs';
const MAX_LOG_ENTRIES = 1000;

const toJob = (row: typeof jobs.$inferSelect): Job => ({
  id: row.id,
  kind: row.kind,
  params: row.params,
  status: row.status,
  progress: { done: row.progressDone, total: row.progressTotal },
  log: row.log,
  error: row.error,
  attempts: row.attempts,
  rerunOf: row.rerunOf,
  createdBy: row.createdBy,
  createdAt: row.createdAt.toISOString(),
  startedAt: row.startedAt?.toISOString() ?? null,
  finishedAt: row.finishedAt?.toISOString() ?? null,
});

interface QueuedJob {
  tenantId: string;
  jobId: string;
}

interface ScheduleDefinition {
  name: string;
  cron: string;
  timeZone: string;
  run: () => Promise<void>;
}

/** A check every worker makes when it starts and then every few seconds (finer than cron). */
interface SweepDefinition {
  name: string;
  everySeconds: number;
  run: () => Promise<void>;
}

export class JobService {
  private readonly definitions = new Map<string, JobDefinition>();
  private readonly schedules: ScheduleDefinition[] = [];
  private readonly sweeps: SweepDefinition[] = [];
  private sweepTimers: NodeJS.Timeout[] = [];
  private readonly sweepsInProgress = new Set<Promise<void>>();
  private boss: PgBoss | null = null;

  private logger: Pick<FastifyBaseLogger, 'error' | 'info'> = console;

  constructor(private readonly database: Database) {}

  /** Logs through the app's logger once the app exists. */
  useLogger(logger: Pick<FastifyBaseLogger, 'error' | 'info'>): void {
    this.logger = logger;
  }

  define(definition: JobDefinition): void {
    this.definitions.set(definition.kind, definition);
  }

  /** A recurring system task (e.g. enqueue the cleanup for every tenant each night). */
  defineSchedule(schedule: ScheduleDefinition): void {
    this.schedules.push(schedule);
  }

  /**
   * A sweep (e.g. finding work whose worker died and queueing it again): run once when the
   * worker starts and then every `everySeconds`, never twice at once in one process.
   */
  defineSweep(sweep: SweepDefinition): void {
    this.sweeps.push(sweep);
  }

  /** The schedules as the job queue holds them (name, cron, time zone), once started. */
  async registeredSchedules(): Promise<{ name: string; cron: string; timeZone: string | undefined }[]> {
    if (!this.boss) return [];
    return (await this.boss.getSchedules()).map((schedule) => ({
      name: schedule.name,
      cron: schedule.cron,
      timeZone: (schedule.options as { tz?: string } | undefined)?.tz,
    }));
  }

  /**
   * Runs a schedule's task now, as the queue does when its time comes: for tests. It does not
   * go through the queue, so it may run beside the queue's own run of the same task.
   */
  async runScheduleNow(name: string): Promise<void> {
    const schedule = this.schedules.find((candidate) => candidate.name === name);
    if (!schedule) throw new Error(`no schedule ${name}`);
    await schedule.run();
  }

  kinds(): string[] {
    return [...this.definitions.values()].filter((d) => d.runnableByUsers).map((d) => d.kind);
  }

  async start(options: {
    work: boolean;
    pollingIntervalSeconds?: number;
    /** How often pg-boss looks for expired jobs (of dead workers) to retry; default 120 s. */
    maintenanceIntervalSeconds?: number;
  }): Promise<void> {
    // pg-boss runs its SQL through our connection (a pool, or PGlite's one connection).
    const boss = new PgBoss({
      db: { executeSql: (text, values) => this.database.executeSql(text, values) },
      ...(options.maintenanceIntervalSeconds
        ? { maintenanceIntervalSeconds: options.maintenanceIntervalSeconds }
        : {}),
    });
    boss.on('error', (error) => this.logger.error({ err: error }, 'job queue error'));
    await boss.start();
    await boss.createQueue(QUEUE, { name: QUEUE, retryLimit: 3, retryDelay: 5, expireInSeconds: 15 * 60 });
    this.boss = boss;
    if (!options.work) return;
    await boss.work<QueuedJob>(
      QUEUE,
      { batchSize: 1, pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2 },
      async ([job]) => {
        if (job) await this.run(job.data);
      },
    );
    for (const schedule of this.schedules) {
      await boss.createQueue(schedule.name, { name: schedule.name, retryLimit: 1 });
      await boss.schedule(schedule.name, schedule.cron, {}, { tz: schedule.timeZone });
      await boss.work(schedule.name, { pollingIntervalSeconds: 30 }, async () => schedule.run());
    }
    for (const sweep of this.sweeps) this.startSweep(sweep);
  }

  private startSweep(sweep: SweepDefinition): void {
    let running = false;
    const tick = () => {
      if (running || !this.boss) return;
      running = true;
      const done = sweep
        .run()
        .catch((error: unknown) => this.logger.error({ err: error, sweep: sweep.name }, 'sweep failed'))
        .finally(() => {
          running = false;
          this.sweepsInProgress.delete(done);
        });
      this.sweepsInProgress.add(done);
    };
    tick();
    const timer = setInterval(tick, sweep.everySeconds * 1000);
    timer.unref();
    this.sweepTimers.push(timer);
  }

  /**
   * Waits for the job in progress to finish (or the timeout) so nothing is cut mid-step.
   * `graceful: false` abandons it as a killed process would; pg-boss retries it once expired.
   */
  async stop(timeoutMs = 20_000, options: { graceful?: boolean } = {}): Promise<void> {
    const boss = this.boss;
    this.boss = null;
    for (const timer of this.sweepTimers) clearInterval(timer);
    this.sweepTimers = [];
    await Promise.allSettled([...this.sweepsInProgress]);
    if (boss) await boss.stop({ graceful: options.graceful ?? true, timeout: timeoutMs, wait: true });
  }

  async enqueue(
    tenantId: string,
    kind: string,
    params: Record<string, unknown>,
    options: { createdBy?: string | null; rerunOf?: string | null } = {},
  ): Promise<Job> {
    const definition = this.definitions.get(kind);
    if (!definition) throw new DomainError('unknown_job_kind');
    if (!this.boss) throw new DomainError('service_unavailable');
    const id = newId();
    const [row] = await this.database.inTenant(tenantId, (tx) =>
      tx
        .insert(jobs)
        .values({
          tenantId,
          id,
          kind,
          params,
          createdBy: options.createdBy ?? null,
          rerunOf: options.rerunOf ?? null,
          log: [{ at: new Date().toISOString(), level: 'info', message: 'queued', code: 'queued' }],
        })
        .returning(),
    );
    if (!row) throw new Error('job insert returned no row');
    await this.boss.send(QUEUE, { tenantId, jobId: id } satisfies QueuedJob, {
      expireInSeconds: definition.expireInSeconds ?? 15 * 60,
    });
    return toJob(row);
  }

  /**
   * Queues an existing job again, for a job whose worker died (it stays `running` until its
   * pg-boss job expires): the next free worker runs it as a resumed attempt. Its handler
   * must resume (skip the work already done); a late delivery of the original finds it
   * completed and does nothing.
   */
  async requeue(tenantId: string, jobId: string): Promise<void> {
    if (!this.boss) throw new DomainError('service_unavailable');
    const job = await this.get(tenantId, jobId);
    const definition = this.definitions.get(job.kind);
    await this.boss.send(QUEUE, { tenantId, jobId } satisfies QueuedJob, {
      expireInSeconds: definition?.expireInSeconds ?? 15 * 60,
    });
  }

  async rerun(tenantId: string, jobId: string, createdBy: string | null): Promise<Job> {
    const original = await this.get(tenantId, jobId);
    if (!this.definitions.get(original.kind)?.runnableByUsers) throw new DomainError('unknown_job_kind');
    return this.enqueue(tenantId, original.kind, original.params, { createdBy, rerunOf: original.id });
  }

  async get(tenantId: string, jobId: string): Promise<Job> {
    const [row] = await this.database.inTenant(tenantId, (tx) =>
      tx
        .select()
        .from(jobs)
        .where(and(eq(jobs.tenantId, tenantId), eq(jobs.id, jobId))),
    );
    if (!row) throw new DomainError('not_found');
    return toJob(row);
  }

  async list(
    tenantId: string,
    query: { status?: JobStatus | undefined; limit: number; cursor?: string | undefined },
  ): Promise<Page<Job>> {
    return this.database.inTenant(tenantId, async (tx) => {
      const rows = await tx
        .select()
        .from(jobs)
        .where(
          and(
            eq(jobs.tenantId, tenantId),
            and(
              query.status ? eq(jobs.status, query.status) : undefined,
              query.cursor ? lt(jobs.id, query.cursor) : undefined,
            ),
          ),
        )
        .orderBy(desc(jobs.id))
        .limit(query.limit + 1);
      return pageOf(rows, query.limit, toJob);
    });
  }

  private async appendLog(
    tenantId: string,
    jobId: string,
    entry: JobLogEntry,
    set: Partial<typeof jobs.$inferInsert> = {},
  ) {
    await this.database.inTenant(tenantId, (tx) =>
      tx
        .update(jobs)
        .set({
          ...set,
          log: sql`case when jsonb_array_length(${jobs.log}) >= ${MAX_LOG_ENTRIES} then ${jobs.log}
                   else ${jobs.log} || ${JSON.stringify([entry])}::jsonb end`,
        })
        .where(and(eq(jobs.tenantId, tenantId), eq(jobs.id, jobId))),
    );
  }

  /** Runs one queued job: marks it running, calls its handler, records the outcome. */
  private async run({ tenantId, jobId }: QueuedJob): Promise<void> {
    const [row] = await this.database.inTenant(tenantId, (tx) =>
      tx
        .update(jobs)
        .set({ status: 'running', startedAt: new Date(), attempts: sql`${jobs.attempts} + 1`, error: null })
        // A job delivered again after it finished (pg-boss delivers at least once) stays as it is.
        .where(and(eq(jobs.tenantId, tenantId), eq(jobs.id, jobId), ne(jobs.status, 'completed')))
        .returning(),
    );
    if (!row) return;
    const definition = this.definitions.get(row.kind);
    const at = () => new Date().toISOString();
    if (!definition) {
      await this.appendLog(
        tenantId,
        jobId,
        {
          at: at(),
          level: 'error',
          message: `unknown kind ${row.kind}`,
          code: 'unknown_kind',
          params: { kind: row.kind },
        },
        {
          status: 'failed',
          finishedAt: new Date(),
          error: 'unknown job kind',
        },
      );
      return;
    }
    await this.appendLog(tenantId, jobId, {
      at: at(),
      level: 'info',
      message: row.attempts > 1 ? `resumed (attempt ${row.attempts})` : 'started',
      code: row.attempts > 1 ? 'resumed' : 'started',
      params: { attempt: row.attempts },
    });
    const context: JobContext = {
      database: this.database,
      tenantId,
      jobId,
      params: row.params,
      attempt: row.attempts,
      setProgress: async (done, total) => {
        await this.database.inTenant(tenantId, (tx) =>
          tx
            .update(jobs)
            .set({ progressDone: done, progressTotal: total })
            .where(and(eq(jobs.tenantId, tenantId), eq(jobs.id, jobId))),
        );
      },
      log: (message, options = {}) =>
        this.appendLog(tenantId, jobId, {
          at: at(),
          level: options.level ?? 'info',
          message,
          ...(options.code ? { code: options.code } : {}),
          ...(options.params ? { params: options.params } : {}),
        }),
    };
    try {
      await definition.handler(context);
      await this.appendLog(
        tenantId,
        jobId,
        { at: at(), level: 'info', message: 'completed', code: 'completed' },
        {
          status: 'completed',
          finishedAt: new Date(),
        },
      );
    } catch (error) {
      // People see a rule's message; anything else stays in the operators' log (it may hold SQL).
      const message =
        error instanceof DomainError
          ? (error.detailOverride?.en ?? error.message)
          : 'unexpected error (see the server log)';
      this.logger.error({ error: loggableError(error), jobId, kind: row.kind }, 'job failed');
      await this.appendLog(
        tenantId,
        jobId,
        { at: at(), level: 'error', message, code: 'failed', params: { error: message } },
        {
          status: 'failed',
          finishedAt: new Date(),
          error: message,
        },
      );
    }
  }
}
