// A customer: right after 新規作成 「顧客の作成に成功しました」 with [基本契約を作成する]; the
// profile with its custom attributes, [編集] -> [確定する] (「顧客の更新に成功しました」); the
// billing accounts with their payment method (売上対象外 = non-billable); the customer's
// master agreements; the change history.
import {
  Alert,
  Badge,
  Button,
  Card,
  Center,
  Group,
  Modal,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import {
  IconArrowLeft,
  IconCircleCheck,
  IconFileCertificate,
  IconPencil,
  IconShoppingCart,
} from '@tabler/icons-react';
import {
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
  useSuspenseQuery,
} from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import type { TFunction } from 'i18next';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import type {
  AttributeDefinition,
  BillingAccount,
  Customer,
  PaymentMethod,
  PaymentTerms,
} from '../../api/types';
import { AuditTrail } from '../../components/AuditTrail';
import { formatAttributeValue, localLabel } from '../../components/attribute-labels';
import { byPosition } from '../../components/attribute-values';
import { DetailList } from '../../components/DetailList';
import { formatDate, formatDateTime } from '../../components/date-time';
import { applyFieldErrors } from '../../components/form-errors';
import { AnchorLink, ButtonLink } from '../../components/links';
import { isConflict, notifyConflict, notifyError, notifySuccess } from '../../components/notify';
import { EmptyState, ErrorState, LoadingState } from '../../components/states';
import { AgreementStatusBadge } from '../agreements/agreement-labels';
import { agreementsQuery } from '../agreements/agreement-queries';
import { attributeDefinitionsQuery } from '../attributes/attribute-queries';
import { can, meQuery } from '../auth/session';
import { CustomerFields } from './CustomerFields';
import {
  type CustomerFormValues,
  customerFormValues,
  customerRequest,
  validateCustomer,
} from './customer-form';
import {
  addressLine,
  CustomerBadges,
  PaymentMethodBadge,
  paymentMethods,
  paymentTermsList,
} from './customer-labels';
import { billingAccountsQuery, customerQuery } from './customer-queries';

const route = getRouteApi('/app/customers/$id');

export function CustomerPage() {
  const { t } = useTranslation();
  const { id } = route.useParams();
  const customer = useQuery(customerQuery(id));
  // Retired definitions too: their stored values are still shown (read only).
  const definitions = useQuery(attributeDefinitionsQuery('customer', '', true));

  return (
    <Stack gap="md" maw={1100}>
      <AnchorLink to="/customers" size="sm" w="fit-content">
        <Group gap={4}>
          <IconArrowLeft size={14} aria-hidden />
          {t('customers.backToList')}
        </Group>
      </AnchorLink>
      {customer.isPending || definitions.isPending ? (
        <LoadingState />
      ) : customer.isError ? (
        <ErrorState error={customer.error} onRetry={() => void customer.refetch()} />
      ) : definitions.isError ? (
        <ErrorState error={definitions.error} onRetry={() => void definitions.refetch()} />
      ) : (
        <CustomerDetail customer={customer.data} definitions={definitions.data} />
      )}
    </Stack>
  );
}

function CustomerDetail({
  customer,
  definitions,
}: {
  customer: Customer;
  definitions: AttributeDefinition[];
}) {
  const { t } = useTranslation();
  const { data: me } = useSuspenseQuery(meQuery);
  const search = route.useSearch();
  const navigate = useNavigate({ from: '/customers/$id' });
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const manage = can(me, 'customers.manage');
  const createAgreement = can(me, 'agreements.manage');
  const active = definitions.filter((definition) => !definition.retired);

  const reload = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: ['customers', 'detail', customer.id] }),
      queryClient.invalidateQueries({ queryKey: ['audit', 'customer', customer.id] }),
    ]);

  return (
    <>
      {search.created && (
        <Alert
          color="teal"
          variant="light"
          icon={<IconCircleCheck size={20} />}
          title={t('customers.created')}
          withCloseButton
          closeButtonLabel={t('common.close')}
          onClose={() => void navigate({ search: {}, replace: true })}
          role="status"
        >
          <Stack gap="xs" align="flex-start">
            <Text size="sm">{t('customers.createdHint', { code: customer.code })}</Text>
            {createAgreement && (
              <ButtonLink
                to="/agreements/new"
                search={{ customerId: customer.id }}
                size="sm"
                leftSection={<IconFileCertificate size={16} />}
              >
                {t('customers.createAgreement')}
              </ButtonLink>
            )}
          </Stack>
        </Alert>
      )}

      <Group justify="space-between" align="flex-start" gap="sm">
        <Stack gap={4}>
          <Group gap="xs">
            <Title order={2} size="h3">
              {customer.name}
            </Title>
            <CustomerBadges kind={customer.kind} lifecycle={customer.lifecycle} />
            {customer.status === 'merged' && (
              <Badge color="gray" tt="none">
                {t('customers.merged')}
              </Badge>
            )}
          </Group>
          <Text c="dimmed" size="sm">
            {t('customers.fields.code')}: {customer.code}
            {customer.nameKana ? ` / ${customer.nameKana}` : ''}
          </Text>
        </Stack>
        {!editing && (
          <Group gap="xs">
            {createAgreement && !search.created && (
              <ButtonLink
                to="/agreements/new"
                search={{ customerId: customer.id }}
                variant="light"
                leftSection={<IconFileCertificate size={16} />}
              >
                {t('customers.createAgreement')}
              </ButtonLink>
            )}
            {manage && (
              <Button
                variant="default"
                leftSection={<IconPencil size={16} />}
                onClick={() => setEditing(true)}
              >
                {t('common.edit')}
              </Button>
            )}
          </Group>
        )}
      </Group>

      <Card withBorder radius="md" padding="lg">
        {editing ? (
          <CustomerEditForm
            customer={customer}
            definitions={active}
            onDone={() => setEditing(false)}
            onConflict={reload}
          />
        ) : (
          <CustomerProfile customer={customer} definitions={definitions} />
        )}
      </Card>

      <BillingAccounts customer={customer} manage={manage} />

      {can(me, 'agreements.read') && <CustomerAgreements customer={customer} canCreate={createAgreement} />}

      {can(me, 'contracts.read') && (
        <CustomerContracts customer={customer} canOrder={can(me, 'orders.place')} />
      )}

      {can(me, 'audit.read') && (
        <Card withBorder radius="md" padding="lg">
          <Stack gap="sm">
            <Title order={3} size="h4">
              {t('audit.title')}
            </Title>
            <AuditTrail
              entity="customer"
              entityId={customer.id}
              fieldLabel={(field) => customerFieldLabel(t, field, definitions)}
              formatValue={(field, value) => formatCustomerValue(t, field, value, definitions)}
            />
          </Stack>
        </Card>
      )}
    </>
  );
}

