// The inputs of a product: basics, pricing (the pattern decides which fees show), tax and
// fulfilment. Shared by 新規作成 and 編集. The form is controlled, so the fields follow the
// pattern and the fulfilment as they change.
import {
  Divider,
  Group,
  NumberInput,
  Radio,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import { MAX_FEE, MAX_FREE_PERIOD, type ProductFormValues } from './product-form';
import {
  billingChoiceLabel,
  billingChoices,
  fulfilments,
  hasInitialFee,
  hasMonthlyFee,
  pricingPatterns,
  taxCategories,
} from './product-labels';

export function ProductFields({ form }: { form: UseFormReturnType<ProductFormValues> }) {
  const { t } = useTranslation();
  const values = form.getValues();
  const { pattern } = values.pricing;

  return (
    <Stack gap="lg">
      <Stack gap="sm">
        <Title order={3} size="h5">
          {t('products.sections.basics')}
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput
            label={t('products.fields.code')}
            description={t('products.codeHint')}
            required
            maxLength={50}
            autoComplete="off"
            data-autofocus
            key={form.key('code')}
            {...form.getInputProps('code')}
          />
          <TextInput
            label={t('products.fields.name')}
            required
            maxLength={200}
            key={form.key('name')}
            {...form.getInputProps('name')}
          />
        </SimpleGrid>
        <Textarea
          label={t('products.fields.description')}
          autosize
          minRows={2}
          maxRows={6}
          maxLength={2000}
          key={form.key('description')}
          {...form.getInputProps('description')}
        />
      </Stack>

      <Divider />

      <Stack gap="sm">
        <Title order={3} size="h5">
          {t('products.sections.pricing')}
        </Title>
        <Radio.Group
          label={t('products.fields.pattern')}
          required
          key={form.key('pricing.pattern')}
          {...form.getInputProps('pricing.pattern')}
        >
          <Group gap="lg" mt={6}>
            {pricingPatterns.map((item) => (
              <Radio key={item} value={item} label={t(`products.patterns.${item}`)} />
            ))}
          </Group>
        </Radio.Group>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          {hasInitialFee(pattern) && (
            <NumberInput
              label={t('products.fields.initialFee')}
              required
              min={0}
              max={MAX_FEE}
              clampBehavior="none"
              allowDecimal={false}
              allowNegative={false}
              thousandSeparator=","
              prefix="¥"
              key={form.key('pricing.initialFee')}
              {...form.getInputProps('pricing.initialFee')}
            />
          )}
          {hasMonthlyFee(pattern) && (
            <NumberInput
              label={t('products.fields.monthlyFee')}
              required
              min={0}
              max={MAX_FEE}
              clampBehavior="none"
              allowDecimal={false}
              allowNegative={false}
              thousandSeparator=","
              prefix="¥"
              key={form.key('pricing.monthlyFee')}
              {...form.getInputProps('pricing.monthlyFee')}
            />
          )}
        </SimpleGrid>
        {hasInitialFee(pattern) && (
          <Switch
            label={t('products.fields.quantityLinkedInitialFee')}
            description={t('products.quantityLinkedHint')}
            key={form.key('pricing.quantityLinkedInitialFee')}
            {...form.getInputProps('pricing.quantityLinkedInitialFee', { type: 'checkbox' })}
          />
        )}
        <Group gap="md" align="flex-start">
          <NumberInput
            label={t('products.fields.freePeriod')}
            description={t('products.freePeriodHint')}
            min={0}
            max={MAX_FREE_PERIOD[values.pricing.freePeriod.unit]}
            clampBehavior="none"
            allowDecimal={false}
            allowNegative={false}
            w={{ base: '100%', xs: 220 }}
            key={form.key('pricing.freePeriod.length')}
            {...form.getInputProps('pricing.freePeriod.length')}
          />
          <Radio.Group
            label={t('products.fields.freePeriodUnit')}
            key={form.key('pricing.freePeriod.unit')}
            {...form.getInputProps('pricing.freePeriod.unit')}
          >
            <Group gap="md" mt={6}>
              <Radio value="month" label={t('products.units.month')} />
              <Radio value="day" label={t('products.units.day')} />
            </Group>
          </Radio.Group>
        </Group>
        {hasMonthlyFee(pattern) && (
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
            {billingChoices.map((choice) => (
              <Select
                key={form.key(`pricing.${choice.field}`)}
                label={t(`products.fields.${choice.field}`)}
                description={t('products.billingChoiceHint')}
                data={[
                  { value: 'tenant', label: billingChoiceLabel(t, choice, null) },
                  ...choice.options.map(({ value, label }) => ({ value, label: t(label) })),
                ]}
                allowDeselect={false}
                {...form.getInputProps(`pricing.${choice.field}`)}
                data-testid={choice.testId}
              />
            ))}
          </SimpleGrid>
        )}
      </Stack>

      <Divider />

      <Stack gap="sm">
        <Title order={3} size="h5">
          {t('products.sections.taxAndFulfilment')}
        </Title>
        <Radio.Group
          label={t('products.fields.taxCategory')}
          required
          key={form.key('taxCategory')}
          {...form.getInputProps('taxCategory')}
        >
          <Group gap="lg" mt={6}>
            {taxCategories.map((item) => (
              <Radio key={item} value={item} label={t(`products.taxCategories.${item}`)} />
            ))}
          </Group>
        </Radio.Group>
        <Radio.Group
          label={t('products.fields.fulfilment')}
          required
          key={form.key('fulfilment')}
          {...form.getInputProps('fulfilment')}
        >
          <Group gap="lg" mt={6}>
            {fulfilments.map((item) => (
              <Radio key={item} value={item} label={t(`products.fulfilments.${item}`)} />
            ))}
          </Group>
        </Radio.Group>
        {values.fulfilment === 'carrier' && (
          <TextInput
            label={t('products.fields.serialNumberPattern')}
            description={t('products.serialNumberPatternHint')}
            placeholder="^P\d{13}$"
            maxLength={200}
            autoComplete="off"
            styles={{ input: { fontFamily: 'monospace' } }}
            key={form.key('serialNumberPattern')}
            {...form.getInputProps('serialNumberPattern')}
          />
        )}
        <Switch
          label={t('products.fields.agency')}
          description={t('products.agencyHint')}
          key={form.key('agency')}
          {...form.getInputProps('agency', { type: 'checkbox' })}
        />
      </Stack>
    </Stack>
  );
}
