// A product's terms for reading: the confirmation step of 新規作成 and the product page.
import { Code, Stack, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ProductInput } from '../../../api/types';
import { DetailList } from '../../../components/DetailList';
import { formatYen } from '../../../components/money';
import {
  billingChoiceLabel,
  billingChoices,
  freePeriodLabel,
  hasInitialFee,
  hasMonthlyFee,
} from './product-labels';

export function ProductTerms({ product }: { product: ProductInput }) {
  const { t } = useTranslation();
  const { pricing } = product;
  return (
    <Stack gap="md">
      <DetailList
        items={[
          { label: t('products.fields.code'), value: product.code, testId: 'product-code' },
          { label: t('products.fields.name'), value: product.name, testId: 'product-name' },
          { label: t('products.fields.description'), value: product.description, wide: true },
        ]}
      />
      <Title order={3} size="h5">
        {t('products.sections.pricing')}
      </Title>
      <DetailList
        items={[
          { label: t('products.fields.pattern'), value: t(`products.patterns.${pricing.pattern}`) },
          hasInitialFee(pricing.pattern) && {
            label: t('products.fields.initialFee'),
            value: formatYen(pricing.initialFee),
            testId: 'product-initial-fee',
          },
          hasMonthlyFee(pricing.pattern) && {
            label: t('products.fields.monthlyFee'),
            value: formatYen(pricing.monthlyFee),
            testId: 'product-monthly-fee',
          },
          hasInitialFee(pricing.pattern) && {
            label: t('products.fields.quantityLinkedInitialFee'),
            value: pricing.quantityLinkedInitialFee ? t('products.linked') : t('products.notLinked'),
          },
          { label: t('products.fields.freePeriod'), value: freePeriodLabel(t, pricing.freePeriod) },
          ...billingChoices.map(
            (choice) =>
              hasMonthlyFee(pricing.pattern) && {
                label: t(`products.fields.${choice.field}`),
                value: billingChoiceLabel(t, choice, pricing[choice.field]),
              },
          ),
        ]}
      />
      <Title order={3} size="h5">
        {t('products.sections.taxAndFulfilment')}
      </Title>
      <DetailList
        items={[
          {
            label: t('products.fields.taxCategory'),
            value: t(`products.taxCategories.${product.taxCategory}`),
          },
          { label: t('products.fields.fulfilment'), value: t(`products.fulfilments.${product.fulfilment}`) },
          product.fulfilment === 'carrier' && {
            label: t('products.fields.serialNumberPattern'),
            value: product.serialNumberPattern ? (
              <Code>{product.serialNumberPattern}</Code>
            ) : (
              t('products.noPattern')
            ),
          },
          { label: t('products.fields.agency'), value: product.agency ? t('common.yes') : t('common.no') },
        ]}
      />
    </Stack>
  );
}
