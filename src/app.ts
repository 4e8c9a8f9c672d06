// The composition root: wires the platform and the modules into one app. The only file
// that knows every module.
import type { Config } from './config.js';
import {
  agreementRoutes,
  hasAgreementsDueToStart,
  START_SCHEDULED_JOB,
  startScheduledAgreementsHandler,
} from './modules/agreements/index.js';
import { attributeDefinitionRoutes } from './modules/attributes/index.js';
import {
  BILLING_RUN_JOB,
  billedMonthsRoutes,
  billingOverviewRoutes,
  billingRoutes,
  billingRunHandler,
  hasInvoicesToMarkOverdue,
  invoiceActionRoutes,
  invoiceExportRoutes,
  invoicePdfRoutes,
  MARK_OVERDUE_JOB,
  markOverdueHandler,
  paymentRoutes,
  resumeStalledRuns,
  startScheduledRun,
} from './modules/billing/index.js';
import { catalogRoutes } from './modules/catalog/index.js';
import { customerExportRoutes, customerRoutes, customers } from './modules/customers/index.js';
import {
  adminRoutes,
  authRoutes,
  type IdentityDeps,
  identityAuthenticator,
  portalUserRoutes,
  purgeExpiredCredentials,
} from './modules/identity/index.js';
import {
  lineItems,
  orderImportRoutes,
  orderItems,
  orderingExportRoutes,
  orderingRoutes,
} from './modules/ordering/index.js';
import { auditRoutes } from './platform/audit/routes.js';
import { BackgroundTasks } from './platform/background.js';
import type { Database } from './platform/db/database.js';
import { buildHttpApp } from './platform/http/app.js';
import { purgeExpiredKeys } from './platform/http/idempotency.js';
import type { App, RouteRecord } from './platform/http/types.js';
import { jobRoutes } from './platform/jobs/routes.js';
import { JobService } from './platform/jobs/service.js';
import { createMailer, type Mailer, purgeOldOutbox } from './platform/mail/mailer.js';
import { mailRoutes } from './platform/mail/routes.js';
import { listTenantIds } from './platform/tenancy/service.js';

export const VERSION = '0.1.0';

export interface Keiyaku {
  /** Work requests started without waiting; shutdown and tests wait for it. */
  background: BackgroundTasks;
  app: App & { routeTable: RouteRecord[] };
  database: Database;
  jobs: JobService;
  mailer: Mailer;
}

export async function createKeiyaku(
  config: Config,
  database: Database,
  options: { mailer?: Mailer; serveWeb?: boolean; logStream?: { write(line: string): void } } = {},
): Promise<Keiyaku> {
  const mailer = options.mailer ?? createMailer({ database, smtpUrl: config.smtpUrl, from: config.mailFrom });
  const background = new BackgroundTasks();
  const identity: IdentityDeps = {
    background,
    database,
    mailer,
    publicUrl: config.publicUrl,
    sessionTtlHours: config.sessionTtlHours,
  };
  const jobs = defineJobs(new JobService(database), identity, config);
  const app = await buildHttpApp({
    database,
    authenticator: identityAuthenticator(identity),
    logLevel: config.logLevel,
    bodyLimitBytes: config.bodyLimitBytes,
    cookieSecure: config.cookieSecure,
    trustProxy: config.trustProxy,
    serveWeb: options.serveWeb ?? true,
    logStream: options.logStream,
    version: VERSION,
    routes: [
      authRoutes(identity, {
        cookieSecure: config.cookieSecure,
        loginRateLimitPerMinute: config.loginRateLimitPerMinute,
        defaultTenant: config.defaultTenant,
      }),
      adminRoutes(identity),
      portalUserRoutes(identity),
      auditRoutes(database),
      mailRoutes(database),
      jobRoutes(database, jobs),
      agreementRoutes(database),
      customerRoutes(database),
      customerExportRoutes(database),
      attributeDefinitionRoutes({
        database,
        // Where custom attribute values live: a definition's type is locked once one exists.
        valueStores: [
          {
            entity: 'customer',
            table: customers,
            tenantId: customers.tenantId,
            attributes: customers.attributes,
          },
          {
            entity: 'product',
            table: orderItems,
            tenantId: orderItems.tenantId,
            attributes: orderItems.attributes,
          },
          {
            entity: 'product',
            table: lineItems,
            tenantId: lineItems.tenantId,
            attributes: lineItems.attributes,
          },
        ],
      }),
      catalogRoutes(database),
      orderingRoutes(database),
      orderImportRoutes(database),
      orderingExportRoutes(database),
      billingRoutes(database, jobs),
      invoiceActionRoutes(database),
      paymentRoutes(database),
      billingOverviewRoutes(database),
      billedMonthsRoutes(database),
      invoiceExportRoutes(database),
      invoicePdfRoutes(database),
    ],
  });
  jobs.useLogger(app.log);
  identity.onMailError = (error) => app.log.error({ err: error }, 'mail could not be sent');
  return { app, background, database, jobs, mailer };
}

