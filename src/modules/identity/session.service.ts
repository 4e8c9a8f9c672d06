// Logging in and out, resolving a session cookie or API token to a principal, changing and
// resetting passwords. Sessions rotate on login and are revoked on logout and on every
// password change; reset tokens are single use, hashed at rest and expire in 60 minutes.
import { and, eq, gt, isNotNull, isNull, lt, or } from 'drizzle-orm';
import { recordChange } from '../../platform/audit/service.js';
import type { Tx } from '../../platform/db/database.js';
import { DomainError } from '../../platform/domain-error.js';
import type { Principal } from '../../platform/http/types.js';
import { newId } from '../../platform/ids/id.js';
import { tenants } from '../../platform/tenancy/schema.js';
import { findTenantBySlug, getTenant } from '../../platform/tenancy/service.js';
import {
  hashPassword,
  hashSecret,
  newSecret,
  parseApiToken,
  parseTenantCredential,
  tenantCredential,
  verifyPassword,
} from './credentials.js';
import type { IdentityDeps } from './deps.js';
import { passwordResetMail } from './mail-templates.js';
import { isAcceptablePassword, normalizeEmail } from './password.rules.js';
import { PORTAL_PERMISSIONS, permissionsOf } from './permissions.rules.js';
import { apiTokens, passwordResetTokens, sessions, users } from './schema.js';

export const RESET_TOKEN_LIFETIME_MS = 60 * 60 * 1000;
/** A session's expiry slides forward when it is used, at most this often. */
const TOUCH_INTERVAL_MS = 5 * 60 * 1000;

type UserRow = typeof users.$inferSelect;

function principalOf(
  user: UserRow,
  via: Principal['via'],
  session?: { id: string; csrfToken: string },
): Principal {
  const portal = user.kind === 'portal';
  return {
    kind: user.kind,
    customerId: portal ? user.customerId : null,
    tenantId: user.tenantId,
    userId: user.id,
    name: user.name,
    email: user.email,
    roles: portal ? [] : user.roles,
    // A portal user's permissions come from PORTAL_PERMISSIONS, never from roles.
    permissions: portal ? new Set(PORTAL_PERMISSIONS) : permissionsOf(user.roles),
    via,
    ...(session ? { sessionId: session.id, csrfToken: session.csrfToken } : {}),
  };
}

export interface LoginResult {
  principal: Principal;
  cookieValue: string;
  expiresAt: Date;
}

async function openSession(tx: Tx, deps: IdentityDeps, user: UserRow): Promise<LoginResult> {
  const secret = newSecret();
  const csrfToken = newSecret();
  const id = newId();
  const expiresAt = new Date(Date.now() + deps.sessionTtlHours * 60 * 60 * 1000);
  await tx.insert(sessions).values({
    tenantId: user.tenantId,
    id,
    userId: user.id,
    tokenHash: hashSecret(secret),
    csrfToken,
    expiresAt,
  });
  return {
    principal: principalOf(user, 'session', { id, csrfToken }),
    cookieValue: tenantCredential(user.tenantId, secret),
    expiresAt,
  };
}

export async function login(
  deps: IdentityDeps,
  input: { tenant: string; email: string; password: string; previousCookie?: string | undefined },
): Promise<LoginResult> {
  const tenant = await findTenantBySlug(deps.database, input.tenant.trim().toLowerCase());
  const email = normalizeEmail(input.email);
  const user = tenant
    ? (
        await deps.database.inTenant(tenant.id, (tx) =>
          tx
            .select()
            .from(users)
            .where(and(eq(users.tenantId, tenant.id), eq(users.email, email), eq(users.active, true))),
        )
      )[0]
    : undefined;
  // Always verify, against a dummy hash when there is no user: same answer, same time.
  const valid = await verifyPassword(user?.passwordHash, input.password);
  if (!tenant || !user || !valid) throw new DomainError('invalid_credentials');
  return deps.database.inTenant(tenant.id, async (tx) => {
    // Rotation: the session the browser had before logging in is ended.
    const previous = input.previousCookie ? parseTenantCredential(input.previousCookie) : null;
    if (previous && previous.tenantId === tenant.id) {
      await tx
        .delete(sessions)
        .where(and(eq(sessions.tenantId, tenant.id), eq(sessions.tokenHash, hashSecret(previous.secret))));
    }
    await tx
      .update(users)
      .set({ lastLoginAt: new Date() })
      .where(and(eq(users.tenantId, tenant.id), eq(users.id, user.id)));
    await tx
      .delete(sessions)
      .where(
        and(
          eq(sessions.tenantId, tenant.id),
          eq(sessions.userId, user.id),
          lt(sessions.expiresAt, new Date()),
        ),
      );
    return openSession(tx, deps, user);
  });
}

export async function logout(deps: IdentityDeps, principal: Principal): Promise<void> {
  if (!principal.sessionId) return;
  const sessionId = principal.sessionId;
  await deps.database.inTenant(principal.tenantId, (tx) =>
    tx.delete(sessions).where(and(eq(sessions.tenantId, principal.tenantId), eq(sessions.id, sessionId))),
  );
}