function customerFieldLabel(t: TFunction, field: string, definitions: AttributeDefinition[]): string {
  if (field.startsWith('attributes.')) {
    const definition = definitions.find((item) => item.key === field.slice('attributes.'.length));
    return definition ? localLabel(definition) : field;
  }
  return t(`customers.fields.${field}` as 'customers.fields.name', { defaultValue: field });
}

function formatCustomerValue(
  t: TFunction,
  field: string,
  value: unknown,
  definitions: AttributeDefinition[],
): string {
  if (field === 'kind' && (value === 'organization' || value === 'person'))
    return t(`customers.kinds.${value}`);
  if (field === 'lifecycle' && (value === 'prospect' || value === 'account')) {
    return t(`customers.lifecycles.${value}`);
  }
  if (field === 'status' && (value === 'active' || value === 'merged'))
    return t(`customers.statuses.${value}`);
  if (field === 'address' && value && typeof value === 'object') {
    return addressLine(value as Parameters<typeof addressLine>[0]);
  }
  if (field === 'attributes' && value && typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>)
      .map(([key, item]) => {
        const definition = definitions.find((candidate) => candidate.key === key);
        return definition
          ? `${localLabel(definition)}: ${formatAttributeValue(t, definition, item)}`
          : `${key}: ${String(item)}`;
      })
      .join(' / ');
  }
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

