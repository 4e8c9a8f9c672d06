// Portal users (顧客アカウント管理): a customer's own logins. Staff create one for a customer
// with an email address; the person gets the invitation mail and sets a password through
// the reset flow, then logs in at the same URL and sees only that customer (domain.md §1).
// They hold no roles: their permissions are PORTAL_PERMISSIONS.
import { and, desc, eq, ilike, lt, or } from 'drizzle-orm';
import { recordChange } from '../../platform/audit/service.js';
import type { TenantContext } from '../../platform/context.js';
import { DomainError } from '../../platform/domain-error.js';
import { newId } from '../../platform/ids/id.js';
import { type Page, pageOf } from '../../platform/pagination.js';
import { customerSearchCondition, customers, loadCustomer } from '../customers/index.js';
import type { IdentityDeps } from './deps.js';
import { normalizeEmail } from './password.rules.js';
import { users } from './schema.js';
import { sendPasswordResetMail } from './session.service.js';
import type { Invitation } from './user.service.js';

export interface PortalUser {
  id: string;
  email: string;
  name: string;
  customerId: string;
  customerCode: string;
  customerName: string;
  active: boolean;
  locale: 'ja' | 'en';
  lastLoginAt: string | null;
  createdAt: string;
}

type UserRow = typeof users.$inferSelect;

const toPortalUser = (row: UserRow, customer: { code: string; name: string }): PortalUser => ({
  id: row.id,
  email: row.email,
  name: row.name,
  customerId: row.customerId ?? '',
  customerCode: customer.code,
  customerName: customer.name,
  active: row.active,
  locale: row.locale,
  lastLoginAt: row.lastLoginAt?.toISOString() ?? null,
  createdAt: row.createdAt.toISOString(),
});

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (character) => `\\${character}`);
}

/** The join of a portal user with its customer (same tenant). */
const customerJoin = and(eq(customers.tenantId, users.tenantId), eq(customers.id, users.customerId));

/** Search by email (part), or by the customer's name (folded), code or phone as the customer search does. */
export async function listPortalUsers(
  context: TenantContext,
  query: {
    q?: string | undefined;
    customerId?: string | undefined;
    limit: number;
    cursor?: string | undefined;
  },
): Promise<Page<PortalUser>> {
  return context.database.inTenant(context.tenantId, async (tx) => {
    const q = query.q?.trim();
    const rows = await tx
      .select({ user: users, customer: { code: customers.code, name: customers.name } })
      .from(users)
      .innerJoin(customers, customerJoin)
      .where(
        and(
          eq(users.tenantId, context.tenantId),
          eq(users.kind, 'portal'),
          query.customerId ? eq(users.customerId, query.customerId) : undefined,
          q ? or(ilike(users.email, `%${escapeLike(q)}%`), customerSearchCondition(q)) : undefined,
          query.cursor ? lt(users.id, query.cursor) : undefined,
        ),
      )
      .orderBy(desc(users.id))
      .limit(query.limit + 1);
    return pageOf(
      rows.map((row) => ({ id: row.user.id, ...row })),
      query.limit,
      (row) => toPortalUser(row.user, row.customer),
    );
  });
}

export interface NewPortalUser {
  customerId: string;
  email: string;
  /** Defaults to the customer's name. */
  name?: string | undefined;
  locale?: 'ja' | 'en' | undefined;
}

/**
 * Creates the login (no roles, no password) and mails the invitation. The user exists even
 * when the mail cannot be sent; the answer says so (`invitation: failed`) and the person
 * can still use 「パスワードをお忘れですか?」 or staff can send the link again.
 */