export async function principalFromSession(
  deps: IdentityDeps,
  cookieValue: string,
): Promise<Principal | null> {
  const credential = parseTenantCredential(cookieValue);
  if (!credential) return null;
  const now = new Date();
  return deps.database.inTenant(credential.tenantId, async (tx) => {
    const [row] = await tx
      .select({ session: sessions, user: users })
      .from(sessions)
      .innerJoin(users, and(eq(users.tenantId, sessions.tenantId), eq(users.id, sessions.userId)))
      .where(
        and(
          eq(sessions.tenantId, credential.tenantId),
          eq(sessions.tokenHash, hashSecret(credential.secret)),
          gt(sessions.expiresAt, now),
        ),
      );
    if (!row?.user.active) return null;
    if (now.getTime() - row.session.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
      await tx
        .update(sessions)
        .set({ lastSeenAt: now, expiresAt: new Date(now.getTime() + deps.sessionTtlHours * 60 * 60 * 1000) })
        .where(and(eq(sessions.tenantId, credential.tenantId), eq(sessions.id, row.session.id)));
    }
    return principalOf(row.user, 'session', { id: row.session.id, csrfToken: row.session.csrfToken });
  });
}

export async function principalFromApiToken(deps: IdentityDeps, token: string): Promise<Principal | null> {
  const parsed = parseApiToken(token);
  if (!parsed) return null;
  return deps.database.inTenant(parsed.tenantId, async (tx) => {
    const [row] = await tx
      .select({ token: apiTokens, user: users })
      .from(apiTokens)
      .innerJoin(users, and(eq(users.tenantId, apiTokens.tenantId), eq(users.id, apiTokens.userId)))
      .where(
        and(
          eq(apiTokens.tenantId, parsed.tenantId),
          eq(apiTokens.tokenHash, hashSecret(parsed.secret)),
          isNull(apiTokens.revokedAt),
        ),
      );
    if (!row?.user.active) return null;
    const now = new Date();
    if (!row.token.lastUsedAt || now.getTime() - row.token.lastUsedAt.getTime() > TOUCH_INTERVAL_MS) {
      await tx
        .update(apiTokens)
        .set({ lastUsedAt: now })
        .where(and(eq(apiTokens.tenantId, parsed.tenantId), eq(apiTokens.id, row.token.id)));
    }
    return principalOf(row.user, 'token');
  });
}

/** Changes the password, ends every other session and rotates the current one. */
export async function changePassword(
  deps: IdentityDeps,
  principal: Principal,
  input: { currentPassword: string; newPassword: string },
): Promise<LoginResult | null> {
  const [user] = await deps.database.inTenant(principal.tenantId, (tx) =>
    tx
      .select()
      .from(users)
      .where(and(eq(users.tenantId, principal.tenantId), eq(users.id, principal.userId))),
  );
  if (!user) throw new DomainError('not_found');
  if (!(await verifyPassword(user.passwordHash, input.currentPassword)))
    throw new DomainError('password_incorrect');
  if (!isAcceptablePassword(input.newPassword, user.email)) throw new DomainError('password_too_weak');
  const passwordHash = await hashPassword(input.newPassword);
  return deps.database.inTenant(principal.tenantId, async (tx) => {
    await tx
      .update(users)
      .set({ passwordHash, updatedAt: new Date() })
      .where(and(eq(users.tenantId, principal.tenantId), eq(users.id, user.id)));
    await tx
      .delete(sessions)
      .where(and(eq(sessions.tenantId, principal.tenantId), eq(sessions.userId, user.id)));
    await recordChange(
      tx,
      user.tenantId,
      { id: user.id, name: user.name },
      {
        entity: 'user',
        entityId: user.id,
        action: 'password_change',
      },
    );
    return principal.via === 'session' ? openSession(tx, deps, user) : null;
  });
}

/** Mails a reset link to an active user. Used by the forgot-password page and by admins. */
export async function sendPasswordResetMail(
  deps: IdentityDeps,
  tenantId: string,
  userId: string,
  options: { invitation: boolean },
): Promise<void> {
  const tenant = await getTenant(deps.database, tenantId);
  const secret = newSecret();
  const user = await deps.database.inTenant(tenantId, async (tx) => {
    const [row] = await tx
      .select()
      .from(users)
      .where(and(eq(users.tenantId, tenantId), eq(users.id, userId), eq(users.active, true)));
    if (!row) return null;
    // A new link replaces every earlier one.
    await tx
      .delete(passwordResetTokens)
      .where(and(eq(passwordResetTokens.tenantId, tenantId), eq(passwordResetTokens.userId, userId)));
    await tx.insert(passwordResetTokens).values({
      tenantId,
      id: newId(),
      userId,
      tokenHash: hashSecret(secret),
      expiresAt: new Date(Date.now() + RESET_TOKEN_LIFETIME_MS),
    });
    return row;
  });
  if (!user) return;
  const link = `${deps.publicUrl}/reset-password?token=${encodeURIComponent(tenantCredential(tenantId, secret))}`;
  await deps.mailer.send(
    tenantId,
    passwordResetMail({
      to: user.email,
      name: user.name,
      tenantName: tenant.name,
      link,
      locale: user.locale,
      invitation: options.invitation,
    }),
  );
}