function CustomerProfile({
  customer,
  definitions,
}: {
  customer: Customer;
  definitions: AttributeDefinition[];
}) {
  const { t } = useTranslation();
  const stored = customer.attributes as Record<string, unknown>;
  const shown = byPosition(definitions).filter(
    (definition) => !definition.retired || stored[definition.key] !== undefined,
  );
  return (
    <Stack gap="md">
      <DetailList
        items={[
          { label: t('customers.fields.code'), value: customer.code, testId: 'customer-code' },
          { label: t('customers.fields.name'), value: customer.name },
          { label: t('customers.fields.nameKana'), value: customer.nameKana },
          { label: t('customers.fields.kind'), value: t(`customers.kinds.${customer.kind}`) },
          { label: t('customers.fields.lifecycle'), value: t(`customers.lifecycles.${customer.lifecycle}`) },
          { label: t('customers.fields.customerClass'), value: customer.customerClass },
          {
            label: t('customers.fields.address'),
            value: addressLine(customer.address),
            wide: true,
            testId: 'customer-address',
          },
          { label: t('customers.fields.phone'), value: customer.phone },
          { label: t('customers.fields.email'), value: customer.email },
        ]}
      />
      {shown.length > 0 && (
        <>
          <Title order={3} size="h5">
            {t('customers.sections.attributes')}
          </Title>
          <DetailList
            items={shown.map((definition) => ({
              label: `${localLabel(definition)}${definition.retired ? ` (${t('attributes.retired')})` : ''}`,
              value: formatAttributeValue(t, definition, stored[definition.key]),
            }))}
          />
        </>
      )}
      <Text size="xs" c="dimmed">
        {t('common.timestamps', {
          createdAt: formatDateTime(customer.createdAt),
          updatedAt: formatDateTime(customer.updatedAt),
        })}
      </Text>
    </Stack>
  );
}

