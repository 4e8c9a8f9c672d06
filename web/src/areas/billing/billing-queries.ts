// Reads of invoices and billing runs. Query keys start with the resource, so a write (a run,
// an issue, a payment) invalidates every list and detail of it at once.
import { infiniteQueryOptions, type QueryClient, queryOptions } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { InvoiceStatus, PaymentStatus } from './billing-types';

const PAGE_SIZE = 50;

export interface InvoiceFilters {
  q?: string;
  month?: string;
  status?: InvoiceStatus;
  paymentStatus?: PaymentStatus;
}

export const invoicesQuery = (filters: InvoiceFilters, limit = PAGE_SIZE) =>
  infiniteQueryOptions({
    queryKey: ['invoices', 'list', filters, limit],
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/v1/invoices', {
          params: {
            query: {
              q: filters.q || undefined,
              billingMonth: filters.month,
              status: filters.status,
              paymentStatus: filters.paymentStatus,
              limit,
              cursor: pageParam,
            },
          },
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });

export const invoiceQuery = (id: string) =>
  queryOptions({
    queryKey: ['invoices', 'detail', id],
    queryFn: () => unwrap(api.GET('/api/v1/invoices/{id}', { params: { path: { id } } })),
  });

export const billingRunsQuery = (limit = PAGE_SIZE) =>
  infiniteQueryOptions({
    queryKey: ['billing-runs', 'list', limit],
    queryFn: ({ pageParam }) =>
      unwrap(api.GET('/api/v1/billing-runs', { params: { query: { limit, cursor: pageParam } } })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });

export const billingRunQuery = (id: string) =>
  queryOptions({
    queryKey: ['billing-runs', 'detail', id],
    queryFn: () => unwrap(api.GET('/api/v1/billing-runs/{id}', { params: { path: { id } } })),
  });

export const paymentsQuery = (invoiceId: string) =>
  queryOptions({
    queryKey: ['payments', 'list', invoiceId],
    queryFn: async () =>
      (await unwrap(api.GET('/api/v1/payments', { params: { query: { invoiceId, limit: 200 } } }))).items,
  });

export const receivablesQuery = (overdueOnly: boolean, limit = PAGE_SIZE) =>
  infiniteQueryOptions({
    queryKey: ['billing-summary', 'receivables', overdueOnly, limit],
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/v1/receivables', {
          params: { query: { overdueOnly: overdueOnly || undefined, limit, cursor: pageParam } },
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });

export const billingDashboardQuery = queryOptions({
  queryKey: ['billing-summary', 'dashboard'],
  queryFn: () => unwrap(api.GET('/api/v1/billing/dashboard')),
});

export const billingSettingsQuery = queryOptions({
  queryKey: ['billing-settings'],
  queryFn: () => unwrap(api.GET('/api/v1/billing-settings')),
});

/** After a run, an issue, a credit note or a payment: everything billing shows may have changed. */
export async function invalidateBilling(queryClient: QueryClient): Promise<void> {
  await Promise.all([
    queryClient.invalidateQueries({ queryKey: ['invoices'] }),
    queryClient.invalidateQueries({ queryKey: ['billing-runs'] }),
    queryClient.invalidateQueries({ queryKey: ['billing-summary'] }),
    queryClient.invalidateQueries({ queryKey: ['payments'] }),
  ]);
}