/** Always succeeds from the caller's point of view: nobody learns whether an email exists. */
export async function requestPasswordReset(
  deps: IdentityDeps,
  input: { tenant: string; email: string },
): Promise<void> {
  const tenant = await findTenantBySlug(deps.database, input.tenant.trim().toLowerCase());
  if (!tenant) return;
  const email = normalizeEmail(input.email);
  const [user] = await deps.database.inTenant(tenant.id, (tx) =>
    tx
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.tenantId, tenant.id), eq(users.email, email), eq(users.active, true))),
  );
  if (!user) return;
  await sendPasswordResetMail(deps, tenant.id, user.id, { invitation: false });
}

export async function confirmPasswordReset(
  deps: IdentityDeps,
  input: { token: string; password: string },
): Promise<void> {
  const credential = parseTenantCredential(input.token);
  if (!credential) throw new DomainError('reset_token_invalid');
  const now = new Date();
  const found = await deps.database.inTenant(credential.tenantId, async (tx) => {
    const [row] = await tx
      .select({ token: passwordResetTokens, user: users })
      .from(passwordResetTokens)
      .innerJoin(
        users,
        and(eq(users.tenantId, passwordResetTokens.tenantId), eq(users.id, passwordResetTokens.userId)),
      )
      .where(
        and(
          eq(passwordResetTokens.tenantId, credential.tenantId),
          eq(passwordResetTokens.tokenHash, hashSecret(credential.secret)),
        ),
      );
    return row;
  });
  if (!found || found.token.usedAt || found.token.expiresAt <= now || !found.user.active) {
    throw new DomainError('reset_token_invalid');
  }
  if (!isAcceptablePassword(input.password, found.user.email)) throw new DomainError('password_too_weak');
  const passwordHash = await hashPassword(input.password);
  await deps.database.inTenant(credential.tenantId, async (tx) => {
    // Single use, also against two confirmations racing: only one update finds it unused.
    const used = await tx
      .update(passwordResetTokens)
      .set({ usedAt: now })
      .where(
        and(
          eq(passwordResetTokens.tenantId, credential.tenantId),
          eq(passwordResetTokens.id, found.token.id),
          isNull(passwordResetTokens.usedAt),
        ),
      )
      .returning({ id: passwordResetTokens.id });
    if (used.length === 0) throw new DomainError('reset_token_invalid');
    await tx
      .update(users)
      .set({ passwordHash, updatedAt: now })
      .where(and(eq(users.tenantId, credential.tenantId), eq(users.id, found.user.id)));
    await tx
      .delete(sessions)
      .where(and(eq(sessions.tenantId, credential.tenantId), eq(sessions.userId, found.user.id)));
    await recordChange(
      tx,
      credential.tenantId,
      { id: found.user.id, name: found.user.name },
      {
        entity: 'user',
        entityId: found.user.id,
        action: 'password_reset',
      },
    );
  });
}

/** Removes expired sessions and spent or expired reset tokens; run by the cleanup job. */
export async function purgeExpiredCredentials(
  deps: IdentityDeps,
  tenantId: string,
  now: Date,
): Promise<number> {
  return deps.database.inTenant(tenantId, async (tx) => {
    const expiredSessions = await tx
      .delete(sessions)
      .where(and(eq(sessions.tenantId, tenantId), lt(sessions.expiresAt, now)))
      .returning({ id: sessions.id });
    const spentTokens = await tx
      .delete(passwordResetTokens)
      .where(
        and(
          eq(passwordResetTokens.tenantId, tenantId),
          or(lt(passwordResetTokens.expiresAt, now), isNotNull(passwordResetTokens.usedAt)),
        ),
      )
      .returning({ id: passwordResetTokens.id });
    return expiredSessions.length + spentTokens.length;
  });
}

export interface Profile {
  user: {
    id: string;
    email: string;
    name: string;
    locale: 'ja' | 'en';
    orgUnitId: string | null;
    roles: string[];
  };
  tenant: { id: string; slug: string; name: string; timeZone: string };
}

/** The logged-in user and their tenant, in one read (GET /auth/me is called on every page load). */
export async function loadProfile(deps: IdentityDeps, principal: Principal): Promise<Profile> {
  const [row] = await deps.database.inTenant(principal.tenantId, (tx) =>
    tx
      .select({
        user: users,
        tenant: { id: tenants.id, slug: tenants.slug, name: tenants.name, timeZone: tenants.timeZone },
      })
      .from(users)
      .innerJoin(tenants, eq(tenants.id, users.tenantId))
      .where(and(eq(users.tenantId, principal.tenantId), eq(users.id, principal.userId))),
  );
  if (!row) throw new DomainError('unauthenticated');
  const { user, tenant } = row;
  return {
    user: {
      id: user.id,
      email: user.email,
      name: user.name,
      locale: user.locale,
      orgUnitId: user.orgUnitId,
      roles: user.roles,
    },
    tenant,
  };
}
