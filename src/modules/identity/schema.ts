// Identity: org units, users, sessions, API tokens and password reset tokens of a tenant.
import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  foreignKey,
  index,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { tenantColumns, timestamps, versionColumn } from '../../platform/db/columns.js';
import { tenants } from '../../platform/tenancy/schema.js';

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const orgUnits = pgTable(
  'org_units',
  {
    ...tenantColumns,
    parentId: uuid('parent_id'),
    code: text('code'),
    name: text('name').notNull(),
    kind: text('kind', { enum: ['head_office', 'branch', 'back_office', 'sales', 'other'] })
      .notNull()
      .default('other'),
    ...versionColumn,
    ...timestamps,
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId], foreignColumns: [tenants.id] }),
    foreignKey({ columns: [t.tenantId, t.parentId], foreignColumns: [t.tenantId, t.id] }),
    uniqueIndex('org_units_code_key').on(t.tenantId, t.code),
  ],
);

export const users = pgTable(
  'users',
  {
    ...tenantColumns,
    email: text('email').notNull(),
    name: text('name').notNull(),
    /** Staff, or a customer's own login (顧客アカウント) that sees only that customer. */
    kind: text('kind', { enum: ['staff', 'portal'] })
      .notNull()
      .default('staff'),
    /** For portal users: their customer (foreign key added in SQL: identity does not import customers). */
    customerId: uuid('customer_id'),
    orgUnitId: uuid('org_unit_id'),
    roles: text('roles').array().notNull().default(sql`'{}'::text[]`),
    active: boolean('active').notNull().default(true),
    passwordHash: text('password_hash'),
    locale: text('locale', { enum: ['ja', 'en'] })
      .notNull()
      .default('ja'),
    lastLoginAt: at('last_login_at'),
    ...versionColumn,
    ...timestamps,
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId], foreignColumns: [tenants.id] }),
    foreignKey({ columns: [t.tenantId, t.orgUnitId], foreignColumns: [orgUnits.tenantId, orgUnits.id] }),
    uniqueIndex('users_email_key').on(t.tenantId, t.email),
    check('users_email_lowercase', sql`${t.email} = lower(${t.email})`),
    check('users_portal_has_customer', sql`(${t.kind} = 'portal') = (${t.customerId} is not null)`),
    index('users_customer_idx').on(t.tenantId, t.customerId),
  ],
);

export const sessions = pgTable(
  'sessions',
  {
    ...tenantColumns,
    userId: uuid('user_id').notNull(),
    tokenHash: text('token_hash').notNull(),
    csrfToken: text('csrf_token').notNull(),
    createdAt: at('created_at').notNull().defaultNow(),
    lastSeenAt: at('last_seen_at').notNull().defaultNow(),
    expiresAt: at('expires_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.userId], foreignColumns: [users.tenantId, users.id] }).onDelete(
      'cascade',
    ),
    uniqueIndex('sessions_token_hash_key').on(t.tenantId, t.tokenHash),
    index('sessions_user_idx').on(t.tenantId, t.userId),
  ],
);

export const apiTokens = pgTable(
  'api_tokens',
  {
    ...tenantColumns,
    userId: uuid('user_id').notNull(),
    name: text('name').notNull(),
    tokenHash: text('token_hash').notNull(),
    /** The first characters of the token, shown in lists so a person can tell tokens apart. */
    prefix: text('prefix').notNull(),
    createdAt: at('created_at').notNull().defaultNow(),
    lastUsedAt: at('last_used_at'),
    revokedAt: at('revoked_at'),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.userId], foreignColumns: [users.tenantId, users.id] }).onDelete(
      'cascade',
    ),
    uniqueIndex('api_tokens_token_hash_key').on(t.tenantId, t.tokenHash),
  ],
);

export const passwordResetTokens = pgTable(
  'password_reset_tokens',
  {
    ...tenantColumns,
    userId: uuid('user_id').notNull(),
    tokenHash: text('token_hash').notNull(),
    createdAt: at('created_at').notNull().defaultNow(),
    expiresAt: at('expires_at').notNull(),
    usedAt: at('used_at'),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.userId], foreignColumns: [users.tenantId, users.id] }).onDelete(
      'cascade',
    ),
    uniqueIndex('password_reset_tokens_token_hash_key').on(t.tenantId, t.tokenHash),
  ],
);
