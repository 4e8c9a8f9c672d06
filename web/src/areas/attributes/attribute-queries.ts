import { queryOptions } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { AttributeEntity } from '../../api/types';

/** The definitions of one entity by position (not paged: a tenant has tens of them). */
export const attributeDefinitionsQuery = (entity: AttributeEntity, q = '', includeRetired = false) =>
  queryOptions({
    queryKey: ['attributeDefinitions', 'list', entity, q, includeRetired],
    queryFn: async () =>
      (
        await unwrap(
          api.GET('/api/v1/attribute-definitions', {
            params: { query: { entity, q: q || undefined, includeRetired } },
          }),
        )
      ).items,
  });

export const attributeDefinitionQuery = (id: string) =>
  queryOptions({
    queryKey: ['attributeDefinitions', 'detail', id],
    queryFn: () => unwrap(api.GET('/api/v1/attribute-definitions/{id}', { params: { path: { id } } })),
  });

export const linkedProductsQuery = (id: string) =>
  queryOptions({
    queryKey: ['attributeDefinitions', 'products', id],
    queryFn: async () =>
      (await unwrap(api.GET('/api/v1/attribute-definitions/{id}/products', { params: { path: { id } } })))
        .items,
  });
