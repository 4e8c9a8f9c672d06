// The inputs of a customer: 法人/個人, name and フリガナ, 販売見込み客/販売アカウント, the
// address (postal code, prefecture of 47, city, street, building), phone, email, 顧客区分
// and the tenant's active customer custom attributes. Shared by 新規作成 and 編集.
import { Divider, Group, Radio, Select, SimpleGrid, Stack, TextInput, Title } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import { AttributeFields } from '../../components/AttributeFields';
import type { AttributeFieldDefinition } from '../../components/attribute-values';
import { type CustomerFormValues, normalizePostalCode } from './customer-form';
import { customerKinds, lifecycles, prefectures } from './customer-labels';

export function CustomerFields({
  form,
  definitions,
}: {
  form: UseFormReturnType<CustomerFormValues>;
  definitions: readonly AttributeFieldDefinition[];
}) {
  const { t } = useTranslation();
  const values = form.getValues();
  const addressRequired = values.lifecycle === 'account';

  return (
    <Stack gap="lg">
      <Stack gap="sm">
        <Title order={3} size="h5">
          {t('customers.sections.basics')}
        </Title>
        <Group gap="xl" align="flex-start">
          <Radio.Group
            label={t('customers.fields.kind')}
            required
            key={form.key('kind')}
            {...form.getInputProps('kind')}
          >
            <Group gap="md" mt={6}>
              {customerKinds.map((kind) => (
                <Radio key={kind} value={kind} label={t(`customers.kinds.${kind}`)} />
              ))}
            </Group>
          </Radio.Group>
          <Radio.Group
            label={t('customers.fields.lifecycle')}
            description={t('customers.lifecycleHint')}
            required
            key={form.key('lifecycle')}
            {...form.getInputProps('lifecycle')}
          >
            <Group gap="md" mt={6}>
              {lifecycles.map((lifecycle) => (
                <Radio key={lifecycle} value={lifecycle} label={t(`customers.lifecycles.${lifecycle}`)} />
              ))}
            </Group>
          </Radio.Group>
        </Group>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput
            label={t('customers.fields.name')}
            placeholder={
              values.kind === 'organization'
                ? t('customers.namePlaceholderOrg')
                : t('customers.namePlaceholderPerson')
            }
            required
            maxLength={200}
            data-autofocus
            key={form.key('name')}
            {...form.getInputProps('name')}
          />
          <TextInput
            label={t('customers.fields.nameKana')}
            placeholder={
              values.kind === 'organization'
                ? t('customers.kanaPlaceholderOrg')
                : t('customers.kanaPlaceholderPerson')
            }
            maxLength={200}
            key={form.key('nameKana')}
            {...form.getInputProps('nameKana')}
          />
          <TextInput
            label={t('customers.fields.customerClass')}
            placeholder={t('customers.customerClassPlaceholder')}
            maxLength={100}
            key={form.key('customerClass')}
            {...form.getInputProps('customerClass')}
          />
        </SimpleGrid>
      </Stack>

      <Divider />

      <Stack gap="sm">
        <Title order={3} size="h5">
          {t('customers.sections.address')}
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput
            label={t('customers.fields.postalCode')}
            placeholder="123-4567"
            required={addressRequired}
            inputMode="numeric"
            autoComplete="postal-code"
            maxLength={10}
            key={form.key('address.postalCode')}
            {...form.getInputProps('address.postalCode')}
            onBlur={(event) => {
              const normalized = normalizePostalCode(event.currentTarget.value);
              if (normalized) form.setFieldValue('address.postalCode', normalized);
              form.validateField('address.postalCode');
            }}
          />
          <Select
            label={t('customers.fields.prefecture')}
            placeholder={t('customers.choosePrefecture')}
            required={addressRequired}
            data={[...prefectures]}
            searchable
            clearable={!addressRequired}
            nothingFoundMessage={t('common.nothingFound')}
            comboboxProps={{ withinPortal: true }}
            key={form.key('address.prefecture')}
            {...form.getInputProps('address.prefecture')}
          />
          <TextInput
            label={t('customers.fields.city')}
            placeholder={t('customers.cityPlaceholder')}
            required={addressRequired}
            maxLength={100}
            autoComplete="address-level2"
            key={form.key('address.city')}
            {...form.getInputProps('address.city')}
          />
          <TextInput
            label={t('customers.fields.line1')}
            placeholder={t('customers.line1Placeholder')}
            required={addressRequired}
            maxLength={200}
            autoComplete="address-line1"
            key={form.key('address.line1')}
            {...form.getInputProps('address.line1')}
          />
          <TextInput
            label={t('customers.fields.line2')}
            placeholder={t('customers.line2Placeholder')}
            maxLength={200}
            autoComplete="address-line2"
            key={form.key('address.line2')}
            {...form.getInputProps('address.line2')}
          />
        </SimpleGrid>
      </Stack>

      <Divider />

      <Stack gap="sm">
        <Title order={3} size="h5">
          {t('customers.sections.contact')}
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput
            label={t('customers.fields.phone')}
            placeholder="03-1234-5678"
            type="tel"
            autoComplete="tel"
            maxLength={30}
            key={form.key('phone')}
            {...form.getInputProps('phone')}
          />
          <TextInput
            label={t('customers.fields.email')}
            placeholder="info@example.co.jp"
            type="email"
            autoComplete="email"
            maxLength={254}
            key={form.key('email')}
            {...form.getInputProps('email')}
          />
        </SimpleGrid>
      </Stack>

      {definitions.length > 0 && (
        <>
          <Divider />
          <Stack gap="sm">
            <Title order={3} size="h5">
              {t('customers.sections.attributes')}
            </Title>
            <AttributeFields form={form} definitions={definitions} />
          </Stack>
        </>
      )}
    </Stack>
  );
}
