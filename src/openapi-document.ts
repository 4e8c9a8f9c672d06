// The OpenAPI document without a running server: builds the app on an in-memory PGlite
// (routes only, nothing migrated) and asks @fastify/swagger for it.
import { createKeiyaku } from './app.js';
import { loadConfig } from './config.js';
import { openPglite } from './platform/db/database.js';

export async function openApiDocument(): Promise<Record<string, unknown>> {
  const database = await openPglite(undefined);
  try {
    const { app } = await createKeiyaku({ ...loadConfig({}), logLevel: 'silent' }, database, {
      serveWeb: false,
    });
    await app.ready();
    const document = app.swagger() as unknown as Record<string, unknown>;
    await app.close();
    return document;
  } finally {
    await database.close();
  }
}
