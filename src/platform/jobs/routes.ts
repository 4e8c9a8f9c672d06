// スケジュール済プロセス: list jobs, follow one live (server-sent events), start and re-run.
import Type from 'typebox';
import type { Database } from '../db/database.js';
import { DomainError } from '../domain-error.js';
import {
  IdParams,
  Instant,
  itemsOfSchema,
  Nullable,
  PageQuery,
  pageOfSchema,
  tenantContextOf,
} from '../http/schemas.js';
import type { App } from '../http/types.js';
import { decodeCursor } from '../pagination.js';
import type { Job, JobService } from './service.js';

const JobStatus = Type.Union([
  Type.Literal('queued'),
  Type.Literal('running'),
  Type.Literal('completed'),
  Type.Literal('failed'),
]);

export const JobSchema = Type.Object(
  {
    id: Type.String(),
    kind: Type.String(),
    params: Type.Record(Type.String(), Type.Unknown()),
    status: JobStatus,
    progress: Type.Object({ done: Type.Integer(), total: Type.Integer() }),
    log: Type.Array(
      Type.Object({
        at: Instant,
        level: Type.Union([Type.Literal('info'), Type.Literal('warn'), Type.Literal('error')]),
        message: Type.String(),
        code: Type.Optional(Type.String()),
        params: Type.Optional(Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()]))),
      }),
    ),
    error: Nullable(Type.String()),
    attempts: Type.Integer(),
    rerunOf: Nullable(Type.String()),
    createdBy: Nullable(Type.String()),
    createdAt: Instant,
    startedAt: Nullable(Instant),
    finishedAt: Nullable(Instant),
  },
  { $id: 'Job' },
);

const POLL_MS = 500;
const isFinished = (job: Job) => job.status === 'completed' || job.status === 'failed';

export function jobRoutes(database: Database, jobService: JobService) {
  return async (app: App) => {
    app.get(
      '/jobs',
      {
        config: { access: 'jobs.read' },
        schema: {
          tags: ['jobs'],
          summary: 'Jobs (scheduled processes), newest first',
          querystring: Type.Object(
            { status: Type.Optional(JobStatus), ...PageQuery },
            { additionalProperties: false },
          ),
          response: { 200: pageOfSchema(JobSchema) },
        },
      },
      async (request) =>
        jobService.list(tenantContextOf(request, database).tenantId, {
          status: request.query.status,
          limit: request.query.limit ?? 50,
          cursor: decodeCursor(request.query.cursor),
        }),
    );

    app.get(
      '/job-kinds',
      {
        config: { access: 'jobs.read' },
        schema: {
          tags: ['jobs'],
          summary: 'Processes people may start',
          response: { 200: itemsOfSchema(Type.Object({ kind: Type.String() })) },
        },
      },
      async () => ({ items: jobService.kinds().map((kind) => ({ kind })) }),
    );

    app.post(
      '/jobs',
      {
        config: { access: 'jobs.run' },
        schema: {
          tags: ['jobs'],
          summary: 'Start a process now',
          body: Type.Object(
            {
              kind: Type.String({ minLength: 1, maxLength: 100 }),
              // Flat parameters only: nothing a job needs is nested, and deep nesting is a DoS.
              params: Type.Optional(
                Type.Record(
                  Type.String({ maxLength: 64 }),
                  Type.Union([Type.String({ maxLength: 500 }), Type.Number(), Type.Boolean(), Type.Null()]),
                  { maxProperties: 20 },
                ),
              ),
            },
            { additionalProperties: false },
          ),
          response: { 202: JobSchema },
        },
      },
      async (request, reply) => {
        const context = tenantContextOf(request, database);
        if (!jobService.kinds().includes(request.body.kind)) {
          throw new DomainError('unknown_job_kind');
        }
        const job = await jobService.enqueue(context.tenantId, request.body.kind, request.body.params ?? {}, {
          createdBy: context.actor.id,
        });
        return reply.code(202).send(job);
      },
    );

    app.get(
      '/jobs/:id',
      {
        config: { access: 'jobs.read' },
        schema: {
          tags: ['jobs'],
          summary: 'A job with its progress and log',
          params: IdParams,
          response: { 200: JobSchema },
        },
      },
      async (request) => jobService.get(tenantContextOf(request, database).tenantId, request.params.id),
    );

    app.post(
      '/jobs/:id/rerun',
      {
        config: { access: 'jobs.run' },
        schema: {
          tags: ['jobs'],
          summary: 'Run a job again with the same parameters',
          params: IdParams,
          response: { 202: JobSchema },
        },
      },
      async (request, reply) => {
        const context = tenantContextOf(request, database);
        const job = await jobService.rerun(context.tenantId, request.params.id, context.actor.id);
        return reply.code(202).send(job);
      },
    );

    app.get(
      '/jobs/:id/events',
      {
        config: { access: 'jobs.read' },
        schema: {
          tags: ['jobs'],
          summary: 'Server-sent events: event `job` with the job each time it changes, until it ends',
          params: IdParams,
          produces: ['text/event-stream'],
        },
      },
      async (request, reply) => {
        const tenantId = tenantContextOf(request, database).tenantId;
        let job = await jobService.get(tenantId, request.params.id);
        reply.hijack();
        const raw = reply.raw;
        raw.writeHead(200, {
          'content-type': 'text/event-stream; charset=utf-8',
          'cache-control': 'no-cache, no-transform',
          connection: 'keep-alive',
          'x-accel-buffering': 'no',
        });
        let closed = false;
        request.raw.on('close', () => {
          closed = true;
        });
        let last = '';
        const send = (current: Job) => {
          const data = JSON.stringify(current);
          if (data === last) return;
          last = data;
          raw.write(`event: job\ndata: ${data}\n\n`);
        };
        send(job);
        while (!closed && !isFinished(job)) {
          await new Promise((resolve) => setTimeout(resolve, POLL_MS));
          if (closed) break;
          try {
            job = await jobService.get(tenantId, job.id);
          } catch {
            break;
          }
          send(job);
        }
        raw.end();
      },
    );
  };
}
