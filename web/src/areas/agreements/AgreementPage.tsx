// A master agreement (基本契約): its customer and products; while 作成中, [販売開始]
// (「本日の日付で販売を開始します」 [はい] -> 「販売開始処理が成功しました」) and [予約] (販売開始日
// -> [はい] -> the same message; the daily job starts it on that date); [編集] -> [確定する]
// (「更新処理が成功しました」) in every status.
import {
  Alert,
  Button,
  Card,
  Group,
  List,
  Modal,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { modals } from '@mantine/modals';
import { IconArrowLeft, IconCalendarEvent, IconPencil, IconPlayerPlay } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient, useSuspenseQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api, unwrap } from '../../api/client';
import type { Agreement, ProductSummary } from '../../api/types';
import { AuditTrail } from '../../components/AuditTrail';
import { DetailList } from '../../components/DetailList';
import { formatDate, formatDateTime, nextDay, todayInTenant } from '../../components/date-time';
import { applyFieldErrors } from '../../components/form-errors';
import { AnchorLink } from '../../components/links';
import {
  errorMessage,
  isConflict,
  notifyConflict,
  notifyError,
  notifySuccess,
} from '../../components/notify';
import { ErrorState, LoadingState } from '../../components/states';
import { can, meQuery } from '../auth/session';
import { ProductPicker } from '../catalog/products/ProductPicker';
import { ProductStatusBadge } from '../catalog/products/product-labels';
import { AgreementStatusBadge } from './agreement-labels';
import { agreementQuery } from './agreement-queries';

const route = getRouteApi('/app/agreements/$id');

export function AgreementPage() {
  const { t } = useTranslation();
  const { id } = route.useParams();
  const agreement = useQuery(agreementQuery(id));

  return (
    <Stack gap="md" maw={1000}>
      <AnchorLink to="/agreements" size="sm" w="fit-content">
        <Group gap={4}>
          <IconArrowLeft size={14} aria-hidden />
          {t('agreements.backToList')}
        </Group>
      </AnchorLink>
      {agreement.isPending ? (
        <LoadingState />
      ) : agreement.isError ? (
        <ErrorState error={agreement.error} onRetry={() => void agreement.refetch()} />
      ) : (
        <AgreementDetail agreement={agreement.data} />
      )}
    </Stack>
  );
}

function problemDetails(error: unknown): string[] {
  return error instanceof ApiError ? error.errors.map((item) => item.message) : [];
}

