// Routes, defined in code. Every page is loaded on first visit (lazy), so the first load
// carries only the shell. Routes under the `app` layout need a session and, each, a permission.
import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import {
  createRootRouteWithContext,
  createRoute,
  createRouter,
  lazyRouteComponent,
  Outlet,
  redirect,
} from '@tanstack/react-router';
import { ApiError } from './api/client';
import type { Me } from './api/types';
import { can, canAny, loadSession, meQueryKey, type Permission } from './areas/auth/session';
import { exportsFor } from './areas/exports/data-exports';
import { AppLayout } from './components/AppLayout';
import { ForbiddenError, NotFound, RouteError } from './components/RouteErrors';
import { LoadingState } from './components/states';

interface RouterContext {
  queryClient: QueryClient;
}

function optionalString(value: unknown): string | undefined {
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number') return String(value);
  return undefined;
}

const rootRoute = createRootRouteWithContext<RouterContext>()({
  component: Outlet,
  notFoundComponent: NotFound,
});

const loginRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/login',
  validateSearch: (search: Record<string, unknown>): { redirect?: string; tenant?: string } => ({
    redirect: optionalString(search.redirect),
    tenant: optionalString(search.tenant),
  }),
  component: lazyRouteComponent(() => import('./areas/auth/LoginPage'), 'LoginPage'),
});

const forgotPasswordRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/forgot-password',
  validateSearch: (search: Record<string, unknown>): { tenant?: string } => ({
    tenant: optionalString(search.tenant),
  }),
  component: lazyRouteComponent(() => import('./areas/auth/ForgotPasswordPage'), 'ForgotPasswordPage'),
});

const resetPasswordRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/reset-password',
  validateSearch: (search: Record<string, unknown>): { token?: string; tenant?: string } => ({
    token: optionalString(search.token),
    tenant: optionalString(search.tenant),
  }),
  component: lazyRouteComponent(() => import('./areas/auth/ResetPasswordPage'), 'ResetPasswordPage'),
});

/** The signed-in part of the app: without a session, go to the login page and come back. */
const appRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: 'app',
  beforeLoad: async ({ context, location }): Promise<{ me: Me }> => {
    const me = await loadSession(context.queryClient);
    if (!me) {
      throw redirect({ to: '/login', search: { redirect: location.href } });
    }
    return { me };
  },
  component: AppLayout,
});

function requirePermission(me: Me, ...permissions: Permission[]): void {
  if (!permissions.every((permission) => can(me, permission))) throw new ForbiddenError();
}

const homeRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/',
  component: lazyRouteComponent(() => import('./areas/home/HomePage'), 'HomePage'),
});

const jobsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/jobs',
  validateSearch: (search: Record<string, unknown>): { job?: string } => ({
    job: optionalString(search.job),
  }),
  beforeLoad: ({ context }) => requirePermission(context.me, 'jobs.read'),
  component: lazyRouteComponent(() => import('./areas/jobs/JobsPage'), 'JobsPage'),
});

const usersRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/admin/users',
  validateSearch: (search: Record<string, unknown>): { q?: string } => ({ q: optionalString(search.q) }),
  beforeLoad: ({ context }) => requirePermission(context.me, 'users.read'),
  component: lazyRouteComponent(() => import('./areas/admin/users/UsersPage'), 'UsersPage'),
});

const userRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/admin/users/$id',
  beforeLoad: ({ context }) => requirePermission(context.me, 'users.read'),
  component: lazyRouteComponent(() => import('./areas/admin/users/UserPage'), 'UserPage'),
});

const orgUnitsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/admin/org-units',
  beforeLoad: ({ context }) => {
    if (!canAny(context.me, 'org_units.read', 'org_units.manage')) throw new ForbiddenError();
  },
  component: lazyRouteComponent(() => import('./areas/admin/org-units/OrgUnitsPage'), 'OrgUnitsPage'),
});

const tenantRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/admin/tenant',
  beforeLoad: ({ context }) => requirePermission(context.me, 'tenant.manage'),
  component: lazyRouteComponent(
    () => import('./areas/admin/tenant/TenantSettingsPage'),
    'TenantSettingsPage',
  ),
});

/** 請求設定: read with billing.read, saved by 管理者 (tenant.manage). */
const billingSettingsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/admin/billing-settings',
  beforeLoad: ({ context }) => requirePermission(context.me, 'tenant.manage', 'billing.read'),
  component: lazyRouteComponent(
    () => import('./areas/admin/billing-settings/BillingSettingsPage'),
    'BillingSettingsPage',
  ),
});

const outboxRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/admin/outbox',
  beforeLoad: ({ context }) => {
    if (!context.me.devOutbox) throw new ForbiddenError();
    requirePermission(context.me, 'mail_outbox.read');
  },
  component: lazyRouteComponent(() => import('./areas/admin/outbox/OutboxPage'), 'OutboxPage'),
});

const productsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/products',
  validateSearch: (search: Record<string, unknown>): { q?: string; status?: 'draft' | 'published' } => ({
    q: optionalString(search.q),
    status: search.status === 'draft' || search.status === 'published' ? search.status : undefined,
  }),
  beforeLoad: ({ context }) => requirePermission(context.me, 'catalog.read'),
  component: lazyRouteComponent(() => import('./areas/catalog/products/ProductsPage'), 'ProductsPage'),
});

const newProductRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/products/new',
  beforeLoad: ({ context }) => requirePermission(context.me, 'catalog.manage'),
  component: lazyRouteComponent(() => import('./areas/catalog/products/NewProductPage'), 'NewProductPage'),
});

const productRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/products/$id',
  beforeLoad: ({ context }) => requirePermission(context.me, 'catalog.read'),
  component: lazyRouteComponent(() => import('./areas/catalog/products/ProductPage'), 'ProductPage'),
});

/** Product attributes: attribute managers define them, catalog managers link them to products. */
function requireProductAttributes(me: Me): void {
  if (!canAny(me, 'attributes.manage', 'catalog.manage')) throw new ForbiddenError();
}

const productAttributesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/product-attributes',
  validateSearch: (search: Record<string, unknown>): { q?: string; retired?: boolean } => ({
    q: optionalString(search.q),
    retired: search.retired === true || search.retired === 'true' ? true : undefined,
  }),
  beforeLoad: ({ context }) => requireProductAttributes(context.me),
  component: lazyRouteComponent(
    () => import('./areas/catalog/product-attributes/ProductAttributesPage'),
    'ProductAttributesPage',
  ),
});

const productAttributeRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/product-attributes/$id',
  beforeLoad: ({ context }) => requireProductAttributes(context.me),
  component: lazyRouteComponent(
    () => import('./areas/catalog/product-attributes/ProductAttributePage'),
    'ProductAttributePage',
  ),
});

const customersRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/customers',
  validateSearch: (
    search: Record<string, unknown>,
  ): { q?: string; kind?: 'organization' | 'person'; lifecycle?: 'prospect' | 'account' } => ({
    q: optionalString(search.q),
    kind: search.kind === 'organization' || search.kind === 'person' ? search.kind : undefined,
    lifecycle:
      search.lifecycle === 'prospect' || search.lifecycle === 'account' ? search.lifecycle : undefined,
  }),
  beforeLoad: ({ context }) => requirePermission(context.me, 'customers.read'),
  component: lazyRouteComponent(() => import('./areas/customers/CustomersPage'), 'CustomersPage'),
});

const newCustomerRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/customers/new',
  beforeLoad: ({ context }) => requirePermission(context.me, 'customers.manage'),
  component: lazyRouteComponent(() => import('./areas/customers/NewCustomerPage'), 'NewCustomerPage'),
});

const customerRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/customers/$id',
  /** `created`: just made by 新規作成; the page says so and offers [基本契約を作成する]. */
  validateSearch: (search: Record<string, unknown>): { created?: boolean } => ({
    created: search.created === true || search.created === 'true' ? true : undefined,
  }),
  beforeLoad: ({ context }) => requirePermission(context.me, 'customers.read'),
  component: lazyRouteComponent(() => import('./areas/customers/CustomerPage'), 'CustomerPage'),
});

const customerAttributesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/customer-attributes',
  beforeLoad: ({ context }) => requirePermission(context.me, 'attributes.manage'),
  component: lazyRouteComponent(
    () => import('./areas/customers/attributes/CustomerAttributesPage'),
    'CustomerAttributesPage',
  ),
});

const portalUsersRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/portal-users',
  validateSearch: (search: Record<string, unknown>): { q?: string } => ({ q: optionalString(search.q) }),
  beforeLoad: ({ context }) => requirePermission(context.me, 'portal_users.manage', 'customers.read'),
  component: lazyRouteComponent(() => import('./areas/portal-users/PortalUsersPage'), 'PortalUsersPage'),
});

const agreementStatuses = ['draft', 'scheduled', 'on_sale'] as const;
type AgreementStatusParam = (typeof agreementStatuses)[number];

function agreementStatusList(value: unknown): AgreementStatusParam[] | undefined {
  const list = (Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : []).filter(
    (item): item is AgreementStatusParam => (agreementStatuses as readonly unknown[]).includes(item),
  );
  return list.length ? [...new Set(list)] : undefined;
}

const agreementsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/agreements',
  validateSearch: (search: Record<string, unknown>): { q?: string; status?: AgreementStatusParam[] } => ({
    q: optionalString(search.q),
    status: agreementStatusList(search.status),
  }),
  beforeLoad: ({ context }) => requirePermission(context.me, 'agreements.read'),
  component: lazyRouteComponent(() => import('./areas/agreements/AgreementsPage'), 'AgreementsPage'),
});

const newAgreementRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/agreements/new',
  validateSearch: (search: Record<string, unknown>): { customerId?: string } => ({
    customerId: optionalString(search.customerId),
  }),
  beforeLoad: ({ context }) =>
    requirePermission(context.me, 'agreements.manage', 'customers.read', 'catalog.read'),
  component: lazyRouteComponent(() => import('./areas/agreements/NewAgreementPage'), 'NewAgreementPage'),
});

const agreementRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/agreements/$id',
  beforeLoad: ({ context }) => requirePermission(context.me, 'agreements.read'),
  component: lazyRouteComponent(() => import('./areas/agreements/AgreementPage'), 'AgreementPage'),
});

const orderStatuses = ['processing', 'completed', 'cancelled'] as const;
const orderKinds = ['new', 'add', 'reduce', 'terminate'] as const;
const lineItemStatuses = ['ordered', 'active', 'terminated', 'cancelled'] as const;

function oneOf<T extends string>(values: readonly T[], value: unknown): T | undefined {
  return (values as readonly unknown[]).includes(value) ? (value as T) : undefined;
}

const ordersRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/orders',
  validateSearch: (
    search: Record<string, unknown>,
  ): {
    q?: string;
    status?: (typeof orderStatuses)[number];
    kind?: (typeof orderKinds)[number];
  } => ({
    q: optionalString(search.q),
    status: oneOf(orderStatuses, search.status),
    kind: oneOf(orderKinds, search.kind),
  }),
  beforeLoad: ({ context }) => requirePermission(context.me, 'orders.read'),
  component: lazyRouteComponent(() => import('./areas/orders/OrdersPage'), 'OrdersPage'),
});

const checkoutSteps = ['item', 'cart', 'confirm', 'done'] as const;

