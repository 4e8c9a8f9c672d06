// Staff users of a tenant: list, create (with a password, or by invitation mail), edit.
import { and, desc, eq, ilike, lt, or, sql } from 'drizzle-orm';
import { recordChange } from '../../platform/audit/service.js';
import type { TenantContext } from '../../platform/context.js';
import type { Tx } from '../../platform/db/database.js';
import { DomainError } from '../../platform/domain-error.js';
import { newId } from '../../platform/ids/id.js';
import { type Page, pageOf } from '../../platform/pagination.js';
import { hashPassword } from './credentials.js';
import type { IdentityDeps } from './deps.js';
import { isAcceptablePassword, normalizeEmail } from './password.rules.js';
import { isRole } from './permissions.rules.js';
import { orgUnits, users } from './schema.js';
import { sendPasswordResetMail } from './session.service.js';

export interface User {
  id: string;
  email: string;
  name: string;
  orgUnitId: string | null;
  roles: string[];
  active: boolean;
  locale: 'ja' | 'en';
  lastLoginAt: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

type UserRow = typeof users.$inferSelect;

export const toUser = (row: UserRow): User => ({
  id: row.id,
  email: row.email,
  name: row.name,
  orgUnitId: row.orgUnitId,
  roles: row.roles,
  active: row.active,
  locale: row.locale,
  lastLoginAt: row.lastLoginAt?.toISOString() ?? null,
  version: row.version,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

function checkRoles(roles: string[]): void {
  const unknown = roles.filter((role) => !isRole(role));
  if (unknown.length > 0) {
    throw new DomainError('unknown_role', {
      errors: unknown.map((role) => ({ path: '/roles', message: role })),
    });
  }
}

async function checkOrgUnit(tx: Tx, tenantId: string, orgUnitId: string | null | undefined): Promise<void> {
  if (!orgUnitId) return;
  const [row] = await tx
    .select({ id: orgUnits.id })
    .from(orgUnits)
    .where(and(eq(orgUnits.tenantId, tenantId), eq(orgUnits.id, orgUnitId)));
  if (!row) throw new DomainError('org_unit_not_found');
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (character) => `\\${character}`);
}

export async function listUsers(
  context: TenantContext,
  query: { q?: string | undefined; limit: number; cursor?: string | undefined },
): Promise<Page<User>> {
  return context.database.inTenant(context.tenantId, async (tx) => {
    const q = query.q?.trim();
    const pattern = q ? `%${escapeLike(q)}%` : undefined;
    const rows = await tx
      .select()
      .from(users)
      .where(
        and(
          eq(users.tenantId, context.tenantId),
          and(
            eq(users.kind, 'staff'),
            pattern ? or(ilike(users.name, pattern), ilike(users.email, pattern)) : undefined,
            query.cursor ? lt(users.id, query.cursor) : undefined,
          ),
        ),
      )
      .orderBy(desc(users.id))
      .limit(query.limit + 1);
    return pageOf(rows, query.limit, toUser);
  });
}

export async function getUser(context: TenantContext, id: string): Promise<User> {
  const [row] = await context.database.inTenant(context.tenantId, (tx) =>
    tx
      .select()
      .from(users)
      .where(and(eq(users.tenantId, context.tenantId), eq(users.id, id), eq(users.kind, 'staff'))),
  );
  if (!row) throw new DomainError('not_found');
  return toUser(row);
}

export interface NewUser {
  email: string;
  name: string;
  orgUnitId?: string | null;
  roles: string[];
  active?: boolean;
  locale?: 'ja' | 'en';
  /** Without a password the user receives an invitation mail to set one. */
  password?: string;
}

/** Inserts a user in an open transaction (also used by tenant creation). */
export async function insertUser(
  tx: Tx,
  tenantId: string,
  input: NewUser,
  passwordHash: string | null,
): Promise<UserRow> {
  const email = normalizeEmail(input.email);
  checkRoles(input.roles);
  await checkOrgUnit(tx, tenantId, input.orgUnitId);
  const [taken] = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.tenantId, tenantId), eq(users.email, email)));
  if (taken) throw new DomainError('email_taken');
  const [row] = await tx
    .insert(users)
    .values({
      tenantId,
      id: newId(),
      email,
      name: input.name.trim(),
      orgUnitId: input.orgUnitId ?? null,
      roles: [...new Set(input.roles)],
      active: input.active ?? true,
      locale: input.locale ?? 'ja',
      passwordHash,
    })
    .onConflictDoNothing()
    .returning();
  // A concurrent insert of the same email lost the race on the unique index.
  if (!row) throw new DomainError('email_taken');
  return row;
}

