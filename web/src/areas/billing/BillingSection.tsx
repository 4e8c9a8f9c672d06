// The frame of the 請求管理 pages: the title with the page's actions, and tabs between
// 請求データ, 請求実行 and the other billing screens this person may open.
import { Stack, Tabs } from '@mantine/core';
import { useSuspenseQuery } from '@tanstack/react-query';
import { useNavigate, useRouterState } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Me } from '../../api/types';
import { PageHeader } from '../../components/PageHeader';
import { can, meQuery } from '../auth/session';

type BillingPath = '/billing' | '/billing/runs';

interface BillingTab {
  to: BillingPath;
  labelKey: 'billing.tabs.invoices' | 'billing.tabs.runs';
  visible: (me: Me) => boolean;
}

const tabs: BillingTab[] = [
  { to: '/billing', labelKey: 'billing.tabs.invoices', visible: (me) => can(me, 'billing.read') },
  { to: '/billing/runs', labelKey: 'billing.tabs.runs', visible: (me) => can(me, 'billing.read') },
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
