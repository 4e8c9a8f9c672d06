import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { AgreementStatus } from '../../api/types';

const PAGE_SIZE = 50;

export interface AgreementFilters {
  q?: string;
  customerId?: string;
  status?: AgreementStatus[];
}

export const agreementsQuery = (filters: AgreementFilters, limit = PAGE_SIZE) =>
  infiniteQueryOptions({
    queryKey: [
      'agreements',
      'list',
      filters.q ?? '',
      filters.customerId ?? null,
      [...(filters.status ?? [])].sort().join(','),
      limit,
    ],
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/v1/agreements', {
          params: {
            query: {
              q: filters.q || undefined,
              customerId: filters.customerId,
              status: filters.status?.length ? filters.status : undefined,
              limit,
              cursor: pageParam,
            },
          },
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });

export const agreementQuery = (id: string) =>
  queryOptions({
    queryKey: ['agreements', 'detail', id],
    queryFn: () => unwrap(api.GET('/api/v1/agreements/{id}', { params: { path: { id } } })),
  });
