// How a customer's codes read in the UI, and the 47 prefectures for the address.
import { Badge, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type {
  CustomerKind,
  CustomerLifecycle,
  PaymentMethod,
  PaymentTerms,
  Prefecture,
} from '../../api/types';

/** The 47 prefectures in JIS X 0401 order (the server accepts exactly these). */
export const prefectures = [
  '北海道',
  '青森県',
  '岩手県',
  '宮城県',
  '秋田県',
  '山形県',
  '福島県',
  '茨城県',
  '栃木県',
  '群馬県',
  '埼玉県',
  '千葉県',
  '東京都',
  '神奈川県',
  '新潟県',
  '富山県',
  '石川県',
  '福井県',
  '山梨県',
  '長野県',
  '岐阜県',
  '静岡県',
  '愛知県',
  '三重県',
  '滋賀県',
  '京都府',
  '大阪府',
  '兵庫県',
  '奈良県',
  '和歌山県',
  '鳥取県',
  '島根県',
  '岡山県',
  '広島県',
  '山口県',
  '徳島県',
  '香川県',
  '愛媛県',
  '高知県',
  '福岡県',
  '佐賀県',
  '長崎県',
  '熊本県',
  '大分県',
  '宮崎県',
  '鹿児島県',
  '沖縄県',
] as const satisfies readonly Prefecture[];

// Every prefecture the API knows is in the list (a compile error otherwise).
type MissingPrefecture = Exclude<Prefecture, (typeof prefectures)[number]>;
const allPrefectures: [MissingPrefecture] extends [never] ? true : MissingPrefecture = true;
void allPrefectures;

export const isPrefecture = (value: string): value is Prefecture =>
  (prefectures as readonly string[]).includes(value);

export const customerKinds: CustomerKind[] = ['organization', 'person'];
export const lifecycles: CustomerLifecycle[] = ['prospect', 'account'];
export const paymentMethods: PaymentMethod[] = [
  'bank_transfer',
  'direct_debit',
  'credit_card',
  'non_billable',
];
export const paymentTermsList: PaymentTerms[] = ['end_of_next_month', 'end_of_month_after_next'];

export function CustomerBadges({ kind, lifecycle }: { kind: CustomerKind; lifecycle: CustomerLifecycle }) {
  const { t } = useTranslation();
  return (
    <Group gap={4} wrap="nowrap">
      <Badge variant="light" color={kind === 'organization' ? 'indigo' : 'cyan'} tt="none">
        {t(`customers.kinds.${kind}`)}
      </Badge>
      <Badge variant="outline" color={lifecycle === 'account' ? 'teal' : 'yellow'} tt="none">
        {t(`customers.lifecycles.${lifecycle}`)}
      </Badge>
    </Group>
  );
}

export function PaymentMethodBadge({ method }: { method: PaymentMethod }) {
  const { t } = useTranslation();
  return (
    <Badge variant="light" color={method === 'non_billable' ? 'gray' : 'blue'} tt="none">
      {t(`customers.paymentMethods.${method}`)}
    </Badge>
  );
}

export function addressLine(
  address: {
    postalCode: string;
    prefecture: string;
    city: string;
    line1: string;
    line2: string | null;
  } | null,
): string {
  if (!address) return '';
  return `〒${address.postalCode} ${address.prefecture}${address.city}${address.line1}${address.line2 ? ` ${address.line2}` : ''}`;
}
