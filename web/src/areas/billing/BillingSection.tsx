// The frame of the 請求管理 pages: the title with the page's actions, and tabs between
// 請求データ, 請求実行, 売掛金 and 入金CSV取込, as far as this person may open them.
import { Stack, Tabs } from '@mantine/core';
import { useSuspenseQuery } from '@tanstack/react-query';
import { useNavigate, useRouterState } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Me } from '../../api/types';
import { PageHeader } from '../../components/PageHeader';
import { can, meQuery } from '../auth/session';

type BillingPath = '/billing' | '/billing/runs' | '/billing/receivables' | '/billing/payments/import';

interface BillingTab {
  to: BillingPath;
  labelKey: `billing.tabs.${'invoices' | 'runs' | 'receivables' | 'paymentImport'}`;
  visible: (me: Me) => boolean;
}

const tabs: BillingTab[] = [
  { to: '/billing', labelKey: 'billing.tabs.invoices', visible: (me) => can(me, 'billing.read') },
  { to: '/billing/runs', labelKey: 'billing.tabs.runs', visible: (me) => can(me, 'billing.read') },
  {
    to: '/billing/receivables',
    labelKey: 'billing.tabs.receivables',
    visible: (me) => can(me, 'billing.read'),
  },
  {
    to: '/billing/payments/import',
    labelKey: 'billing.tabs.paymentImport',
    visible: (me) => can(me, 'billing.run'),
  },
];

export function BillingSection({ actions, children }: { actions?: ReactNode; children: ReactNode }) {
  const { t } = useTranslation();
  const { data: me } = useSuspenseQuery(meQuery);
  const navigate = useNavigate();
  const pathname = useRouterState({ select: (state) => state.location.pathname });
  const visible = tabs.filter((tab) => tab.visible(me));
  const active =
    visible
      .filter((tab) => pathname === tab.to || pathname.startsWith(`${tab.to}/`))
      .sort((a, b) => b.to.length - a.to.length)[0]?.to ?? '/billing';

  return (
    <Stack gap="md" maw={1280}>
      <PageHeader title={t('billing.title')}>{actions}</PageHeader>
      <Tabs value={active} onChange={(value) => value && void navigate({ to: value as BillingPath })}>
        <Tabs.List>
          {visible.map((tab) => (
            <Tabs.Tab key={tab.to} value={tab.to}>
              {t(tab.labelKey)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
      </Tabs>
      {children}
    </Stack>
  );
}
