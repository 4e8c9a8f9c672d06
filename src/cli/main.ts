// The `keiyaku` command: tenant and user administration, migrations, and a tenant's backup
// and restore, on the same database the server uses (DATABASE_URL, or the embedded data
// directory).
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { createTenantWithAdmin, createUser } from '../modules/identity/index.js';
import { BackgroundTasks } from '../platform/background.js';
import { backupTenant, restoreTenant } from '../platform/backup/tenant-backup.js';
import { openDatabase } from '../platform/db/database.js';
import { DomainError } from '../platform/domain-error.js';
import { createMailer } from '../platform/mail/mailer.js';
import { findTenantBySlug } from '../platform/tenancy/service.js';

const USAGE = `Usage:
  keiyaku tenant create --slug S --name N --admin-email E --admin-password P [--time-zone Asia/Tokyo]
  keiyaku user create --tenant S --email E --name N --roles admin,billing [--password P]
  keiyaku migrate
  keiyaku backup --tenant S --out FILE      (one tenant's rows, gzip)
  keiyaku restore --in FILE                 (into a database without that tenant)

The database is DATABASE_URL, or the embedded PGlite under DATA_DIR (default ./data).`;

function required(values: Record<string, string | boolean | undefined>, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value === '') throw new UsageError(`--${name} is required`);
  return value;
}

class UsageError extends Error {}

async function run(argv: string[]): Promise<unknown> {
  const [noun, verb, ...rest] = argv;
  const config = loadConfig();
  const command = noun === 'backup' || noun === 'restore' || !verb ? noun : `${noun} ${verb}`;
  if (command === 'migrate') {
    const database = await openDatabase(config);
    try {
      await database.migrate();
      return { migrated: true };
    } finally {
      await database.close();
    }
  }
  if (command === 'tenant create') {
    const { values } = parseArgs({
      args: rest,
      options: {
        slug: { type: 'string' },
        name: { type: 'string' },
        'admin-email': { type: 'string' },
        'admin-password': { type: 'string' },
        'admin-name': { type: 'string' },
        'time-zone': { type: 'string' },
      },
      strict: true,
    });
    const input = {
      slug: required(values, 'slug'),
      name: required(values, 'name'),
      adminEmail: required(values, 'admin-email'),
      adminPassword: required(values, 'admin-password'),
      ...(values['admin-name'] ? { adminName: values['admin-name'] } : {}),
      ...(values['time-zone'] ? { timeZone: values['time-zone'] } : {}),
    };
    const database = await openDatabase(config);
    try {
      await database.migrate();
      const created = await createTenantWithAdmin(database, input);
      return { id: created.tenantId, slug: values.slug, adminUserId: created.adminUserId };
    } finally {
      await database.close();
    }
  }
  if (command === 'user create') {
    const { values } = parseArgs({
      args: rest,
      options: {
        tenant: { type: 'string' },
        email: { type: 'string' },
        name: { type: 'string' },
        roles: { type: 'string' },
        password: { type: 'string' },
      },
      strict: true,
    });
    const input = {
      email: required(values, 'email'),
      name: required(values, 'name'),
      roles: (values.roles ?? '')
        .split(',')
        .map((role) => role.trim())
        .filter(Boolean),
      ...(values.password ? { password: values.password } : {}),
    };
    const slug = required(values, 'tenant');
    const database = await openDatabase(config);
    try {
      await database.migrate();
      const tenant = await findTenantBySlug(database, slug);
      if (!tenant) throw new UsageError(`tenant "${values.tenant}" does not exist`);
      const mailer = createMailer({ database, smtpUrl: config.smtpUrl, from: config.mailFrom });
      const user = await createUser(
        {
          database,
          mailer,
          publicUrl: config.publicUrl,
          sessionTtlHours: config.sessionTtlHours,
          background: new BackgroundTasks(),
        },
        { database, tenantId: tenant.id, actor: { id: null, name: 'cli' }, locale: 'en' },
        input,
      );
      mailer.close();
      return user;
    } finally {
      await database.close();
    }
  }
  if (command === 'backup' || command === 'restore') {
    const { values } = parseArgs({
      args: argv.slice(1),
      options: { tenant: { type: 'string' }, out: { type: 'string' }, in: { type: 'string' } },
      strict: true,
    });
    if (command === 'backup') {
      const slug = required(values, 'tenant');
      const file = required(values, 'out');
      if (fs.existsSync(file)) throw new UsageError(`${file} exists: choose another --out`);
      // Written beside the target, readable by its owner only (it holds password hashes and
      // customer data), and named as the target only once whole.
      const partial = `${file}.partial`;
      const database = await openDatabase(config);
      try {
        const summary = await backupTenant(
          database,
          slug,
          fs.createWriteStream(partial, { mode: 0o600, flags: 'wx' }),
        );
        fs.renameSync(partial, file);
        return { ...summary, file };
      } catch (error) {
        fs.rmSync(partial, { force: true });
        if (error instanceof DomainError && error.code === 'not_found')
          throw new UsageError(`tenant "${slug}" does not exist`);
        throw error;
      } finally {
        await database.close();
      }
    }
    const file = required(values, 'in');
    if (!fs.existsSync(file)) throw new UsageError(`${file} does not exist`);
    const database = await openDatabase(config);
    try {
      // A restore may go to a new server: its schema is made first.
      await database.migrate();
      return { ...(await restoreTenant(database, fs.createReadStream(file))), file };
    } finally {
      await database.close();
    }
  }
  throw new UsageError(argv.length === 0 ? 'no command given' : `unknown command: ${argv.join(' ')}`);
}

run(process.argv.slice(2)).then(
  (result) => {
    process.stdout.write(`${JSON.stringify(result)}\n`);
  },
  (error: unknown) => {
    if (error instanceof UsageError || (error instanceof TypeError && 'code' in error)) {
      process.stderr.write(`${error.message}\n\n${USAGE}\n`);
      process.exitCode = 2;
    } else if (error instanceof DomainError) {
      process.stderr.write(
        `${JSON.stringify({ error: error.code, message: error.message, errors: error.errors })}\n`,
      );
      process.exitCode = 1;
    } else {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    }
  },
);
