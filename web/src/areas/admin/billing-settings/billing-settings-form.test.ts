import { describe, expect, test } from 'vitest';
import { formValuesOf, requestOf } from './billing-settings-form';

const stored = {
  firstMonth: 'full' as const,
  quantityBasis: 'month_end' as const,
  autoIssue: false,
  pricesIncludeTax: false,
  dueDateShift: 'next_business_day' as const,
  bankAccount: null,
  version: 0,
};

describe('請求設定 form', () => {
  test('without a bank account the fields start empty and the request sends null', () => {
    const values = formValuesOf(stored);
    expect(values.printBankAccount).toBe(false);
    expect(values.bankAccount.accountType).toBe('ordinary');
    expect(requestOf(values, 0)).toEqual({ ...stored, bankAccount: null });
  });

  test('a printed bank account is trimmed, full-width digits made half-width', () => {
    const values = {
      ...formValuesOf(stored),
      printBankAccount: true,
      bankAccount: {
        bankName: ' みずほ銀行 ',
        branchName: '丸の内支店',
        accountType: 'current' as const,
        accountNumber: '１２３４５６７',
        accountHolder: 'デモツウシン(カ ',
      },
    };
    expect(requestOf(values, 3).bankAccount).toEqual({
      bankName: 'みずほ銀行',
      branchName: '丸の内支店',
      accountType: 'current',
      accountNumber: '1234567',
      accountHolder: 'デモツウシン(カ',
    });
    expect(requestOf(values, 3).version).toBe(3);
  });
});