export async function createPortalUser(
  deps: IdentityDeps,
  context: TenantContext,
  input: NewPortalUser,
): Promise<PortalUser & { invitation: Exclude<Invitation, 'not_needed'> }> {
  const { tenantId } = context;
  const email = normalizeEmail(input.email);
  const created = await context.database.inTenant(tenantId, async (tx) => {
    const customer = await loadCustomer(tx, tenantId, input.customerId);
    if (customer?.status !== 'active') {
      throw new DomainError('customer_not_found', {
        errors: [
          {
            path: '/customerId',
            message: { ja: '指定された顧客が見つかりません。', en: 'is not a customer of this tenant.' },
          },
        ],
      });
    }
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
        name: input.name?.trim() || customer.name,
        kind: 'portal',
        customerId: customer.id,
        roles: [],
        active: true,
        locale: input.locale ?? 'ja',
        passwordHash: null,
      })
      .onConflictDoNothing()
      .returning();
    // A concurrent insert of the same email lost the race on the unique index.
    if (!row) throw new DomainError('email_taken');
    const portalUser = toPortalUser(row, customer);
    await recordChange(tx, tenantId, context.actor, {
      entity: 'portal_user',
      entityId: row.id,
      action: 'create',
      after: portalUser,
    });
    return portalUser;
  });
  return { ...created, invitation: await sendInvitation(deps, context, created.id) };
}

async function sendInvitation(
  deps: IdentityDeps,
  context: TenantContext,
  id: string,
): Promise<'sent' | 'failed'> {
  try {
    await sendPasswordResetMail(deps, context.tenantId, id, { invitation: true });
    return 'sent';
  } catch (error) {
    deps.onMailError?.(error);
    await context.database.inTenant(context.tenantId, (tx) =>
      recordChange(tx, context.tenantId, context.actor, {
        entity: 'portal_user',
        entityId: id,
        action: 'invitation_failed',
      }),
    );
    return 'failed';
  }
}

async function loadPortalUser(context: TenantContext, id: string): Promise<PortalUser> {
  const [row] = await context.database.inTenant(context.tenantId, (tx) =>
    tx
      .select({ user: users, customer: { code: customers.code, name: customers.name } })
      .from(users)
      .innerJoin(customers, customerJoin)
      .where(and(eq(users.tenantId, context.tenantId), eq(users.id, id), eq(users.kind, 'portal'))),
  );
  if (!row) throw new DomainError('portal_user_not_found');
  return toPortalUser(row.user, row.customer);
}

export async function getPortalUser(context: TenantContext, id: string): Promise<PortalUser> {
  return loadPortalUser(context, id);
}

/** Mails the invitation (a password-setting link) again, e.g. after `invitation: failed`. */
export async function resendInvitation(
  deps: IdentityDeps,
  context: TenantContext,
  id: string,
): Promise<void> {
  await loadPortalUser(context, id);
  try {
    await sendPasswordResetMail(deps, context.tenantId, id, { invitation: true });
  } catch (error) {
    deps.onMailError?.(error);
    throw new DomainError('mail_delivery_failed');
  }
  await context.database.inTenant(context.tenantId, (tx) =>
    recordChange(tx, context.tenantId, context.actor, {
      entity: 'portal_user',
      entityId: id,
      action: 'invitation_sent',
    }),
  );
}

/**
 * Deletes the login for good (「削除したアカウントは復元できません」): its sessions, API tokens
 * and reset links go with it (ON DELETE CASCADE). The audit log keeps what it was.
 */
export async function deletePortalUser(context: TenantContext, id: string): Promise<void> {
  const { tenantId } = context;
  await context.database.inTenant(tenantId, async (tx) => {
    const [row] = await tx
      .select({ user: users, customer: { code: customers.code, name: customers.name } })
      .from(users)
      .innerJoin(customers, customerJoin)
      .where(and(eq(users.tenantId, tenantId), eq(users.id, id), eq(users.kind, 'portal')))
      .for('update', { of: users });
    if (!row) throw new DomainError('portal_user_not_found');
    await tx
      .delete(users)
      .where(and(eq(users.tenantId, tenantId), eq(users.id, id), eq(users.kind, 'portal')));
    await recordChange(tx, tenantId, context.actor, {
      entity: 'portal_user',
      entityId: id,
      action: 'delete',
      before: toPortalUser(row.user, row.customer),
    });
  });
}
