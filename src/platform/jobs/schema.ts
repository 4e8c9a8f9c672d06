// Job records (スケジュール済プロセス): what people see of background work. pg-boss queues the
// work; this table holds status, progress and log per tenant.
import {
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { tenantColumns } from '../db/columns.js';
import { tenants } from '../tenancy/schema.js';

export interface JobLogEntry {
  at: string;
  level: 'info' | 'warn' | 'error';
  /** Plain text (English), for logs and API clients. */
  message: string;
  /** For the UI to say it in the reader's language: `jobs.log.<code>` with params. */
  code?: string;
  params?: Record<string, string | number>;
}

export const jobs = pgTable(
  'jobs',
  {
    ...tenantColumns,
    kind: text('kind').notNull(),
    params: jsonb('params').$type<Record<string, unknown>>().notNull().default({}),
    status: text('status', { enum: ['queued', 'running', 'completed', 'failed'] })
      .notNull()
      .default('queued'),
    progressDone: integer('progress_done').notNull().default(0),
    progressTotal: integer('progress_total').notNull().default(0),
    log: jsonb('log').$type<JobLogEntry[]>().notNull().default([]),
    error: text('error'),
    attempts: integer('attempts').notNull().default(0),
    /** The job this one re-runs, when started with 再実行. */
    rerunOf: uuid('rerun_of'),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    startedAt: timestamp('started_at', { withTimezone: true, mode: 'date' }),
    finishedAt: timestamp('finished_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId], foreignColumns: [tenants.id] }),
    index('jobs_created_idx').on(t.tenantId, t.id),
  ],
);
