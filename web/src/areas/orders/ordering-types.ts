// Shapes of orders, contracts, line items and what a customer can order, read off the
// generated OpenAPI paths so they follow the server.
import type { paths } from '../../api/schema';

type JsonOf<T> = T extends { content: { 'application/json': infer Body } } ? Body : never;
type BodyOf<T> = T extends { requestBody?: { content: { 'application/json': infer Body } } } ? Body : never;

export type Order = JsonOf<paths['/api/v1/orders/{id}']['get']['responses'][200]>;
export type OrderItem = Order['items'][number];
export type OrderStatus = Order['status'];
export type OrderKind = Order['kind'];
export type PlaceOrderInput = BodyOf<paths['/api/v1/orders']['post']>;
export type NewOrderInput = Extract<PlaceOrderInput, { kind: 'new' }>;
export type PlacedOrder = JsonOf<paths['/api/v1/orders']['post']['responses'][201]>;

export type Contract = JsonOf<paths['/api/v1/contracts/{id}']['get']['responses'][200]>;
export type ContractLineItem = Contract['lineItems'][number];
export type ContractListItem = JsonOf<paths['/api/v1/contracts']['get']['responses'][200]>['items'][number];

export type LineItem = JsonOf<paths['/api/v1/line-items/{id}']['get']['responses'][200]>;
export type LineItemHistoryEntry = LineItem['orders'][number];
export type LineItemListItem = JsonOf<paths['/api/v1/line-items']['get']['responses'][200]>['items'][number];
export type LineItemStatus = LineItem['status'];

export type OrderableProduct = JsonOf<
  paths['/api/v1/customers/{customerId}/orderable-products']['get']['responses'][200]
>['items'][number];
export type OrderCustomer = JsonOf<paths['/api/v1/customers']['get']['responses'][200]>['items'][number];

export const orderStatuses: readonly OrderStatus[] = ['processing', 'completed', 'cancelled'];
export const orderKinds: readonly OrderKind[] = ['new', 'add', 'reduce', 'terminate'];
export const lineItemStatuses: readonly LineItemStatus[] = ['ordered', 'active', 'terminated', 'cancelled'];
