// API tokens for outside clients: created by a user, acting as that user, shown once and
// stored only as a hash.
import { and, desc, eq, isNull } from 'drizzle-orm';
import { recordChange } from '../../platform/audit/service.js';
import type { TenantContext } from '../../platform/context.js';
import { DomainError } from '../../platform/domain-error.js';
import { newId } from '../../platform/ids/id.js';
import { apiTokenOf, hashSecret, newSecret } from './credentials.js';
import { apiTokens } from './schema.js';

export interface ApiToken {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
}

const toApiToken = (row: typeof apiTokens.$inferSelect): ApiToken => ({
  id: row.id,
  name: row.name,
  prefix: row.prefix,
  createdAt: row.createdAt.toISOString(),
  lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
});

function requireUser(context: TenantContext): string {
  if (!context.actor.id) throw new DomainError('forbidden');
  return context.actor.id;
}

export async function listApiTokens(context: TenantContext): Promise<ApiToken[]> {
  const userId = requireUser(context);
  const rows = await context.database.inTenant(context.tenantId, (tx) =>
    tx
      .select()
      .from(apiTokens)
      .where(
        and(
          eq(apiTokens.tenantId, context.tenantId),
          eq(apiTokens.userId, userId),
          isNull(apiTokens.revokedAt),
        ),
      )
      .orderBy(desc(apiTokens.id)),
  );
  return rows.map(toApiToken);
}

export async function createApiToken(
  context: TenantContext,
  name: string,
): Promise<ApiToken & { token: string }> {
  const userId = requireUser(context);
  const secret = newSecret();
  const token = apiTokenOf(context.tenantId, secret);
  return context.database.inTenant(context.tenantId, async (tx) => {
    const [row] = await tx
      .insert(apiTokens)
      .values({
        tenantId: context.tenantId,
        id: newId(),
        userId,
        name: name.trim(),
        tokenHash: hashSecret(secret),
        prefix: `kyk_…${secret.slice(-4)}`,
      })
      .returning();
    if (!row) throw new Error('api token insert returned no row');
    await recordChange(tx, context.tenantId, context.actor, {
      entity: 'api_token',
      entityId: row.id,
      action: 'create',
      after: toApiToken(row),
    });
    return { ...toApiToken(row), token };
  });
}

export async function revokeApiToken(context: TenantContext, id: string): Promise<void> {
  const userId = requireUser(context);
  await context.database.inTenant(context.tenantId, async (tx) => {
    const [row] = await tx
      .update(apiTokens)
      .set({ revokedAt: new Date() })
      .where(
        and(
          eq(apiTokens.tenantId, context.tenantId),
          eq(apiTokens.id, id),
          eq(apiTokens.userId, userId),
          isNull(apiTokens.revokedAt),
        ),
      )
      .returning();
    if (!row) throw new DomainError('not_found');
    await recordChange(tx, context.tenantId, context.actor, {
      entity: 'api_token',
      entityId: id,
      action: 'revoke',
      before: toApiToken(row),
    });
  });
}
