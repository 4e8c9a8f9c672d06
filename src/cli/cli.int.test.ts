// The `keiyaku` command (issue 3 item 4, api.md "Start-up and tenants"), run as people run
// it: `node bin/keiyaku.js ...` with DATABASE_URL, reading its stdout, stderr and exit code.
import { execFile } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { createKeiyaku, type Keiyaku } from '../app.js';
import { loadConfig } from '../config.js';
import { projectRoot } from '../platform/db/database.js';
import { createTestDatabase, type TestDatabase } from '../test/database.js';
import {
  connectAdmin,
  createDatabase,
  databaseUrl,
  dropDatabase,
  harnessDatabaseName,
} from '../test/postgres-server.js';

// Each run of the command starts Node.js and compiles the CLI from source (3-5 s, more on a
// busy machine); the tests that run several take longer than vitest's default 30 s allows.
vi.setConfig({ testTimeout: 90_000 });

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function keiyaku(args: string[], env: Record<string, string>): Promise<Run> {
  // The source under test, not a dist/ that an earlier build left behind.
  const childEnv: NodeJS.ProcessEnv = { ...process.env, KEIYAKU_CLI_FROM_SOURCE: '1', ...env };
  for (const name of ['SMTP_URL', 'DATA_DIR', 'PUBLIC_URL']) if (!(name in env)) delete childEnv[name];
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['bin/keiyaku.js', ...args],
      { cwd: projectRoot(), env: childEnv, timeout: 30_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

let testDatabase: TestDatabase;
let app: Keiyaku;
let env: Record<string, string>;

beforeAll(async () => {
  testDatabase = await createTestDatabase({ max: 3 });
  env = { DATABASE_URL: testDatabase.url };
  app = await createKeiyaku({ ...loadConfig({}), logLevel: 'silent' }, testDatabase.database, {
    serveWeb: false,
  });
  await app.app.ready();
}, 60_000);

afterAll(async () => {
  await app?.app.close();
  await testDatabase?.drop();
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

async function login(tenant: string, email: string, password: string) {
  return app.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { tenant, email, password } });
}

describe('keiyaku tenant create', () => {
  test('creates a tenant with its admin, prints its id as JSON and exits 0; the admin can log in', async () => {
    const run = await keiyaku(
      [
        'tenant',
        'create',
        '--slug',
        'cli-corp',
        '--name',
        'CLI 商事株式会社',
        '--admin-email',
        'Owner@CLI-Corp.example',
        '--admin-password',
        'cli-admin-password-1',
      ],
      env,
    );
    expect(run.code, run.stderr).toBe(0);
    const printed = JSON.parse(run.stdout.trim()) as { id: string; slug: string };
    expect(printed.id).toMatch(UUID);
    expect(printed.slug).toBe('cli-corp');

    const response = await login('cli-corp', 'owner@cli-corp.example', 'cli-admin-password-1');
    expect(response.statusCode).toBe(200);
    const me = response.json();
    expect(me.tenant).toEqual({
      id: printed.id,
      slug: 'cli-corp',
      timeZone: 'Asia/Tokyo',
      name: 'CLI 商事株式会社',
    });
    expect(me.roles).toEqual(['admin']);
    const cookie = response.cookies.find((c) => c.name === 'keiyaku_session')!;
    const tenant = await app.app.inject({
      method: 'GET',
      url: '/api/v1/tenant',
      headers: { cookie: `${cookie.name}=${cookie.value}` },
    });
    expect(tenant.json()).toMatchObject({ timeZone: 'Asia/Tokyo', currency: 'JPY' });
  });

  test('a slug that is taken exits 1 with tenant_slug_taken and changes nothing', async () => {
    const args = (name: string) => [
      'tenant',
      'create',
      '--slug',
      'twice-corp',
      '--name',
      name,
      '--admin-email',
      'admin@twice.example',
      '--admin-password',
      'twice-password-12',
    ];
    expect((await keiyaku(args('一回目'), env)).code).toBe(0);
    const again = await keiyaku(args('二回目'), env);
    expect(again.code).toBe(1);
    expect(again.stdout).toBe('');
    expect(JSON.parse(again.stderr.trim())).toMatchObject({ error: 'tenant_slug_taken' });
    const { rows } = await testDatabase.database.executeSql(
      "select name from tenants where slug = 'twice-corp'",
    );
    expect(rows).toEqual([{ name: '一回目' }]);
  });

  test('missing or unknown flags exit 2 with the usage; a weak password or bad slug exits 1', async () => {
    // Independent runs, started together.
    const [missing, unknown, nothing, weak, badSlug] = await Promise.all([
      keiyaku(['tenant', 'create', '--slug', 'half-corp', '--name', '半分'], env),
      keiyaku(['tenant', 'create', '--slug', 'x-corp', '--colour', 'blue'], env),
      keiyaku([], env),
      keiyaku(
        [
          'tenant',
          'create',
          '--slug',
          'weak-corp',
          '--name',
          'W',
          '--admin-email',
          'a@w.example',
          '--admin-password',
          'short',
        ],
        env,
      ),
      keiyaku(
        [
          'tenant',
          'create',
          '--slug',
          'Bad Slug',
          '--name',
          'B',
          '--admin-email',
          'a@b.example',
          '--admin-password',
          'long-enough-pass-1',
        ],
        env,
      ),
    ]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--admin-email is required');
    expect(missing.stderr).toContain('Usage:');
    expect(missing.stderr).toContain(
      'keiyaku tenant create --slug S --name N --admin-email E --admin-password P',
    );
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Usage:');
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toContain('Usage:');
    expect(weak.code).toBe(1);
    expect(JSON.parse(weak.stderr.trim())).toMatchObject({ error: 'password_too_weak' });
    expect(badSlug.code).toBe(1);
    expect(JSON.parse(badSlug.stderr.trim())).toMatchObject({ error: 'validation_failed' });

    const { rows } = await testDatabase.database.executeSql(
      "select count(*)::int as n from tenants where slug in ('half-corp', 'x-corp', 'weak-corp')",
    );
    expect(rows[0]?.n).toBe(0);
  });
});

describe('keiyaku user create', () => {
  test('adds a user with roles and a password to a tenant; the user can log in', async () => {
    const tenant = await keiyaku(
      [
        'tenant',
        'create',
        '--slug',
        'users-corp',
        '--name',
        'ユーザー社',
        '--admin-email',
        'admin@users.example',
        '--admin-password',
        'users-admin-pass-1',
      ],
      env,
    );
    expect(tenant.code, tenant.stderr).toBe(0);

    const run = await keiyaku(
      [
        'user',
        'create',
        '--tenant',
        'users-corp',
        '--email',
        'billing@users.example',
        '--name',
        '請求 担当',
        '--roles',
        'billing, back_office',
        '--password',
        'billing-password-1',
      ],
      env,
    );
    expect(run.code, run.stderr).toBe(0);
    const user = JSON.parse(run.stdout.trim());
    expect(user).toMatchObject({
      email: 'billing@users.example',
      name: '請求 担当',
      roles: ['billing', 'back_office'],
      active: true,
    });
    expect(user.id).toMatch(UUID);

    const response = await login('users-corp', 'billing@users.example', 'billing-password-1');
    expect(response.statusCode).toBe(200);
    expect(response.json().permissions).toContain('jobs.run');
    // The CLI's change is in the audit log, by the actor "cli".
    const { rows } = await testDatabase.database.executeSql(
      "select actor_id, actor_name, action from audit_log where entity = 'user' and entity_id = $1",
      [user.id],
    );
    expect(rows).toEqual([{ actor_id: null, actor_name: 'cli', action: 'create' }]);
  });

  test('without a password the user is invited by mail (dev outbox without SMTP)', async () => {
    await keiyaku(
      [
        'tenant',
        'create',
        '--slug',
        'invite-corp',
        '--name',
        '招待社',
        '--admin-email',
        'admin@invite.example',
        '--admin-password',
        'invite-admin-pass-1',
      ],
      env,
    );
    const run = await keiyaku(
      [
        'user',
        'create',
        '--tenant',
        'invite-corp',
        '--email',
        'new@invite.example',
        '--name',
        'New Person',
        '--roles',
        'sales_rep',
      ],
      env,
    );
    expect(run.code, run.stderr).toBe(0);
    const { rows } = await testDatabase.database.executeSql(
      `select m.subject, m.text from mail_outbox m join tenants t on t.id = m.tenant_id
        where t.slug = 'invite-corp' and m."to" = 'new@invite.example'`,
    );
    expect(rows).toHaveLength(1);
    expect(String(rows[0]!.text)).toMatch(/\/reset-password\?token=/);
  });

  test('an unknown tenant exits 2, an unknown role or a taken email exits 1', async () => {
    const noTenant = await keiyaku(
      [
        'user',
        'create',
        '--tenant',
        'no-such-corp',
        '--email',
        'x@y.example',
        '--name',
        'X',
        '--roles',
        'admin',
      ],
      env,
    );
    expect(noTenant.code).toBe(2);
    expect(noTenant.stderr).toContain('tenant "no-such-corp" does not exist');

    await keiyaku(
      [
        'tenant',
        'create',
        '--slug',
        'rules-corp',
        '--name',
        'R',
        '--admin-email',
        'admin@rules.example',
        '--admin-password',
        'rules-admin-pass-1',
      ],
      env,
    );
    const badRole = await keiyaku(
      [
        'user',
        'create',
        '--tenant',
        'rules-corp',
        '--email',
        'r@rules.example',
        '--name',
        'R',
        '--roles',
        'emperor',
        '--password',
        'long-enough-pass-1',
      ],
      env,
    );
    expect(badRole.code).toBe(1);
    expect(JSON.parse(badRole.stderr.trim())).toMatchObject({ error: 'unknown_role' });

    const taken = await keiyaku(
      [
        'user',
        'create',
        '--tenant',
        'rules-corp',
        '--email',
        'ADMIN@rules.example',
        '--name',
        'R',
        '--roles',
        'billing',
        '--password',
        'long-enough-pass-1',
      ],
      env,
    );
    expect(taken.code).toBe(1);
    expect(JSON.parse(taken.stderr.trim())).toMatchObject({ error: 'email_taken' });
  });
});

describe('keiyaku migrate', () => {
  test('migrates an empty database and is harmless when run again', async () => {
    const name = harnessDatabaseName('test');
    const admin = await connectAdmin();
    try {
      await createDatabase(
        admin,
        name,
        "encoding 'UTF8' lc_collate 'C.UTF-8' lc_ctype 'C.UTF-8' template template0",
      );
      const url = databaseUrl(name);
      const first = await keiyaku(['migrate'], { DATABASE_URL: url });
      expect(first.code, first.stderr).toBe(0);
      expect(JSON.parse(first.stdout.trim())).toEqual({ migrated: true });
      const second = await keiyaku(['migrate'], { DATABASE_URL: url });
      expect(second.code, second.stderr).toBe(0);

      // The schema is there, secured, and a tenant can be created on it.
      const check = new (await import('pg')).default.Client({ connectionString: url });
      await check.connect();
      try {
        const { rows } = await check.query(
          "select relname, relrowsecurity, relforcerowsecurity from pg_class where relname in ('users', 'org_units', 'tenants') order by relname",
        );
        expect(rows.map((row) => row.relname)).toEqual(['org_units', 'tenants', 'users']);
        for (const row of rows.filter((r) => r.relname !== 'tenants')) {
          expect(row).toMatchObject({ relrowsecurity: true, relforcerowsecurity: true });
        }
      } finally {
        await check.end();
      }
      const tenant = await keiyaku(
        [
          'tenant',
          'create',
          '--slug',
          'fresh-corp',
          '--name',
          'F',
          '--admin-email',
          'a@f.example',
          '--admin-password',
          'fresh-admin-pass-1',
        ],
        { DATABASE_URL: url },
      );
      expect(tenant.code, tenant.stderr).toBe(0);
    } finally {
      await dropDatabase(admin, name);
      await admin.end();
    }
  });
});
