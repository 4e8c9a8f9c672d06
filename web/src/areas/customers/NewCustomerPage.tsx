// 顧客の新規作成 (seed 000): fill in the customer, [確定する]; the customer page then shows
// 「顧客の作成に成功しました」 with [基本契約を作成する].
import { Button, Card, Group, Stack } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconArrowLeft } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import type { AttributeDefinition } from '../../api/types';
import { applyFieldErrors } from '../../components/form-errors';
import { AnchorLink } from '../../components/links';
import { notifyError } from '../../components/notify';
import { PageHeader } from '../../components/PageHeader';
import { ErrorState, LoadingState } from '../../components/states';
import { attributeDefinitionsQuery } from '../attributes/attribute-queries';
import { CustomerFields } from './CustomerFields';
import {
  type CustomerFormValues,
  customerFormValues,
  customerRequest,
  validateCustomer,
} from './customer-form';

export function NewCustomerPage() {
  const { t } = useTranslation();
  const definitions = useQuery(attributeDefinitionsQuery('customer'));

  return (
    <Stack gap="md" maw={900}>
      <AnchorLink to="/customers" size="sm" w="fit-content">
        <Group gap={4}>
          <IconArrowLeft size={14} aria-hidden />
          {t('customers.backToList')}
        </Group>
      </AnchorLink>
      <PageHeader title={t('customers.createTitle')} />
      {definitions.isPending ? (
        <LoadingState />
      ) : definitions.isError ? (
        <ErrorState error={definitions.error} onRetry={() => void definitions.refetch()} />
      ) : (
        <NewCustomerForm definitions={definitions.data} />
      )}
    </Stack>
  );
}

function NewCustomerForm({ definitions }: { definitions: AttributeDefinition[] }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const form = useForm<CustomerFormValues>({
    mode: 'controlled',
    initialValues: customerFormValues(definitions),
    validate: validateCustomer(t, definitions),
  });

  const create = useMutation({
    mutationFn: (values: CustomerFormValues) =>
      unwrap(api.POST('/api/v1/customers', { body: customerRequest(values, definitions, 'create') })),
    onSuccess: async (customer) => {
      queryClient.setQueryData(['customers', 'detail', customer.id], customer);
      await queryClient.invalidateQueries({ queryKey: ['customers', 'list'] });
      await navigate({ to: '/customers/$id', params: { id: customer.id }, search: { created: true } });
    },
    onError: (error) => {
      if (!applyFieldErrors(form, error, { sell_to_address_required: 'address.postalCode' })) {
        notifyError(t, error);
      }
    },
  });

  return (
    <Card withBorder radius="md" padding="lg">
      <form onSubmit={form.onSubmit((values) => create.mutate(values))} noValidate>
        <Stack gap="lg">
          <CustomerFields form={form} definitions={definitions} />
          <Group justify="flex-end" gap="sm">
            <Button type="submit" loading={create.isPending} w={{ base: '100%', sm: 'auto' }}>
              {t('common.commit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
