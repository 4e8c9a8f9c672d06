import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { CustomerKind, CustomerLifecycle } from '../../api/types';

const PAGE_SIZE = 50;

export interface CustomerFilters {
  q?: string;
  kind?: CustomerKind;
  lifecycle?: CustomerLifecycle;
}

export const customersQuery = (filters: CustomerFilters, limit = PAGE_SIZE) =>
  infiniteQueryOptions({
    queryKey: ['customers', 'list', filters.q ?? '', filters.kind ?? null, filters.lifecycle ?? null, limit],
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/v1/customers', {
          params: {
            query: {
              q: filters.q || undefined,
              kind: filters.kind,
              lifecycle: filters.lifecycle,
              limit,
              cursor: pageParam,
            },
          },
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });

export const customerQuery = (id: string) =>
  queryOptions({
    queryKey: ['customers', 'detail', id],
    queryFn: () => unwrap(api.GET('/api/v1/customers/{id}', { params: { path: { id } } })),
  });

export const billingAccountsQuery = (customerId: string) =>
  queryOptions({
    queryKey: ['customers', 'billingAccounts', customerId],
    queryFn: async () =>
      (
        await unwrap(
          api.GET('/api/v1/customers/{id}/billing-accounts', { params: { path: { id: customerId } } }),
        )
      ).items,
  });
