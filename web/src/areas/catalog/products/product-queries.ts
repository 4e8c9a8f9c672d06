import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';
import type { ProductStatus } from '../../../api/types';

const PAGE_SIZE = 50;

export const productsQuery = (q: string, status?: ProductStatus, limit = PAGE_SIZE) =>
  infiniteQueryOptions({
    queryKey: ['products', 'list', q, status ?? null, limit],
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/v1/products', {
          params: { query: { q: q || undefined, status, limit, cursor: pageParam } },
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });

export const productQuery = (id: string) =>
  queryOptions({
    queryKey: ['products', 'detail', id],
    queryFn: () => unwrap(api.GET('/api/v1/products/{id}', { params: { path: { id } } })),
  });
