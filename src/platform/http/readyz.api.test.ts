// /readyz tells a load balancer whether this process can serve: 200 while the database
// answers, 503 while it does not (and 200 again once it is back); /healthz stays 200.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createKeiyaku, type Keiyaku } from '../../app.js';
import { loadConfig } from '../../config.js';
import { createTestDatabase, type TestDatabase } from '../../test/database.js';
import { type Database, openPostgres } from '../db/database.js';

const config = { ...loadConfig({}), logLevel: 'silent', publicUrl: 'http://keiyaku.test' };

let testDatabase: TestDatabase;
let keiyaku: Keiyaku;
/** While set, every query the app sends to the database fails as a lost server would. */
let databaseDown = false;
/** While set, every query hangs, as a database that accepts connections but never answers. */
let databaseHangs = false;

beforeAll(async () => {
  testDatabase = await createTestDatabase({ max: 2 });
  const real = testDatabase.database;
  const switchable = new Proxy(real, {
    get(target, property, receiver) {
      if (property === 'executeSql') {
        return (text: string, values?: unknown[]) =>
          databaseHangs
            ? new Promise(() => {})
            : databaseDown
              ? Promise.reject(
                  Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
                )
              : target.executeSql(text, values);
      }
      return Reflect.get(target, property, receiver);
    },
  }) as Database;
  keiyaku = await createKeiyaku(config, switchable, { serveWeb: false });
  await keiyaku.app.ready();
}, 120_000);

afterAll(async () => {
  await keiyaku?.app.close();
  await testDatabase?.drop();
});

async function probe(app: Keiyaku['app'], url: string) {
  const response = await app.inject({ method: 'GET', url });
  return { status: response.statusCode, body: response.json() as unknown };
}

describe('/readyz', () => {
  test('is 200 while the database answers, 503 while it fails, 200 again when it is back', async () => {
    expect(await probe(keiyaku.app, '/readyz')).toEqual({ status: 200, body: { status: 'ok' } });

    databaseDown = true;
    try {
      expect(await probe(keiyaku.app, '/readyz')).toEqual({ status: 503, body: { status: 'unavailable' } });
      // The process itself is alive: liveness does not depend on the database.
      expect(await probe(keiyaku.app, '/healthz')).toEqual({ status: 200, body: { status: 'ok' } });
    } finally {
      databaseDown = false;
    }

    expect(await probe(keiyaku.app, '/readyz')).toEqual({ status: 200, body: { status: 'ok' } });

    // A database that never answers: /readyz still answers, unavailable, within its timeout.
    databaseHangs = true;
    try {
      const started = performance.now();
      expect(await probe(keiyaku.app, '/readyz')).toEqual({ status: 503, body: { status: 'unavailable' } });
      expect(performance.now() - started).toBeLessThan(5000);
    } finally {
      databaseHangs = false;
    }
  });

  test('is 503 when the PostgreSQL server cannot be reached at all', async () => {
    // A port nobody listens on: connections are refused.
    const port = await new Promise<number>((resolve, reject) => {
      const server = net.createServer();
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const address = server.address() as net.AddressInfo;
        server.close(() => resolve(address.port));
      });
    });
    const unreachable = openPostgres(`postgres://postgres@127.0.0.1:${port}/keiyaku`, { max: 1 });
    const offline = await createKeiyaku(config, unreachable, { serveWeb: false });
    try {
      await offline.app.ready();
      expect(await probe(offline.app, '/readyz')).toEqual({ status: 503, body: { status: 'unavailable' } });
      expect(await probe(offline.app, '/healthz')).toEqual({ status: 200, body: { status: 'ok' } });
    } finally {
      await offline.app.close();
      await unreachable.close();
    }
  });
});
