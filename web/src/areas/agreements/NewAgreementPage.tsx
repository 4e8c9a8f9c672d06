// 基本契約の作成 (seed 000): from the customer's page ([基本契約を作成する]) or [新規作成] ->
// search the customer -> [選択]; then search the products, tick them on the left and either
// [すぐに販売開始する] (販売中 from today) or [保存する] (作成中) -> 「基本契約の作成が成功しました」.
import { Alert, Button, Card, Group, List, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { IconArrowLeft, IconPlayerPlay } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api, unwrap } from '../../api/client';
import type { ProductSummary } from '../../api/types';
import { AnchorLink } from '../../components/links';
import { errorMessage, notifySuccess } from '../../components/notify';
import { PageHeader } from '../../components/PageHeader';
import { ErrorState, LoadingState } from '../../components/states';
import { ProductPicker } from '../catalog/products/ProductPicker';
import { CustomerPicker } from '../customers/CustomerPicker';
import { CustomerBadges } from '../customers/customer-labels';
import { customerQuery } from '../customers/customer-queries';

const route = getRouteApi('/app/agreements/new');

export function NewAgreementPage() {
  const { t } = useTranslation();
  const search = route.useSearch();
  const navigate = useNavigate({ from: '/agreements/new' });
  const customerId = search.customerId;

  return (
    <Stack gap="md" maw={1000}>
      <AnchorLink to="/agreements" size="sm" w="fit-content">
        <Group gap={4}>
          <IconArrowLeft size={14} aria-hidden />
          {t('agreements.backToList')}
        </Group>
      </AnchorLink>
      <PageHeader title={t('agreements.createTitle')} />
      {customerId ? (
        <AgreementForm
          customerId={customerId}
          onChangeCustomer={() => void navigate({ search: {}, replace: true })}
        />
      ) : (
        <Card withBorder radius="md" padding="lg">
          <Stack gap="sm">
            <Title order={3} size="h5">
              {t('agreements.stepCustomer')}
            </Title>
            <CustomerPicker
              autoFocus
              onSelect={(customer) => void navigate({ search: { customerId: customer.id } })}
            />
          </Stack>
        </Card>
      )}
    </Stack>
  );
}

function AgreementForm({
  customerId,
  onChangeCustomer,
}: {
  customerId: string;
  onChangeCustomer: () => void;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const customer = useQuery(customerQuery(customerId));
  const [selected, setSelected] = useState<Map<string, ProductSummary>>(new Map());
  const [name, setName] = useState('');
  const [remarks, setRemarks] = useState('');
  const [problem, setProblem] = useState<{ message: string; details: string[] } | null>(null);

  const create = useMutation({
    mutationFn: (startNow: boolean) =>
      unwrap(
        api.POST('/api/v1/agreements', {
          body: {
            customerId,
            productIds: [...selected.keys()],
            startNow,
            name: name.trim() || null,
            remarks: remarks.trim() || null,
          },
        }),
      ),
    onSuccess: async (agreement) => {
      notifySuccess(t, t('agreements.created'));
      queryClient.setQueryData(['agreements', 'detail', agreement.id], agreement);
      await queryClient.invalidateQueries({ queryKey: ['agreements', 'list'] });
      await navigate({ to: '/agreements/$id', params: { id: agreement.id } });
    },
    onError: (error) =>
      setProblem({
        message: errorMessage(t, error),
        details: error instanceof ApiError ? error.errors.map((item) => item.message) : [],
      }),
  });

  const drafts = [...selected.values()].filter((product) => product.status === 'draft');

  function submit(startNow: boolean) {
    setProblem(null);
    if (selected.size === 0) {
      setProblem({ message: t('agreements.validation.productsRequired'), details: [] });
      return;
    }
    if (startNow && drafts.length > 0) {
      setProblem({
        message: t('agreements.validation.draftProducts'),
        details: drafts.map((product) => `${product.code} ${product.name}`),
      });
      return;
    }
    create.mutate(startNow);
  }

  if (customer.isPending) return <LoadingState />;
  if (customer.isError) return <ErrorState error={customer.error} onRetry={() => void customer.refetch()} />;

  return (
    <Stack gap="md">
      <Card withBorder radius="md" padding="lg">
        <Group justify="space-between" align="flex-start" gap="sm">
          <Stack gap={4}>
            <Text size="xs" c="dimmed" fw={500}>
              {t('agreements.fields.customer')}
            </Text>
            <Group gap="xs">
              <Text fw={600} data-testid="agreement-customer">
                {customer.data.name}
              </Text>
              <CustomerBadges kind={customer.data.kind} lifecycle={customer.data.lifecycle} />
            </Group>
            <Text size="sm" c="dimmed">
              {customer.data.code}
            </Text>
          </Stack>
          <Button variant="default" size="xs" onClick={onChangeCustomer}>
            {t('agreements.changeCustomer')}
          </Button>
        </Group>
      </Card>

      <Card withBorder radius="md" padding="lg">
        <Stack gap="sm">
          <Title order={3} size="h5">
            {t('agreements.stepProducts')}
          </Title>
          <ProductPicker selected={selected} onChange={setSelected} />
        </Stack>
      </Card>

      <Card withBorder radius="md" padding="lg">
        <Stack gap="sm">
          <TextInput
            label={t('agreements.fields.name')}
            description={t('agreements.nameHint')}
            maxLength={200}
            value={name}
            onChange={(event) => setName(event.currentTarget.value)}
          />
          <Textarea
            label={t('agreements.fields.remarks')}
            autosize
            minRows={2}
            maxRows={6}
            maxLength={2000}
            value={remarks}
            onChange={(event) => setRemarks(event.currentTarget.value)}
          />
        </Stack>
      </Card>

      {problem && (
        <Alert color="red" title={t('common.errorTitle')} role="alert">
          <Text size="sm">{problem.message}</Text>
          {problem.details.length > 0 && (
            <List size="sm" mt={4}>
              {problem.details.map((detail) => (
                <List.Item key={detail}>{detail}</List.Item>
              ))}
            </List>
          )}
        </Alert>
      )}
      {drafts.length > 0 && !problem && (
        <Alert color="yellow" variant="light">
          {t('agreements.draftProductsHint', { count: drafts.length })}
        </Alert>
      )}

      <Group justify="flex-end" gap="sm">
        <Text size="sm" c="dimmed" mr="auto">
          {t('agreements.buttonsHint')}
        </Text>
        <Button
          variant="default"
          onClick={() => submit(false)}
          loading={create.isPending && create.variables === false}
          disabled={create.isPending && create.variables === true}
        >
          {t('common.saveIt')}
        </Button>
        <Button
          leftSection={<IconPlayerPlay size={16} />}
          onClick={() => submit(true)}
          loading={create.isPending && create.variables === true}
          disabled={create.isPending && create.variables === false}
        >
          {t('agreements.startNow')}
        </Button>
      </Group>
    </Stack>
  );
}