function CustomerEditForm({
  customer,
  definitions,
  onDone,
  onConflict,
}: {
  customer: Customer;
  definitions: AttributeDefinition[];
  onDone: () => void;
  onConflict: () => Promise<unknown>;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const form = useForm<CustomerFormValues>({
    mode: 'controlled',
    initialValues: customerFormValues(definitions, customer),
    validate: validateCustomer(t, definitions),
  });

  // biome-ignore lint/correctness/useExhaustiveDependencies: keyed on the record's version on purpose
  useEffect(() => {
    form.setInitialValues(customerFormValues(definitions, customer));
    form.reset();
  }, [customer.id, customer.version]);

  const save = useMutation({
    mutationFn: (values: CustomerFormValues) =>
      unwrap(
        api.PATCH('/api/v1/customers/{id}', {
          params: { path: { id: customer.id } },
          body: { version: customer.version, ...customerRequest(values, definitions, 'edit') },
        }),
      ),
    onSuccess: async (saved) => {
      notifySuccess(t, t('customers.updated'));
      queryClient.setQueryData(['customers', 'detail', saved.id], saved);
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ['customers', 'list'] }),
        queryClient.invalidateQueries({ queryKey: ['audit', 'customer', saved.id] }),
      ]);
      onDone();
    },
    onError: async (error) => {
      if (isConflict(error)) {
        notifyConflict(t);
        await onConflict();
        return;
      }
      if (!applyFieldErrors(form, error, { sell_to_address_required: 'address.postalCode' })) {
        notifyError(t, error);
      }
    },
  });

  return (
    <form onSubmit={form.onSubmit((values) => save.mutate(values))} noValidate>
      <Stack gap="lg">
        <CustomerFields form={form} definitions={definitions} />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onDone} disabled={save.isPending}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={save.isPending}>
            {t('common.commit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function BillingAccounts({ customer, manage }: { customer: Customer; manage: boolean }) {
  const { t } = useTranslation();
  const accounts = useQuery(billingAccountsQuery(customer.id));
  const [editing, setEditing] = useState<BillingAccount | null>(null);

  return (
    <Card withBorder radius="md" padding="lg">
      <Stack gap="sm">
        <Title order={3} size="h4">
          {t('customers.billingAccounts')}
        </Title>
        {accounts.isPending ? (
          <LoadingState />
        ) : accounts.isError ? (
          <ErrorState error={accounts.error} onRetry={() => void accounts.refetch()} />
        ) : accounts.data.length === 0 ? (
          <EmptyState>{t('customers.noBillingAccounts')}</EmptyState>
        ) : (
          <Table.ScrollContainer minWidth={640}>
            <Table striped verticalSpacing="xs" data-testid="billing-accounts">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('customers.billing.number')}</Table.Th>
                  <Table.Th>{t('customers.billing.name')}</Table.Th>
                  <Table.Th>{t('customers.billing.paymentMethod')}</Table.Th>
                  <Table.Th>{t('customers.billing.paymentTerms')}</Table.Th>
                  {manage && <Table.Th w={1} />}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {accounts.data.map((account) => (
                  <Table.Tr key={account.id}>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>
                      {account.number}
                      {account.isDefault && (
                        <Badge ml={6} size="xs" variant="outline" tt="none">
                          {t('customers.billing.default')}
                        </Badge>
                      )}
                    </Table.Td>
                    <Table.Td>{account.name}</Table.Td>
                    <Table.Td>
                      <PaymentMethodBadge method={account.paymentMethod} />
                    </Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>
                      {t(`customers.paymentTerms.${account.paymentTerms}`)}
                    </Table.Td>
                    {manage && (
                      <Table.Td>
                        <Button
                          size="xs"
                          variant="subtle"
                          onClick={() => setEditing(account)}
                          aria-label={t('customers.billing.editOne', { number: account.number })}
                        >
                          {t('common.edit')}
                        </Button>
                      </Table.Td>
                    )}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={t('customers.billing.editTitle', { number: editing?.number ?? '' })}
      >
        {editing && <BillingAccountForm account={editing} onDone={() => setEditing(null)} />}
      </Modal>
    </Card>
  );
}

interface BillingAccountValues {
  name: string;
  paymentMethod: PaymentMethod;
  paymentTerms: PaymentTerms;
}

function BillingAccountForm({ account, onDone }: { account: BillingAccount; onDone: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const form = useForm<BillingAccountValues>({
    mode: 'uncontrolled',
    initialValues: {
      name: account.name,
      paymentMethod: account.paymentMethod,
      paymentTerms: account.paymentTerms,
    },
    validate: {
      name: (value) =>
        !value.trim()
          ? t('validation.required')
          : value.trim().length > 200
            ? t('validation.maxLength', { count: 200 })
            : null,
    },
  });
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: ['customers', 'billingAccounts', account.customerId] }),
      queryClient.invalidateQueries({ queryKey: ['customers', 'detail', account.customerId] }),
    ]);

  const save = useMutation({
    mutationFn: (values: BillingAccountValues) =>
      unwrap(
        api.PATCH('/api/v1/billing-accounts/{id}', {
          params: { path: { id: account.id } },
          body: {
            version: account.version,
            name: values.name.trim(),
            paymentMethod: values.paymentMethod,
            paymentTerms: values.paymentTerms,
          },
        }),
      ),
    onSuccess: async () => {
      notifySuccess(t, t('common.updated'));
      await refresh();
      onDone();
    },
    onError: async (error) => {
      if (isConflict(error)) {
        notifyConflict(t);
        await refresh();
        onDone();
        return;
      }
      if (!applyFieldErrors(form, error)) notifyError(t, error);
    },
  });

  return (
    <form onSubmit={form.onSubmit((values) => save.mutate(values))} noValidate>
      <Stack gap="md">
        <TextInput
          label={t('customers.billing.name')}
          required
          maxLength={200}
          data-autofocus
          key={form.key('name')}
          {...form.getInputProps('name')}
        />
        <Select
          label={t('customers.billing.paymentMethod')}
          description={t('customers.billing.nonBillableHint')}
          data={paymentMethods.map((method) => ({
            value: method,
            label: t(`customers.paymentMethods.${method}`),
          }))}
          allowDeselect={false}
          comboboxProps={{ withinPortal: true }}
          key={form.key('paymentMethod')}
          {...form.getInputProps('paymentMethod')}
        />
        <Select
          label={t('customers.billing.paymentTerms')}
          data={paymentTermsList.map((terms) => ({
            value: terms,
            label: t(`customers.paymentTerms.${terms}`),
          }))}
          allowDeselect={false}
          comboboxProps={{ withinPortal: true }}
          key={form.key('paymentTerms')}
          {...form.getInputProps('paymentTerms')}
        />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onDone} disabled={save.isPending}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={save.isPending}>
            {t('common.commit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function CustomerAgreements({ customer, canCreate }: { customer: Customer; canCreate: boolean }) {
  const { t } = useTranslation();
  const agreements = useInfiniteQuery(agreementsQuery({ customerId: customer.id }, 20));
  const rows = agreements.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <Card withBorder radius="md" padding="lg">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={3} size="h4">
            {t('customers.agreements')}
          </Title>
        </Group>
        {agreements.isPending ? (
          <LoadingState />
        ) : agreements.isError ? (
          <ErrorState error={agreements.error} onRetry={() => void agreements.refetch()} />
        ) : rows.length === 0 ? (
          <EmptyState>
            {canCreate ? t('customers.noAgreementsCreate') : t('customers.noAgreements')}
          </EmptyState>
        ) : (
          <>
            <Table.ScrollContainer minWidth={640}>
              <Table striped verticalSpacing="xs" data-testid="customer-agreements">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('agreements.fields.number')}</Table.Th>
                    <Table.Th>{t('agreements.fields.name')}</Table.Th>
                    <Table.Th>{t('agreements.fields.status')}</Table.Th>
                    <Table.Th>{t('agreements.fields.saleStartDate')}</Table.Th>
                    <Table.Th ta="right">{t('agreements.fields.productCount')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rows.map((agreement) => (
                    <Table.Tr key={agreement.id}>
                      <Table.Td>
                        <AnchorLink to="/agreements/$id" params={{ id: agreement.id }} fw={500}>
                          {agreement.number}
                        </AnchorLink>
                      </Table.Td>
                      <Table.Td>{agreement.name ?? '—'}</Table.Td>
                      <Table.Td>
                        <AgreementStatusBadge status={agreement.status} />
                      </Table.Td>
                      <Table.Td>{formatDate(agreement.saleStartDate)}</Table.Td>
                      <Table.Td ta="right">{agreement.productCount}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            {agreements.hasNextPage && (
              <Center>
                <Button
                  variant="default"
                  size="xs"
                  onClick={() => void agreements.fetchNextPage()}
                  loading={agreements.isFetchingNextPage}
                >
                  {t('common.loadMore')}
                </Button>
              </Center>
            )}
          </>
        )}
      </Stack>
    </Card>
  );
}

function CustomerContracts({ customer, canOrder }: { customer: Customer; canOrder: boolean }) {
  const { t } = useTranslation();
  const contracts = useInfiniteQuery({
    queryKey: ['contracts', 'list', 'customer', customer.id],
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/v1/contracts', {
          params: { query: { customerId: customer.id, limit: 20, cursor: pageParam } },
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const rows = contracts.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <Card withBorder radius="md" padding="lg">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={3} size="h4">
            {t('customers.contracts')}
          </Title>
          {canOrder && (
            <ButtonLink
              to="/orders/new"
              search={{ customerId: customer.id }}
              size="xs"
              variant="light"
              leftSection={<IconShoppingCart size={14} />}
            >
              {t('customers.newOrder')}
            </ButtonLink>
          )}
        </Group>
        {contracts.isPending ? (
          <LoadingState />
        ) : contracts.isError ? (
          <ErrorState error={contracts.error} onRetry={() => void contracts.refetch()} />
        ) : rows.length === 0 ? (
          <EmptyState>{t('customers.noContracts')}</EmptyState>
        ) : (
          <>
            <Table.ScrollContainer minWidth={560}>
              <Table striped verticalSpacing="xs" data-testid="customer-contracts">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('customers.contract.number')}</Table.Th>
                    <Table.Th>{t('customers.contract.name')}</Table.Th>
                    <Table.Th ta="right">{t('customers.contract.activeLineItems')}</Table.Th>
                    <Table.Th>{t('common.createdAt')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rows.map((contract) => (
                    <Table.Tr key={contract.id}>
                      <Table.Td>
                        <AnchorLink to="/contracts/$id" params={{ id: contract.id }} fw={500}>
                          {contract.number}
                        </AnchorLink>
                      </Table.Td>
                      <Table.Td>{contract.name ?? '—'}</Table.Td>
                      <Table.Td ta="right">
                        {contract.activeLineItemCount} / {contract.lineItemCount}
                      </Table.Td>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>
                        {formatDateTime(contract.createdAt)}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            {contracts.hasNextPage && (
              <Center>
                <Button
                  variant="default"
                  size="xs"
                  onClick={() => void contracts.fetchNextPage()}
                  loading={contracts.isFetchingNextPage}
                >
                  {t('common.loadMore')}
                </Button>
              </Center>
            )}
          </>
        )}
      </Stack>
    </Card>
  );
}