/** 新規注文: staff choose the customer (`customerId`); a portal user orders for their own. */
const newOrderRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/orders/new',
  validateSearch: (
    search: Record<string, unknown>,
  ): {
    q?: string;
    customerId?: string;
    step?: (typeof checkoutSteps)[number];
    productId?: string;
    orderId?: string;
  } => ({
    q: optionalString(search.q),
    customerId: optionalString(search.customerId),
    step: oneOf(checkoutSteps, search.step),
    productId: optionalString(search.productId),
    orderId: optionalString(search.orderId),
  }),
  beforeLoad: ({ context }) => {
    requirePermission(context.me, 'orders.place');
    if (context.me.kind !== 'portal') requirePermission(context.me, 'customers.read');
  },
  component: lazyRouteComponent(() => import('./areas/orders/NewOrderPage'), 'NewOrderPage'),
});

/** 注文一括登録: new orders from a CSV, for staff with orders.import (管理者 by default). */
const orderImportRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/orders/import',
  beforeLoad: ({ context }) => requirePermission(context.me, 'orders.import'),
  component: lazyRouteComponent(() => import('./areas/orders/OrderImportPage'), 'OrderImportPage'),
});

const orderRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/orders/$id',
  beforeLoad: ({ context }) => requirePermission(context.me, 'orders.read'),
  component: lazyRouteComponent(() => import('./areas/orders/OrderPage'), 'OrderPage'),
});

const contractsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/contracts',
  validateSearch: (search: Record<string, unknown>): { q?: string } => ({ q: optionalString(search.q) }),
  beforeLoad: ({ context }) => requirePermission(context.me, 'contracts.read'),
  component: lazyRouteComponent(() => import('./areas/contracts/ContractsPage'), 'ContractsPage'),
});

const contractRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/contracts/$id',
  beforeLoad: ({ context }) => requirePermission(context.me, 'contracts.read'),
  component: lazyRouteComponent(() => import('./areas/contracts/ContractPage'), 'ContractPage'),
});

const lineItemsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/line-items',
  validateSearch: (
    search: Record<string, unknown>,
  ): { q?: string; status?: (typeof lineItemStatuses)[number] } => ({
    q: optionalString(search.q),
    status: oneOf(lineItemStatuses, search.status),
  }),
  beforeLoad: ({ context }) => requirePermission(context.me, 'contracts.read'),
  component: lazyRouteComponent(() => import('./areas/line-items/LineItemsPage'), 'LineItemsPage'),
});

const lineItemRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/line-items/$id',
  beforeLoad: ({ context }) => requirePermission(context.me, 'contracts.read'),
  component: lazyRouteComponent(() => import('./areas/line-items/LineItemPage'), 'LineItemPage'),
});

const invoiceStatusValues = ['draft', 'issued'] as const;
const paymentStatusValues = ['unpaid', 'partially_paid', 'paid', 'overdue'] as const;

function billingMonthParam(value: unknown): string | undefined {
  const month = optionalString(value);
  return month && /^\d{4}-(0[1-9]|1[0-2])$/.test(month) ? month : undefined;
}

/** 請求管理: the invoice search (請求データを確認する), by customer and 請求年月. */
const billingRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/billing',
  validateSearch: (
    search: Record<string, unknown>,
  ): {
    q?: string;
    month?: string;
    status?: (typeof invoiceStatusValues)[number];
    paymentStatus?: (typeof paymentStatusValues)[number];
  } => ({
    q: optionalString(search.q),
    month: billingMonthParam(search.month),
    status: oneOf(invoiceStatusValues, search.status),
    paymentStatus: oneOf(paymentStatusValues, search.paymentStatus),
  }),
  beforeLoad: ({ context }) => requirePermission(context.me, 'billing.read'),
  component: lazyRouteComponent(() => import('./areas/billing/InvoicesPage'), 'InvoicesPage'),
});

const invoiceRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/billing/invoices/$id',
  beforeLoad: ({ context }) => requirePermission(context.me, 'billing.read'),
  component: lazyRouteComponent(() => import('./areas/billing/InvoicePage'), 'InvoicePage'),
});

const billingRunsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/billing/runs',
  validateSearch: (search: Record<string, unknown>): { run?: string } => ({
    run: optionalString(search.run),
  }),
  beforeLoad: ({ context }) => requirePermission(context.me, 'billing.read'),
  component: lazyRouteComponent(() => import('./areas/billing/BillingRunsPage'), 'BillingRunsPage'),
});

const receivablesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/billing/receivables',
  validateSearch: (search: Record<string, unknown>): { overdue?: boolean } => ({
    overdue: search.overdue === true || search.overdue === 'true' ? true : undefined,
  }),
  beforeLoad: ({ context }) => requirePermission(context.me, 'billing.read'),
  component: lazyRouteComponent(() => import('./areas/billing/ReceivablesPage'), 'ReceivablesPage'),
});

const paymentImportRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/billing/payments/import',
  beforeLoad: ({ context }) => requirePermission(context.me, 'billing.run'),
  component: lazyRouteComponent(() => import('./areas/billing/PaymentImportPage'), 'PaymentImportPage'),
});

/** 各種データ出力: the CSV exports the person may read (each needs its own read permission). */
const exportsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/exports',
  beforeLoad: ({ context }) => {
    if (exportsFor(context.me).length === 0) throw new ForbiddenError();
  },
  component: lazyRouteComponent(() => import('./areas/exports/ExportsPage'), 'ExportsPage'),
});

const accountRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/account',
  component: lazyRouteComponent(() => import('./areas/account/AccountPage'), 'AccountPage'),
});

const routeTree = rootRoute.addChildren([
  loginRoute,
  forgotPasswordRoute,
  resetPasswordRoute,
  appRoute.addChildren([
    homeRoute,
    productsRoute,
    newProductRoute,
    productRoute,
    productAttributesRoute,
    productAttributeRoute,
    customersRoute,
    newCustomerRoute,
    customerRoute,
    customerAttributesRoute,
    portalUsersRoute,
    agreementsRoute,
    newAgreementRoute,
    agreementRoute,
    newOrderRoute,
    ordersRoute,
    orderImportRoute,
    orderRoute,
    contractsRoute,
    contractRoute,
    lineItemsRoute,
    lineItemRoute,
    billingRoute,
    invoiceRoute,
    billingRunsRoute,
    receivablesRoute,
    paymentImportRoute,
    exportsRoute,
    jobsRoute,
    usersRoute,
    userRoute,
    orgUnitsRoute,
    tenantRoute,
    billingSettingsRoute,
    outboxRoute,
    accountRoute,
  ]),
]);

/** A 401 on any call means the session ended (expired, revoked): sign in again and come back. */
function onUnauthenticated(error: unknown): void {
  if (!(error instanceof ApiError) || error.status !== 401) return;
  const { pathname, href } = router.state.location;
  if (pathname === '/login' || pathname === '/forgot-password' || pathname === '/reset-password') return;
  queryClient.removeQueries({ queryKey: meQueryKey });
  void router.navigate({ to: '/login', search: { redirect: href } });
}

export const queryClient: QueryClient = new QueryClient({
  queryCache: new QueryCache({ onError: onUnauthenticated }),
  mutationCache: new MutationCache({ onError: onUnauthenticated }),
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      refetchOnWindowFocus: false,
      retry: (failureCount, error) =>
        !(error instanceof ApiError && error.status >= 400 && error.status < 500) && failureCount < 2,
    },
  },
});

export const router = createRouter({
  routeTree,
  context: { queryClient },
  defaultPreload: 'intent',
  defaultPreloadStaleTime: 0,
  defaultPendingComponent: LoadingState,
  defaultPendingMs: 300,
  defaultErrorComponent: RouteError,
  defaultNotFoundComponent: NotFound,
  scrollRestoration: true,
});

declare module '@tanstack/react-router' {
  interface Register {
    router: typeof router;
  }
}
