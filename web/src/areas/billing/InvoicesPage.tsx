// 請求管理 › 請求データ (seed: 請求データを確認する): search invoices by customer (name, code or
// phone) and 請求年月, narrow by status and payment status, and click a 請求ID for its detail.
// The search lives in the URL. The month's CSV and PDFs are downloaded from here.
import { Button, Center, Group, Select, TextInput } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { MonthInput } from '../../components/MonthInput';
import { EmptyState, ErrorState, LoadingState } from '../../components/states';
import { useSearchInput } from '../../components/use-search-input';
import { BillingSection } from './BillingSection';
import { invoicesQuery } from './billing-queries';
import { type InvoiceStatus, invoiceStatuses, type PaymentStatus, paymentStatuses } from './billing-types';
import { InvoiceMonthActions } from './InvoiceMonthActions';
import { InvoiceTable } from './InvoiceTable';

const route = getRouteApi('/app/billing');

export function InvoicesPage() {
  const { t } = useTranslation();
  const search = route.useSearch();
  const navigate = useNavigate({ from: '/billing' });
  const [input, setInput] = useSearchInput(
    search.q,
    (q) => void navigate({ search: (prev) => ({ ...prev, q }), replace: true }),
  );

  const filters = {
    q: search.q ?? '',
    month: search.month,
    status: search.status,
    paymentStatus: search.paymentStatus,
  };
  const invoices = useInfiniteQuery(invoicesQuery(filters));
  const rows = invoices.data?.pages.flatMap((page) => page.items) ?? [];
  const filtered = !!(filters.q || filters.month || filters.status || filters.paymentStatus);

  return (
    <BillingSection actions={<InvoiceMonthActions month={search.month} />}>
      <Group gap="sm" align="flex-end" wrap="wrap">
        <TextInput
          label={t('billing.search.customer')}
          leftSection={<IconSearch size={16} />}
          placeholder={t('billing.search.customerPlaceholder')}
          value={input}
          onChange={(event) => setInput(event.currentTarget.value)}
          type="search"
          w={{ base: '100%', sm: 320 }}
        />
        <MonthInput
          label={t('billing.fields.month')}
          placeholder={t('billing.search.allMonths')}
          value={search.month}
          onChange={(month) => void navigate({ search: (prev) => ({ ...prev, month }), replace: true })}
          clearable
          w={{ base: '100%', xs: 200 }}
        />
        <Select
          label={t('billing.fields.status')}
          placeholder={t('billing.search.allStatuses')}
          value={search.status ?? null}
          onChange={(value) =>
            void navigate({
              search: (prev) => ({ ...prev, status: (value as InvoiceStatus | null) ?? undefined }),
              replace: true,
            })
          }
          data={invoiceStatuses.map((status) => ({ value: status, label: t(`billing.statuses.${status}`) }))}
          clearable
          w={{ base: 'calc(50% - 6px)', xs: 160 }}
          comboboxProps={{ withinPortal: true }}
        />
        <Select
          label={t('billing.fields.paymentStatus')}
          placeholder={t('billing.search.allPaymentStatuses')}
          value={search.paymentStatus ?? null}
          onChange={(value) =>
            void navigate({
              search: (prev) => ({ ...prev, paymentStatus: (value as PaymentStatus | null) ?? undefined }),
              replace: true,
            })
          }
          data={paymentStatuses.map((status) => ({
            value: status,
            label: t(`billing.paymentStatuses.${status}`),
          }))}
          clearable
          w={{ base: 'calc(50% - 6px)', xs: 160 }}
          comboboxProps={{ withinPortal: true }}
        />
      </Group>

      {invoices.isPending ? (
        <LoadingState />
      ) : invoices.isError ? (
        <ErrorState error={invoices.error} onRetry={() => void invoices.refetch()} />
      ) : rows.length === 0 ? (
        <EmptyState>{filtered ? t('billing.invoices.noMatch') : t('billing.invoices.empty')}</EmptyState>
      ) : (
        <>
          <InvoiceTable invoices={rows} />
          {invoices.hasNextPage && (
            <Center>
              <Button
                variant="default"
                onClick={() => void invoices.fetchNextPage()}
                loading={invoices.isFetchingNextPage}
              >
                {t('common.loadMore')}
              </Button>
            </Center>
          )}
        </>
      )}
    </BillingSection>
  );
}