function defineJobs(jobs: JobService, identity: IdentityDeps, config: Config): JobService {
  jobs.define({
    kind: 'maintenance.cleanup',
    runnableByUsers: true,
    async handler(context) {
      const now = new Date();
      const steps: [string, string, () => Promise<number>][] = [
        [
          'credentials',
          'expired sessions and reset tokens',
          () => purgeExpiredCredentials(identity, context.tenantId, now),
        ],
        [
          'idempotency_keys',
          'expired idempotency keys',
          () => purgeExpiredKeys(context.database, context.tenantId, now),
        ],
        [
          'outbox',
          'dev outbox mail older than 30 days',
          () => purgeOldOutbox(context.database, context.tenantId, now),
        ],
      ];
      await context.setProgress(0, steps.length);
      for (const [index, [what, label, step]] of steps.entries()) {
        const removed = await step();
        await context.log(`${label}: ${removed} removed`, {
          code: `cleanup.${what}`,
          params: { count: removed },
        });
        await context.setProgress(index + 1, steps.length);
      }
    },
  });
  // Every night, the cleanup for every tenant.
  jobs.defineSchedule({
    name: 'keiyaku-nightly-cleanup',
    cron: '15 3 * * *',
    timeZone: 'Asia/Tokyo',
    run: async () => {
      for (const tenantId of await listTenantIds(identity.database)) {
        await jobs.enqueue(tenantId, 'maintenance.cleanup', {});
      }
    },
  });
  // A billing run's batches; the run (not the job) is what people start, from 請求管理.
  jobs.define({
    kind: BILLING_RUN_JOB,
    runnableByUsers: false,
    expireInSeconds: 60 * 60,
    handler: billingRunHandler(),
  });
  // A run whose worker died is queued again once its heartbeat is older than the limit.
  jobs.defineSweep({
    name: 'billing-run-resume',
    everySeconds: Math.max(1, Math.ceil(config.billingResumeAfterSeconds / 4)),
    run: async () => {
      await resumeStalledRuns(identity.database, jobs, config.billingResumeAfterSeconds);
    },
  });
  // The monthly run at 00:30 on the 1st in each tenant's own time zone: checked every hour.
  jobs.defineSchedule({
    name: 'keiyaku-billing-monthly',
    cron: '30 * * * *',
    timeZone: 'UTC',
    run: async () => {
      for (const tenantId of await listTenantIds(identity.database)) {
        await startScheduledRun(identity.database, tenantId, jobs);
      }
    },
  });
  // Invoices past their due date turn overdue on the tenant's local date: checked hourly
  // (UTC, minute 10), a job only where an invoice is due to be marked.
  jobs.define({
    kind: MARK_OVERDUE_JOB,
    runnableByUsers: true,
    handler: markOverdueHandler(),
  });
  jobs.defineSchedule({
    name: 'keiyaku-billing-overdue',
    cron: '10 * * * *',
    timeZone: 'UTC',
    run: async () => {
      for (const tenantId of await listTenantIds(identity.database)) {
        if (await hasInvoicesToMarkOverdue(identity.database, tenantId)) {
          await jobs.enqueue(tenantId, MARK_OVERDUE_JOB, {});
        }
      }
    },
  });
  // Scheduled master agreements go on sale when their date comes in the tenant's time zone.
  // Tenants have their own zones, so the check runs every hour (UTC, minute 5) and a job is
  // enqueued only for tenants with an agreement due on their local date (docs/operations.md).
  jobs.define({
    kind: START_SCHEDULED_JOB,
    runnableByUsers: true,
    handler: startScheduledAgreementsHandler(),
  });
  jobs.defineSchedule({
    name: 'keiyaku-agreements-start-scheduled',
    cron: '5 * * * *',
    timeZone: 'UTC',
    run: async () => {
      for (const tenantId of await listTenantIds(identity.database)) {
        if (await hasAgreementsDueToStart(identity.database, tenantId)) {
          await jobs.enqueue(tenantId, START_SCHEDULED_JOB, {});
        }
      }
    },
  });
  return jobs;
}
