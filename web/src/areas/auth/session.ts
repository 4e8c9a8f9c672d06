// The signed-in person (GET /auth/me), cached by TanStack Query under one key. The CSRF
// token the API wants on unsafe methods comes with it.
import { type QueryClient, queryOptions } from '@tanstack/react-query';
import { ApiError, api, setCsrfToken, unwrap } from '../../api/client';
import type { Me } from '../../api/types';
import { setDisplayTimeZone } from '../../components/date-time';
import { changeLanguage, hasStoredLanguage } from '../../i18n';

export const meQueryKey = ['auth', 'me'] as const;

export const meQuery = queryOptions({
  queryKey: meQueryKey,
  queryFn: async () => {
    const me = await unwrap(api.GET('/api/v1/auth/me'));
    setCsrfToken(me.csrfToken ?? '');
    setDisplayTimeZone(me.tenant.timeZone);
    return me;
  },
  staleTime: 5 * 60_000,
  retry: false,
});

export type Permission =
  | 'users.read'
  | 'users.manage'
  | 'org_units.read'
  | 'org_units.manage'
  | 'tenant.manage'
  | 'audit.read'
  | 'jobs.read'
  | 'jobs.run'
  | 'mail_outbox.read'
  | 'catalog.read'
  | 'catalog.manage'
  | 'attributes.manage'
  | 'customers.read'
  | 'customers.manage'
  | 'portal_users.manage'
  | 'agreements.read'
  | 'agreements.manage'
  | 'orders.read'
  | 'orders.place'
  | 'orders.complete'
  | 'orders.import'
  | 'contracts.read'
  | 'contracts.manage'
  | 'billing.read'
  | 'billing.run';

export function can(me: Me, permission: Permission): boolean {
  return me.permissions.includes(permission);
}

export function canAny(me: Me, ...permissions: Permission[]): boolean {
  return permissions.some((permission) => can(me, permission));
}

/** The session of the person, or undefined when nobody is signed in (401). */
export async function loadSession(queryClient: QueryClient): Promise<Me | undefined> {
  try {
    return await queryClient.ensureQueryData(meQuery);
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return undefined;
    throw error;
  }
}

/** Caches the session a login answered with; the profile's language applies unless this browser chose one. */
export async function startSession(queryClient: QueryClient, me: Me): Promise<void> {
  setCsrfToken(me.csrfToken ?? '');
  setDisplayTimeZone(me.tenant.timeZone);
  queryClient.setQueryData(meQueryKey, me);
  if (!hasStoredLanguage()) await changeLanguage(me.locale, false);
}

export async function endSession(queryClient: QueryClient): Promise<void> {
  try {
    await unwrap(api.POST('/api/v1/auth/logout'));
  } finally {
    setCsrfToken('');
    queryClient.clear();
  }
}

const TENANT_KEY = 'keiyaku.tenant';

export function rememberedTenant(): string {
  try {
    return localStorage.getItem(TENANT_KEY) ?? '';
  } catch {
    return '';
  }
}

export function rememberTenant(slug: string): void {
  try {
    localStorage.setItem(TENANT_KEY, slug);
  } catch {
    // Without storage the company ID is simply not prefilled next time.
  }
}
