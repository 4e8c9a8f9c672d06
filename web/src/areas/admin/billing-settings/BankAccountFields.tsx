// 振込先: the bank account printed on invoices (bank, branch, 普通 / 当座, 7 digits, holder).
import { Select, SimpleGrid, Switch, TextInput } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import type { BillingSettingsValues } from './billing-settings-form';

export function BankAccountFields({ form }: { form: UseFormReturnType<BillingSettingsValues> }) {
  const { t } = useTranslation();
  const printed = form.getValues().printBankAccount;
  return (
    <>
      <Switch
        label={t('billingSettings.printBankAccount')}
        description={t('billingSettings.printBankAccountHint')}
        key={form.key('printBankAccount')}
        {...form.getInputProps('printBankAccount', { type: 'checkbox' })}
      />
      {printed && (
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput
            label={t('billingSettings.bank.bankName')}
            required
            maxLength={60}
            key={form.key('bankAccount.bankName')}
            {...form.getInputProps('bankAccount.bankName')}
          />
          <TextInput
            label={t('billingSettings.bank.branchName')}
            required
            maxLength={60}
            key={form.key('bankAccount.branchName')}
            {...form.getInputProps('bankAccount.branchName')}
          />
          <Select
            label={t('billingSettings.bank.accountType')}
            data={[
              { value: 'ordinary', label: t('billingSettings.bank.accountTypes.ordinary') },
              { value: 'current', label: t('billingSettings.bank.accountTypes.current') },
            ]}
            allowDeselect={false}
            key={form.key('bankAccount.accountType')}
            {...form.getInputProps('bankAccount.accountType')}
          />
          <TextInput
            label={t('billingSettings.bank.accountNumber')}
            description={t('billingSettings.bank.accountNumberHint')}
            required
            inputMode="numeric"
            maxLength={7}
            key={form.key('bankAccount.accountNumber')}
            {...form.getInputProps('bankAccount.accountNumber')}
          />
          <TextInput
            label={t('billingSettings.bank.accountHolder')}
            description={t('billingSettings.bank.accountHolderHint')}
            required
            maxLength={100}
            key={form.key('bankAccount.accountHolder')}
            {...form.getInputProps('bankAccount.accountHolder')}
          />
        </SimpleGrid>
      )}
    </>
  );
}
