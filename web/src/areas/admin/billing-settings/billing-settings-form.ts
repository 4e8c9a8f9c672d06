// 請求設定 between the API and the form: the bank account (振込先) is a switch and five fields
// in the form, null in the API when it is not printed.
import type { BillingSettings } from '../../billing/billing-types';

export const ACCOUNT_NUMBER = /^\d{7}$/;

export interface BillingSettingsValues {
  firstMonth: BillingSettings['firstMonth'];
  quantityBasis: BillingSettings['quantityBasis'];
  autoIssue: boolean;
  pricesIncludeTax: boolean;
  dueDateShift: BillingSettings['dueDateShift'];
  printBankAccount: boolean;
  bankAccount: {
    bankName: string;
    branchName: string;
    accountType: 'ordinary' | 'current';
    accountNumber: string;
    accountHolder: string;
  };
}

export function formValuesOf(settings: BillingSettings): BillingSettingsValues {
  return {
    firstMonth: settings.firstMonth,
    quantityBasis: settings.quantityBasis,
    autoIssue: settings.autoIssue,
    pricesIncludeTax: settings.pricesIncludeTax,
    dueDateShift: settings.dueDateShift,
    printBankAccount: settings.bankAccount !== null,
    bankAccount: settings.bankAccount ?? {
      bankName: '',
      branchName: '',
      accountType: 'ordinary',
      accountNumber: '',
      accountHolder: '',
    },
  };
}

export function requestOf(values: BillingSettingsValues, version: number) {
  const account = values.bankAccount;
  return {
    version,
    firstMonth: values.firstMonth,
    quantityBasis: values.quantityBasis,
    autoIssue: values.autoIssue,
    pricesIncludeTax: values.pricesIncludeTax,
    dueDateShift: values.dueDateShift,
    bankAccount: values.printBankAccount
      ? {
          bankName: account.bankName.trim(),
          branchName: account.branchName.trim(),
          accountType: account.accountType,
          // Full-width digits typed on a Japanese keyboard count as digits.
          accountNumber: account.accountNumber.normalize('NFKC').trim(),
          accountHolder: account.accountHolder.trim(),
        }
      : null,
  };
}
