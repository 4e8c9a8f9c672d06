// Shapes of the API resources, read off the generated paths so they follow the server.
import type { paths } from './schema';

type JsonOf<T> = T extends { content: { 'application/json': infer Body } } ? Body : never;

export type Me = JsonOf<paths['/api/v1/auth/me']['get']['responses'][200]>;
export type Role = NonNullable<
  paths['/api/v1/users']['post']['requestBody']
>['content']['application/json']['roles'][number];
export type User = JsonOf<paths['/api/v1/users/{id}']['get']['responses'][200]>;
export type OrgUnit = JsonOf<paths['/api/v1/org-units']['get']['responses'][200]>['items'][number];
export type OrgUnitKind = OrgUnit['kind'];
export type Tenant = JsonOf<paths['/api/v1/tenant']['get']['responses'][200]>;
export type AuditEntry = JsonOf<paths['/api/v1/audit']['get']['responses'][200]>['items'][number];
export type Job = JsonOf<paths['/api/v1/jobs/{id}']['get']['responses'][200]>;
export type JobStatus = Job['status'];
export type ApiToken = JsonOf<paths['/api/v1/api-tokens']['get']['responses'][200]>['items'][number];
export type OutboxMail = JsonOf<paths['/api/v1/dev-outbox']['get']['responses'][200]>['items'][number];

type BodyOf<T> = T extends { requestBody?: { content: { 'application/json': infer Body } } } ? Body : never;

export type Product = JsonOf<paths['/api/v1/products/{id}']['get']['responses'][200]>;
export type ProductInput = BodyOf<paths['/api/v1/products']['post']>;
export type ProductStatus = Product['status'];
export type TaxCategory = Product['taxCategory'];
export type Fulfilment = Product['fulfilment'];
export type Pricing = Product['pricing'];
export type PricingPattern = Pricing['pattern'];
export type FreePeriodUnit = Pricing['freePeriod']['unit'];
export type ProductSummary = JsonOf<
  paths['/api/v1/attribute-definitions/{id}/products']['get']['responses'][200]
>['items'][number];

export type AttributeDefinition = JsonOf<
  paths['/api/v1/attribute-definitions/{id}']['get']['responses'][200]
>;
export type AttributeEntity = AttributeDefinition['entity'];
export type AttributeType = AttributeDefinition['type'];
export type AttributeDefinitionInput = BodyOf<paths['/api/v1/attribute-definitions']['post']>;

export type Customer = JsonOf<paths['/api/v1/customers/{id}']['get']['responses'][200]>;
export type CustomerListItem = JsonOf<paths['/api/v1/customers']['get']['responses'][200]>['items'][number];
export type CustomerInput = BodyOf<paths['/api/v1/customers']['post']>;
export type CustomerKind = Customer['kind'];
export type CustomerLifecycle = Customer['lifecycle'];
export type Prefecture = NonNullable<CustomerInput['address']>['prefecture'];
export type BillingAccount = JsonOf<
  paths['/api/v1/customers/{id}/billing-accounts']['get']['responses'][200]
>['items'][number];
export type PaymentMethod = BillingAccount['paymentMethod'];
export type PaymentTerms = BillingAccount['paymentTerms'];

export type Agreement = JsonOf<paths['/api/v1/agreements/{id}']['get']['responses'][200]>;
export type AgreementListItem = JsonOf<paths['/api/v1/agreements']['get']['responses'][200]>['items'][number];
export type AgreementStatus = Agreement['status'];

export type PortalUser = JsonOf<paths['/api/v1/portal-users/{id}']['get']['responses'][200]>;
