import { describe, expect, test } from 'vitest';
import { groupByServiceMonth, lineText } from './invoice-lines';

describe('invoice lines grouped by service month', () => {
  test('months oldest first, initial before monthly before adjustment, with each month’s amount', () => {
    const groups = groupByServiceMonth([
      { id: 'a', serviceMonth: '2026-09', chargeKind: 'monthly' as const, amount: 5000 },
      { id: 'b', serviceMonth: '2026-07', chargeKind: 'monthly' as const, amount: 5000 },
      { id: 'c', serviceMonth: '2026-09', chargeKind: 'adjustment' as const, amount: -500 },
      { id: 'd', serviceMonth: '2026-09', chargeKind: 'initial' as const, amount: 3000 },
      { id: 'e', serviceMonth: '2026-08', chargeKind: 'monthly' as const, amount: 5000 },
    ]);
    expect(groups.map((group) => group.serviceMonth)).toEqual(['2026-07', '2026-08', '2026-09']);
    expect(groups[2]?.lines.map((line) => line.id)).toEqual(['d', 'a', 'c']);
    expect(groups.map((group) => group.amount)).toEqual([5000, 5000, 7500]);
  });

  test('no lines, no groups', () => {
    expect(groupByServiceMonth([])).toEqual([]);
  });
});

describe('the text of an invoice line', () => {
  const line = {
    description: null,
    productName: 'クラウドPBX',
    productCode: 'PBX-1',
    contractNumber: 'C-00000001',
    lineItemNumber: 'L-00000001',
  };

  test('a charge names its product, contract and line item', () => {
    expect(lineText(line)).toEqual({ title: 'クラウドPBX', source: 'C-00000001 / L-00000001' });
  });

  test('an adjustment keeps its own text and may come from nowhere', () => {
    expect(
      lineText({
        ...line,
        description: '値引き',
        productName: null,
        contractNumber: null,
        lineItemNumber: null,
      }),
    ).toEqual({ title: '値引き', source: '' });
  });
});