function AgreementDetail({ agreement }: { agreement: Agreement }) {
  const { t } = useTranslation();
  const { data: me } = useSuspenseQuery(meQuery);
  const queryClient = useQueryClient();
  const manage = can(me, 'agreements.manage');
  const [editing, setEditing] = useState(false);
  const [scheduling, setScheduling] = useState(false);
  const [problem, setProblem] = useState<{ message: string; details: string[] } | null>(null);

  const afterChange = async (saved: Agreement) => {
    queryClient.setQueryData(['agreements', 'detail', saved.id], saved);
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: ['agreements', 'list'] }),
      queryClient.invalidateQueries({ queryKey: ['audit', 'agreement', saved.id] }),
    ]);
  };
  const reload = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: ['agreements', 'detail', agreement.id] }),
      queryClient.invalidateQueries({ queryKey: ['audit', 'agreement', agreement.id] }),
    ]);

  const startSelling = useMutation({
    mutationFn: () =>
      unwrap(api.POST('/api/v1/agreements/{id}/start-selling', { params: { path: { id: agreement.id } } })),
    onSuccess: async (saved) => {
      setProblem(null);
      notifySuccess(t, t('agreements.started'));
      await afterChange(saved);
    },
    onError: async (error) => {
      setProblem({ message: errorMessage(t, error), details: problemDetails(error) });
      await reload();
    },
  });

  function confirmStart() {
    modals.openConfirmModal({
      title: t('agreements.startSelling'),
      children: <Text size="sm">{t('agreements.startConfirm')}</Text>,
      labels: { confirm: t('common.yes'), cancel: t('common.cancel') },
      onConfirm: () => startSelling.mutate(),
    });
  }

  const draft = agreement.status === 'draft';

  return (
    <>
      <Group justify="space-between" align="flex-start" gap="sm">
        <Stack gap={2}>
          <Group gap="xs">
            <Title order={2} size="h3">
              {t('agreements.heading', { number: agreement.number })}
            </Title>
            <AgreementStatusBadge status={agreement.status} />
          </Group>
          <Text c="dimmed" size="sm">
            {agreement.name ?? t('agreements.noName')}
          </Text>
        </Stack>
        {manage && !editing && (
          <Group gap="xs">
            {draft && (
              <Button
                leftSection={<IconPlayerPlay size={16} />}
                onClick={confirmStart}
                loading={startSelling.isPending}
              >
                {t('agreements.startSelling')}
              </Button>
            )}
            {draft && (
              <Button
                variant="light"
                leftSection={<IconCalendarEvent size={16} />}
                onClick={() => setScheduling(true)}
              >
                {t('agreements.schedule')}
              </Button>
            )}
            <Button variant="default" leftSection={<IconPencil size={16} />} onClick={() => setEditing(true)}>
              {t('common.edit')}
            </Button>
          </Group>
        )}
      </Group>

      {problem && (
        <Alert
          color="red"
          title={t('common.errorTitle')}
          role="alert"
          withCloseButton
          onClose={() => setProblem(null)}
        >
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
      {agreement.status === 'scheduled' && (
        <Alert color="yellow" variant="light">
          {t('agreements.scheduledHint', { date: formatDate(agreement.saleStartDate) })}
        </Alert>
      )}

      {editing ? (
        <Card withBorder radius="md" padding="lg">
          <AgreementEditForm
            agreement={agreement}
            onDone={() => setEditing(false)}
            onSaved={afterChange}
            onConflict={reload}
          />
        </Card>
      ) : (
        <>
          <Card withBorder radius="md" padding="lg">
            <Stack gap="md">
              <DetailList
                items={[
                  { label: t('agreements.fields.number'), value: agreement.number },
                  {
                    label: t('agreements.fields.customer'),
                    value: (
                      <AnchorLink to="/customers/$id" params={{ id: agreement.customer.id }}>
                        {agreement.customer.name} ({agreement.customer.code})
                      </AnchorLink>
                    ),
                  },
                  { label: t('agreements.fields.name'), value: agreement.name },
                  {
                    label: t('agreements.fields.status'),
                    value: t(`agreements.statuses.${agreement.status}`),
                    testId: 'agreement-status',
                  },
                  { label: t('agreements.fields.saleStartDate'), value: formatDate(agreement.saleStartDate) },
                  {
                    label: t('agreements.fields.startedAt'),
                    value: agreement.startedAt ? formatDateTime(agreement.startedAt) : null,
                  },
                  { label: t('agreements.fields.remarks'), value: agreement.remarks, wide: true },
                ]}
              />
              <Text size="xs" c="dimmed">
                {t('common.timestamps', {
                  createdAt: formatDateTime(agreement.createdAt),
                  updatedAt: formatDateTime(agreement.updatedAt),
                })}
              </Text>
            </Stack>
          </Card>
          <Card withBorder radius="md" padding="lg">
            <Stack gap="sm">
              <Title order={3} size="h4">
                {t('agreements.products', { count: agreement.products.length })}
              </Title>
              <Table.ScrollContainer minWidth={480}>
                <Table striped verticalSpacing="xs" data-testid="agreement-products">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('products.fields.code')}</Table.Th>
                      <Table.Th>{t('products.fields.name')}</Table.Th>
                      <Table.Th>{t('products.fields.status')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {agreement.products.map((product) => (
                      <Table.Tr key={product.id}>
                        <Table.Td>
                          {can(me, 'catalog.read') ? (
                            <AnchorLink to="/products/$id" params={{ id: product.id }}>
                              {product.code}
                            </AnchorLink>
                          ) : (
                            product.code
                          )}
                        </Table.Td>
                        <Table.Td>{product.name}</Table.Td>
                        <Table.Td>
                          <ProductStatusBadge status={product.status} />
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            </Stack>
          </Card>
        </>
      )}

      {can(me, 'audit.read') && (
        <Card withBorder radius="md" padding="lg">
          <Stack gap="sm">
            <Title order={3} size="h4">
              {t('audit.title')}
            </Title>
            <AuditTrail
              entity="agreement"
              entityId={agreement.id}
              fieldLabel={(field) =>
                field === 'productIds'
                  ? t('agreements.fields.products')
                  : t(`agreements.fields.${field}` as 'agreements.fields.name', { defaultValue: field })
              }
              formatValue={(field, value) => {
                if (field === 'status' && typeof value === 'string') {
                  return t(`agreements.statuses.${value}` as 'agreements.statuses.draft', {
                    defaultValue: value,
                  });
                }
                if (field === 'saleStartDate' && typeof value === 'string') return formatDate(value);
                if (field === 'customerId' && value === agreement.customerId) {
                  return `${agreement.customer.name} (${agreement.customer.code})`;
                }
                if (field === 'productIds' && Array.isArray(value)) {
                  const codes = new Map(agreement.products.map((product) => [product.id, product.code]));
                  return value.map((id) => codes.get(String(id)) ?? String(id).slice(-8)).join(', ');
                }
                return typeof value === 'object' ? JSON.stringify(value) : String(value);
              }}
            />
          </Stack>
        </Card>
      )}

      <Modal opened={scheduling} onClose={() => setScheduling(false)} title={t('agreements.schedule')}>
        {scheduling && (
          <ScheduleForm
            agreement={agreement}
            onDone={() => setScheduling(false)}
            onSaved={afterChange}
            onFailed={reload}
          />
        )}
      </Modal>
    </>
  );
}

function ScheduleForm({
  agreement,
  onDone,
  onSaved,
  onFailed,
}: {
  agreement: Agreement;
  onDone: () => void;
  onSaved: (saved: Agreement) => Promise<void>;
  onFailed: () => Promise<unknown>;
}) {
  const { t } = useTranslation();
  const tomorrow = nextDay(todayInTenant());
  const form = useForm<{ saleStartDate: string }>({
    mode: 'uncontrolled',
    initialValues: { saleStartDate: tomorrow },
    validate: {
      saleStartDate: (value) =>
        !/^\d{4}-\d{2}-\d{2}$/.test(value)
          ? t('validation.date')
          : value < tomorrow
            ? t('agreements.validation.saleStartDate')
            : null,
    },
  });

  const schedule = useMutation({
    mutationFn: (saleStartDate: string) =>
      unwrap(
        api.POST('/api/v1/agreements/{id}/schedule', {
          params: { path: { id: agreement.id } },
          body: { saleStartDate },
        }),
      ),
    onSuccess: async (saved) => {
      notifySuccess(t, t('agreements.started'));
      await onSaved(saved);
      onDone();
    },
    onError: async (error) => {
      if (!applyFieldErrors(form, error, { sale_start_date_invalid: 'saleStartDate' })) {
        notifyError(t, error);
        await onFailed();
        onDone();
      }
    },
  });

  return (
    <form onSubmit={form.onSubmit((values) => schedule.mutate(values.saleStartDate))} noValidate>
      <Stack gap="md">
        <Text size="sm">{t('agreements.scheduleIntro')}</Text>
        <TextInput
          type="date"
          label={t('agreements.fields.saleStartDate')}
          required
          min={tomorrow}
          data-autofocus
          key={form.key('saleStartDate')}
          {...form.getInputProps('saleStartDate')}
        />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onDone} disabled={schedule.isPending}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={schedule.isPending}>
            {t('common.yes')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function AgreementEditForm({
  agreement,
  onDone,
  onSaved,
  onConflict,
}: {
  agreement: Agreement;
  onDone: () => void;
  onSaved: (saved: Agreement) => Promise<void>;
  onConflict: () => Promise<unknown>;
}) {
  const { t } = useTranslation();
  const [name, setName] = useState(agreement.name ?? '');
  const [remarks, setRemarks] = useState(agreement.remarks ?? '');
  const [selected, setSelected] = useState<Map<string, ProductSummary>>(
    new Map(agreement.products.map((product) => [product.id, product])),
  );
  const [problem, setProblem] = useState<{ message: string; details: string[] } | null>(null);

  const save = useMutation({
    mutationFn: () =>
      unwrap(
        api.PATCH('/api/v1/agreements/{id}', {
          params: { path: { id: agreement.id } },
          body: {
            version: agreement.version,
            name: name.trim() || null,
            remarks: remarks.trim() || null,
            productIds: [...selected.keys()],
          },
        }),
      ),
    onSuccess: async (saved) => {
      notifySuccess(t, t('common.updated'));
      await onSaved(saved);
      onDone();
    },
    onError: async (error) => {
      if (isConflict(error)) {
        notifyConflict(t);
        await onConflict();
        onDone();
        return;
      }
      setProblem({ message: errorMessage(t, error), details: problemDetails(error) });
    },
  });

  function submit() {
    setProblem(null);
    if (selected.size === 0) {
      setProblem({ message: t('agreements.validation.productsRequired'), details: [] });
      return;
    }
    save.mutate();
  }

  return (
    <Stack gap="md">
      <TextInput
        label={t('agreements.fields.name')}
        maxLength={200}
        value={name}
        onChange={(event) => setName(event.currentTarget.value)}
        data-autofocus
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
      <Title order={3} size="h5">
        {t('agreements.stepProducts')}
      </Title>
      {agreement.status !== 'draft' && (
        <Alert color="blue" variant="light">
          {t('agreements.editOnSaleHint')}
        </Alert>
      )}
      <ProductPicker selected={selected} onChange={setSelected} />
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
      <Group justify="flex-end" gap="sm">
        <Button variant="default" onClick={onDone} disabled={save.isPending}>
          {t('common.cancel')}
        </Button>
        <Button onClick={submit} loading={save.isPending}>
          {t('common.commit')}
        </Button>
      </Group>
    </Stack>
  );
}