/** Whether the invitation mail of a user created without a password went out. */
export type Invitation = 'sent' | 'failed' | 'not_needed';

/**
 * Creates the user; one without a password is mailed an invitation. The user exists even
 * when the mail cannot be sent (the answer says so, and an admin can send a reset later).
 */
export async function createUser(
  deps: IdentityDeps,
  context: TenantContext,
  input: NewUser,
): Promise<User & { invitation: Invitation }> {
  if (input.password !== undefined && !isAcceptablePassword(input.password, input.email)) {
    throw new DomainError('password_too_weak');
  }
  const passwordHash = input.password !== undefined ? await hashPassword(input.password) : null;
  const row = await context.database.inTenant(context.tenantId, async (tx) => {
    const created = await insertUser(tx, context.tenantId, input, passwordHash);
    await recordChange(tx, context.tenantId, context.actor, {
      entity: 'user',
      entityId: created.id,
      action: 'create',
      after: toUser(created),
    });
    return created;
  });
  let invitation: Invitation = 'not_needed';
  if (passwordHash === null && row.active) {
    try {
      await sendPasswordResetMail(deps, context.tenantId, row.id, { invitation: true });
      invitation = 'sent';
    } catch (error) {
      invitation = 'failed';
      deps.onMailError?.(error);
      await context.database.inTenant(context.tenantId, (tx) =>
        recordChange(tx, context.tenantId, context.actor, {
          entity: 'user',
          entityId: row.id,
          action: 'invitation_failed',
        }),
      );
    }
  }
  return { ...toUser(row), invitation };
}

export interface UserChange {
  version: number;
  name?: string;
  orgUnitId?: string | null;
  roles?: string[];
  active?: boolean;
  locale?: 'ja' | 'en';
}

export async function updateUser(context: TenantContext, id: string, change: UserChange): Promise<User> {
  if (change.roles) checkRoles(change.roles);
  return context.database.inTenant(context.tenantId, async (tx) => {
    const [before] = await tx
      .select()
      .from(users)
      .where(and(eq(users.tenantId, context.tenantId), eq(users.id, id), eq(users.kind, 'staff')))
      .for('update');
    if (!before) throw new DomainError('not_found');
    if (before.version !== change.version) throw new DomainError('version_conflict');
    if (id === context.actor.id) {
      const losesAdmin =
        change.roles !== undefined && before.roles.includes('admin') && !change.roles.includes('admin');
      if (change.active === false || losesAdmin) throw new DomainError('cannot_deactivate_self');
    }
    await checkOrgUnit(tx, context.tenantId, change.orgUnitId);
    const [after] = await tx
      .update(users)
      .set({
        ...(change.name !== undefined ? { name: change.name.trim() } : {}),
        ...(change.orgUnitId !== undefined ? { orgUnitId: change.orgUnitId } : {}),
        ...(change.roles !== undefined ? { roles: [...new Set(change.roles)] } : {}),
        ...(change.active !== undefined ? { active: change.active } : {}),
        ...(change.locale !== undefined ? { locale: change.locale } : {}),
        version: sql`${users.version} + 1`,
        updatedAt: new Date(),
      })
      .where(and(eq(users.tenantId, context.tenantId), eq(users.id, id)))
      .returning();
    if (!after) throw new DomainError('not_found');
    await recordChange(tx, context.tenantId, context.actor, {
      entity: 'user',
      entityId: id,
      action: 'update',
      before: toUser(before),
      after: toUser(after),
    });
    return toUser(after);
  });
}

export async function sendResetByAdmin(
  deps: IdentityDeps,
  context: TenantContext,
  id: string,
): Promise<void> {
  const user = await getUser(context, id);
  if (!user.active) throw new DomainError('not_found');
  try {
    await sendPasswordResetMail(deps, context.tenantId, id, { invitation: false });
  } catch (error) {
    deps.onMailError?.(error);
    throw new DomainError('mail_delivery_failed');
  }
  await context.database.inTenant(context.tenantId, (tx) =>
    recordChange(tx, context.tenantId, context.actor, {
      entity: 'user',
      entityId: id,
      action: 'password_reset_sent',
    }),
  );
}
