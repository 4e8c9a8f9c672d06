// Start: read config, open the database, migrate, seed the demo tenant when asked, build
// the app, listen, start the job worker; stop gracefully on SIGTERM / SIGINT.
import { createKeiyaku } from './app.js';
import { loadConfig } from './config.js';
import { DEMO_TENANT, seedDemoTenant } from './modules/identity/index.js';
import { openDatabase } from './platform/db/database.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const database = await openDatabase(config);
  await database.migrate();
  const keiyaku = await createKeiyaku(config, database);
  const { app, jobs } = keiyaku;
  if (config.seedDemo) {
    const { created } = await seedDemoTenant(database);
    if (created) app.log.info({ tenant: DEMO_TENANT.slug }, 'demo tenant created');
  }
  await jobs.start({ work: config.jobsEnabled });
  await app.listen({ port: config.port, host: config.host });

  const where = config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `embedded PGlite in ${config.dataDir}`;
  const lines = [
    '',
    `  Keiyaku is running: ${config.publicUrl}  (database: ${where})`,
    ...(config.seedDemo
      ? [
          `  Log in with 会社ID "${DEMO_TENANT.slug}", ${DEMO_TENANT.adminEmail} / ${DEMO_TENANT.adminPassword}`,
        ]
      : []),
    `  API reference: ${config.publicUrl}/api/docs`,
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down: finishing requests and jobs in progress');
    // Long-lived streams (server-sent events) must not hold the shutdown forever.
    const force = setTimeout(() => app.server.closeAllConnections(), 10_000);
    force.unref();
    // A keep-alive connection whose request finishes after close began would otherwise stay
    // open (and hold the shutdown) until the force timeout: close each as soon as it is idle.
    const closeIdle = setInterval(() => app.server.closeIdleConnections(), 100);
    closeIdle.unref();
    try {
      await app.close();
      await keiyaku.background.settled();
      await jobs.stop();
      keiyaku.mailer.close();
      await database.close();
    } finally {
      clearTimeout(force);
      clearInterval(closeIdle);
      process.exit(0);
    }
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(
    `Keiyaku failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
