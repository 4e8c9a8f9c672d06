// A request waits for a connection at most the pool's connection timeout: with every
// connection busy (or the server away) it fails, and the failure answers 503, not a hang.
import { expect, test } from 'vitest';
import { useTestDatabase } from '../../test/database.js';
import { isDatabaseUnavailable } from '../http/problem.js';
import { CONNECTION_TIMEOUT_MS, openPostgres } from './database.js';

const testDatabase = useTestDatabase({ max: 1 });

test('with the only connection busy, the next statement gives up after the timeout', async () => {
  expect(CONNECTION_TIMEOUT_MS).toBeGreaterThan(0);
  const database = openPostgres(testDatabase().url, { max: 1, connectionTimeoutMillis: 300 });
  try {
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const busy = database.system(async () => {
      await held;
    });
    const started = performance.now();
    const refused = await database.executeSql('select 1').then(
      () => null,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(Error);
    expect(isDatabaseUnavailable(refused)).toBe(true);
    expect(performance.now() - started).toBeGreaterThanOrEqual(250);
    release();
    await busy;
    // Once the connection is free again, statements run.
    expect((await database.executeSql('select 1 as one')).rows).toEqual([{ one: 1 }]);
  } finally {
    await database.close();
  }
});

test('a server that refuses connections is "unavailable" too', async () => {
  const url = new URL(testDatabase().url);
  url.port = '1';
  const database = openPostgres(url.toString(), { max: 1, connectionTimeoutMillis: 2000 });
  try {
    const refused = await database.executeSql('select 1').then(
      () => null,
      (error: unknown) => error,
    );
    expect(isDatabaseUnavailable(refused)).toBe(true);
  } finally {
    await database.close();
  }
});
