// The areas that exist today and who may open them. The navbar and the home page's quick
// links both read this list, so neither shows a link the person cannot follow.
import {
  IconAddressBook,
  IconBuildingCommunity,
  IconClockPlay,
  IconFileCertificate,
  IconFileExport,
  IconFileInvoice,
  IconHome,
  IconIdBadge2,
  IconListCheck,
  IconListDetails,
  IconMail,
  IconPackage,
  IconReceiptYen,
  IconSettings,
  IconSettingsDollar,
  IconShoppingCart,
  IconTags,
  IconTruckDelivery,
  IconUsers,
} from '@tabler/icons-react';
import type { Me } from './api/types';
import { can, canAny } from './areas/auth/session';
import { exportsFor } from './areas/exports/data-exports';
import type ja from './i18n/ja.json';

export type AreaPath =
  | '/'
  | '/products'
  | '/product-attributes'
  | '/customers'
  | '/customer-attributes'
  | '/portal-users'
  | '/agreements'
  | '/orders/new'
  | '/orders'
  | '/contracts'
  | '/line-items'
  | '/billing'
  | '/exports'
  | '/jobs'
  | '/admin/users'
  | '/admin/org-units'
  | '/admin/tenant'
  | '/admin/billing-settings'
  | '/admin/outbox';

export interface Area {
  to: AreaPath;
  labelKey: `nav.${keyof typeof ja.nav}`;
  descriptionKey: `home.areas.${keyof typeof ja.home.areas}`;
  icon: typeof IconHome;
  group: 'main' | 'admin';
  visible: (me: Me) => boolean;
}

export const areas: Area[] = [
  {
    to: '/',
    labelKey: 'nav.home',
    descriptionKey: 'home.areas.home',
    icon: IconHome,
    group: 'main',
    visible: () => true,
  },
  {
    to: '/products',
    labelKey: 'nav.products',
    descriptionKey: 'home.areas.products',
    icon: IconPackage,
    group: 'main',
    visible: (me) => can(me, 'catalog.read'),
  },
  {
    to: '/product-attributes',
    labelKey: 'nav.productAttributes',
    descriptionKey: 'home.areas.productAttributes',
    icon: IconTags,
    group: 'main',
    visible: (me) => canAny(me, 'attributes.manage', 'catalog.manage'),
  },
  {
    to: '/customers',
    labelKey: 'nav.customers',
    descriptionKey: 'home.areas.customers',
    icon: IconAddressBook,
    group: 'main',
    visible: (me) => can(me, 'customers.read'),
  },
  {
    to: '/customer-attributes',
    labelKey: 'nav.customerAttributes',
    descriptionKey: 'home.areas.customerAttributes',
    icon: IconListDetails,
    group: 'main',
    visible: (me) => can(me, 'attributes.manage'),
  },
  {
    to: '/portal-users',
    labelKey: 'nav.portalUsers',
    descriptionKey: 'home.areas.portalUsers',
    icon: IconIdBadge2,
    group: 'main',
    visible: (me) => can(me, 'portal_users.manage') && can(me, 'customers.read'),
  },
  {
    to: '/agreements',
    labelKey: 'nav.agreements',
    descriptionKey: 'home.areas.agreements',
    icon: IconFileCertificate,
    group: 'main',
    visible: (me) => can(me, 'agreements.read'),
  },
  {
    to: '/orders/new',
    labelKey: 'nav.newOrder',
    descriptionKey: 'home.areas.newOrder',
    icon: IconShoppingCart,
    group: 'main',
    visible: (me) => can(me, 'orders.place') && (me.kind === 'portal' || can(me, 'customers.read')),
  },
  {
    to: '/orders',
    labelKey: 'nav.orders',
    descriptionKey: 'home.areas.orders',
    icon: IconTruckDelivery,
    group: 'main',
    visible: (me) => can(me, 'orders.read'),
  },
  {
    to: '/contracts',
    labelKey: 'nav.contracts',
    descriptionKey: 'home.areas.contracts',
    icon: IconFileInvoice,
    group: 'main',
    visible: (me) => can(me, 'contracts.read'),
  },
  {
    to: '/line-items',
    labelKey: 'nav.lineItems',
    descriptionKey: 'home.areas.lineItems',
    icon: IconListCheck,
    group: 'main',
    visible: (me) => can(me, 'contracts.read'),
  },
  {
    to: '/billing',
    labelKey: 'nav.billing',
    descriptionKey: 'home.areas.billing',
    icon: IconReceiptYen,
    group: 'main',
    visible: (me) => can(me, 'billing.read'),
  },
  {
    to: '/exports',
    labelKey: 'nav.exports',
    descriptionKey: 'home.areas.exports',
    icon: IconFileExport,
    group: 'main',
    visible: (me) => exportsFor(me).length > 0,
  },
  {
    to: '/jobs',
    labelKey: 'nav.jobs',
    descriptionKey: 'home.areas.jobs',
    icon: IconClockPlay,
    group: 'main',
    visible: (me) => can(me, 'jobs.read'),
  },
  {
    to: '/admin/users',
    labelKey: 'nav.users',
    descriptionKey: 'home.areas.users',
    icon: IconUsers,
    group: 'admin',
    visible: (me) => can(me, 'users.read'),
  },
  {
    to: '/admin/org-units',
    labelKey: 'nav.orgUnits',
    descriptionKey: 'home.areas.orgUnits',
    icon: IconBuildingCommunity,
    group: 'admin',
    visible: (me) => canAny(me, 'org_units.read', 'org_units.manage'),
  },
  {
    to: '/admin/tenant',
    labelKey: 'nav.tenant',
    descriptionKey: 'home.areas.tenant',
    icon: IconSettings,
    group: 'admin',
    visible: (me) => can(me, 'tenant.manage'),
  },
  {
    to: '/admin/billing-settings',
    labelKey: 'nav.billingSettings',
    descriptionKey: 'home.areas.billingSettings',
    icon: IconSettingsDollar,
    group: 'admin',
    visible: (me) => can(me, 'tenant.manage') && can(me, 'billing.read'),
  },
  {
    to: '/admin/outbox',
    labelKey: 'nav.outbox',
    descriptionKey: 'home.areas.outbox',
    icon: IconMail,
    group: 'admin',
    visible: (me) => me.devOutbox && can(me, 'mail_outbox.read'),
  },
];

export function visibleAreas(me: Me): Area[] {
  return areas.filter((area) => area.visible(me));
}
