import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';

describe('configuration from the environment', () => {
  it('defaults to port 3000 and the embedded database in ./data with the demo tenant', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.databaseUrl).toBeUndefined();
    expect(config.dataDir).toBe(path.resolve('data'));
    expect(config.seedDemo).toBe(true);
    expect(config.defaultTenant).toBe('demo');
    expect(config.publicUrl).toBe('http://localhost:3000');
  });

  it('honours PORT, DATABASE_URL and DATA_DIR; a server database seeds no demo unless asked', () => {
    const config = loadConfig({ PORT: '8080', DATABASE_URL: 'postgres://db/keiyaku', DATA_DIR: '/tmp/k' });
    expect(config.port).toBe(8080);
    expect(config.databaseUrl).toBe('postgres://db/keiyaku');
    expect(config.dataDir).toBe('/tmp/k');
    expect(config.seedDemo).toBe(false);
    expect(config.defaultTenant).toBeNull();
    expect(config.publicUrl).toBe('http://localhost:8080');
    expect(loadConfig({ DATABASE_URL: 'postgres://db/keiyaku', SEED_DEMO: 'true' }).seedDemo).toBe(true);
  });

  it('refuses a port that is not a number', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
  });
});
