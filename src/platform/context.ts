// What a use case needs to know about who asks and for which tenant.
import type { Database } from './db/database.js';
import type { Locale } from './domain-error.js';

export interface Actor {
  /** The user acting; null for the system (jobs, CLI). */
  id: string | null;
  name: string;
}

export interface TenantContext {
  database: Database;
  tenantId: string;
  actor: Actor;
  locale: Locale;
  /**
   * Set for a portal user (顧客アカウント): the one customer whose records this request may
   * read and order for. Services that serve portal routes narrow every query to it.
   */
  customerScope?: string | null;
}

export const SYSTEM_ACTOR: Actor = { id: null, name: 'system' };
