// Idempotency-Key for POSTs (api.md, quality.md): the same key and body replay the first
// answer; while the first request still runs a second one answers 409; the same key with
// another body answers 422; keys live 24 hours. 5xx answers are not kept, so a retry after
// a server error runs again.
import { createHash } from 'node:crypto';
import { and, eq, lt } from 'drizzle-orm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '../db/database.js';
import { DomainError } from '../domain-error.js';
import { newId } from '../ids/id.js';
import { idempotencyKeys } from './schema.js';
import type { App } from './types.js';

export const KEY_LIFETIME_MS = 24 * 60 * 60 * 1000;
/** A request that has not finished after this long is taken to have died with its process. */
const ABANDONED_AFTER_MS = 10 * 60 * 1000;
const KEY_FORMAT = /^[\x21-\x7e]{1,255}$/;

/** JSON with sorted keys, so the same body in another key order hashes the same. */
function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) =>
    a < b ? -1 : a > b ? 1 : 0,
  );
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
}

function requestHash(request: FastifyRequest): string {
  return createHash('sha256')
    .update(`${request.method} ${request.url}\n${canonical(request.body)}`)
    .digest('hex');
}

export function registerIdempotency(app: App, database: Database): void {
  app.decorateRequest('idempotencyRecordId', null);

  app.addHook('preHandler', async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.method !== 'POST' || request.routeOptions.config?.idempotency === false) return;
    const key = request.headers['idempotency-key'];
    const principal = request.principal;
    if (typeof key !== 'string' || !principal) return;
    if (!KEY_FORMAT.test(key)) {
      throw new DomainError('validation_failed', {
        errors: [
          {
            path: '/headers/idempotency-key',
            message: {
              ja: '1〜255文字の半角英数記号にしてください。',
              en: 'must be 1-255 visible ASCII characters.',
            },
          },
        ],
      });
    }
    const hash = requestHash(request);
    const { tenantId, userId } = principal;
    const outcome = await database.inTenant(tenantId, async (tx) => {
      const now = Date.now();
      const where = and(eq(idempotencyKeys.principalId, userId), eq(idempotencyKeys.key, key));
      // Expired or abandoned keys are forgotten.
      await tx
        .delete(idempotencyKeys)
        .where(
          and(
            eq(idempotencyKeys.tenantId, tenantId),
            where,
            lt(idempotencyKeys.createdAt, new Date(now - KEY_LIFETIME_MS)),
          ),
        );
      await tx
        .delete(idempotencyKeys)
        .where(
          and(
            eq(idempotencyKeys.tenantId, tenantId),
            and(
              where,
              eq(idempotencyKeys.state, 'in_progress'),
              lt(idempotencyKeys.createdAt, new Date(now - ABANDONED_AFTER_MS)),
            ),
          ),
        );
      const id = newId();
      const inserted = await tx
        .insert(idempotencyKeys)
        .values({
          tenantId,
          id,
          principalId: userId,
          key,
          method: request.method,
          path: request.url,
          requestHash: hash,
          state: 'in_progress',
        })
        .onConflictDoNothing()
        .returning({ id: idempotencyKeys.id });
      if (inserted.length > 0) return { kind: 'new' as const, id };
      const [existing] = await tx
        .select()
        .from(idempotencyKeys)
        .where(and(eq(idempotencyKeys.tenantId, tenantId), where));
      return { kind: 'existing' as const, existing };
    });
    if (outcome.kind === 'new') {
      request.idempotencyRecordId = outcome.id;
      return;
    }
    const existing = outcome.existing;
    if (!existing) throw new DomainError('idempotency_key_in_progress');
    if (existing.requestHash !== hash) throw new DomainError('idempotency_key_reused');
    if (existing.state === 'in_progress') throw new DomainError('idempotency_key_in_progress');
    reply.header('idempotent-replayed', 'true');
    for (const [name, value] of Object.entries(existing.responseHeaders ?? {})) reply.header(name, value);
    reply.code(existing.responseStatus ?? 200);
    return reply.send(existing.responseBody ?? '');
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const recordId = request.idempotencyRecordId;
    if (!recordId || !request.principal) return payload;
    request.idempotencyRecordId = null;
    const { tenantId } = request.principal;
    const status = reply.statusCode;
    if (status >= 500 || (payload !== null && payload !== undefined && typeof payload !== 'string')) {
      await database.inTenant(tenantId, (tx) =>
        tx
          .delete(idempotencyKeys)
          .where(and(eq(idempotencyKeys.tenantId, tenantId), eq(idempotencyKeys.id, recordId))),
      );
      return payload;
    }
    const contentType = reply.getHeader('content-type');
    const location = reply.getHeader('location');
    const headers: Record<string, string> = {};
    if (typeof contentType === 'string') headers['content-type'] = contentType;
    if (typeof location === 'string') headers.location = location;
    await database.inTenant(tenantId, (tx) =>
      tx
        .update(idempotencyKeys)
        .set({ state: 'done', responseStatus: status, responseHeaders: headers, responseBody: payload ?? '' })
        .where(and(eq(idempotencyKeys.tenantId, tenantId), eq(idempotencyKeys.id, recordId))),
    );
    return payload;
  });

  // A request that failed before sending (e.g. the client went away) frees its key.
  app.addHook('onResponse', async (request) => {
    const recordId = request.idempotencyRecordId;
    if (!recordId || !request.principal) return;
    const { tenantId } = request.principal;
    await database.inTenant(tenantId, (tx) =>
      tx
        .delete(idempotencyKeys)
        .where(
          and(
            eq(idempotencyKeys.tenantId, tenantId),
            eq(idempotencyKeys.id, recordId),
            eq(idempotencyKeys.state, 'in_progress'),
          ),
        ),
    );
  });
}

/** Deletes keys older than their 24-hour lifetime; run by the cleanup job. */
export async function purgeExpiredKeys(database: Database, tenantId: string, now: Date): Promise<number> {
  const rows = await database.inTenant(tenantId, (tx) =>
    tx
      .delete(idempotencyKeys)
      .where(
        and(
          eq(idempotencyKeys.tenantId, tenantId),
          lt(idempotencyKeys.createdAt, new Date(now.getTime() - KEY_LIFETIME_MS)),
        ),
      )
      .returning({ id: idempotencyKeys.id }),
  );
  return rows.length;
}
