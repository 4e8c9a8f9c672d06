// Reads of orders, contracts, line items and the products a customer can order. Query keys
// start with the resource, so a write invalidates every list and detail of it at once.
import { infiniteQueryOptions, type QueryClient, queryOptions } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { LineItemStatus, OrderKind, OrderStatus } from './ordering-types';

const PAGE_SIZE = 50;

export interface OrderFilters {
  q?: string;
  status?: OrderStatus;
  kind?: OrderKind;
  customerId?: string;
}

export const ordersQuery = (filters: OrderFilters, limit = PAGE_SIZE) =>
  infiniteQueryOptions({
    queryKey: ['orders', 'list', filters, limit],
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/v1/orders', {
          params: {
            query: {
              q: filters.q || undefined,
              status: filters.status ? [filters.status] : undefined,
              kind: filters.kind ? [filters.kind] : undefined,
              customerId: filters.customerId,
              limit,
              cursor: pageParam,
            },
          },
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });

export const orderQuery = (id: string) =>
  queryOptions({
    queryKey: ['orders', 'detail', id],
    queryFn: () => unwrap(api.GET('/api/v1/orders/{id}', { params: { path: { id } } })),
  });

export const contractsQuery = (q: string, limit = PAGE_SIZE) =>
  infiniteQueryOptions({
    queryKey: ['contracts', 'list', q, limit],
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/v1/contracts', {
          params: { query: { q: q || undefined, limit, cursor: pageParam } },
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });

export const contractQuery = (id: string) =>
  queryOptions({
    queryKey: ['contracts', 'detail', id],
    queryFn: () => unwrap(api.GET('/api/v1/contracts/{id}', { params: { path: { id } } })),
  });

export const lineItemsQuery = (q: string, status?: LineItemStatus, limit = PAGE_SIZE) =>
  infiniteQueryOptions({
    queryKey: ['line-items', 'list', q, status ?? null, limit],
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/v1/line-items', {
          params: {
            query: { q: q || undefined, status: status ? [status] : undefined, limit, cursor: pageParam },
          },
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });

export const lineItemQuery = (id: string) =>
  queryOptions({
    queryKey: ['line-items', 'detail', id],
    queryFn: () => unwrap(api.GET('/api/v1/line-items/{id}', { params: { path: { id } } })),
  });

export const orderableProductsQuery = (customerId: string) =>
  queryOptions({
    queryKey: ['orderable-products', customerId],
    queryFn: async () =>
      (
        await unwrap(
          api.GET('/api/v1/customers/{customerId}/orderable-products', {
            params: { path: { customerId } },
          }),
        )
      ).items,
  });

export const orderCustomersQuery = (q: string, limit = PAGE_SIZE) =>
  infiniteQueryOptions({
    queryKey: ['customers', 'list', 'order', q, limit],
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/v1/customers', { params: { query: { q: q || undefined, limit, cursor: pageParam } } }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });

export const orderCustomerQuery = (id: string) =>
  queryOptions({
    queryKey: ['customers', 'detail', id],
    queryFn: () => unwrap(api.GET('/api/v1/customers/{id}', { params: { path: { id } } })),
  });

/** After an order is placed, completed or cancelled: everything it may have changed. */
export async function invalidateOrdering(queryClient: QueryClient): Promise<void> {
  await Promise.all([
    queryClient.invalidateQueries({ queryKey: ['orders'] }),
    queryClient.invalidateQueries({ queryKey: ['contracts'] }),
    queryClient.invalidateQueries({ queryKey: ['line-items'] }),
    queryClient.invalidateQueries({ queryKey: ['audit'] }),
  ]);
}

/** Product attribute definitions, retired ones too, to label the values stored on orders. */
export const productAttributeDefinitionsQuery = queryOptions({
  queryKey: ['attributeDefinitions', 'list', 'product', '', true],
  queryFn: async () =>
    (
      await unwrap(
        api.GET('/api/v1/attribute-definitions', {
          params: { query: { entity: 'product', includeRetired: true } },
        }),
      )
    ).items,
  staleTime: 5 * 60_000,
});
