import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { openAmountOf, paymentRefusal, paymentStatusOf, type Receivable } from './payment-status.rules.js';

const issued = (over: Partial<Receivable> = {}): Receivable => ({
  kind: 'invoice',
  status: 'issued',
  total: 11000,
  paidAmount: 0,
  creditedAmount: 0,
  dueDate: '2026-02-28',
  ...over,
});

describe('payment status', () => {
  it('is unpaid, partially paid, paid, overdue by the figures and the due date', () => {
    expect(paymentStatusOf(issued(), '2026-02-01')).toBe('unpaid');
    expect(paymentStatusOf(issued({ paidAmount: 5000 }), '2026-02-01')).toBe('partially_paid');
    expect(paymentStatusOf(issued({ paidAmount: 11000 }), '2026-02-01')).toBe('paid');
    expect(paymentStatusOf(issued(), '2026-02-28')).toBe('unpaid');
    expect(paymentStatusOf(issued(), '2026-03-01')).toBe('overdue');
    expect(paymentStatusOf(issued({ paidAmount: 5000 }), '2026-03-01')).toBe('overdue');
    expect(paymentStatusOf(issued({ paidAmount: 11000 }), '2026-03-01')).toBe('paid');
  });

  it('counts credit notes against the open amount', () => {
    expect(openAmountOf(issued({ creditedAmount: 1100 }))).toBe(9900);
    expect(paymentStatusOf(issued({ creditedAmount: 1100 }), '2026-02-01')).toBe('partially_paid');
    expect(paymentStatusOf(issued({ creditedAmount: 11000 }), '2026-03-01')).toBe('paid');
    expect(openAmountOf(issued({ paidAmount: 11000, creditedAmount: 1100 }))).toBe(0);
  });

  it('leaves drafts unpaid and settles credit notes on issue', () => {
    expect(paymentStatusOf(issued({ status: 'draft', dueDate: null }), '2026-03-01')).toBe('unpaid');
    expect(paymentStatusOf(issued({ kind: 'credit_note', total: -1100 }), '2026-03-01')).toBe('paid');
    expect(openAmountOf(issued({ kind: 'credit_note', total: -1100 }))).toBe(0);
  });

  it('refuses payments on drafts, on credit notes and above the open amount', () => {
    expect(paymentRefusal(issued({ status: 'draft' }), 100)).toBe('invoice_not_issued');
    expect(paymentRefusal(issued({ kind: 'credit_note', total: -100 }), 100)).toBe(
      'payment_not_for_credit_note',
    );
    expect(paymentRefusal(issued({ paidAmount: 6000 }), 5001)).toBe('payment_exceeds_open_amount');
    expect(paymentRefusal(issued({ paidAmount: 6000 }), 5000)).toBeNull();
  });

  it('never lets accepted payments exceed the total (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.array(fc.integer({ min: 1, max: 300_000 })),
        (total, tries) => {
          let invoice = issued({ total });
          for (const amount of tries) {
            if (paymentRefusal(invoice, amount) === null)
              invoice = { ...invoice, paidAmount: invoice.paidAmount + amount };
          }
          expect(invoice.paidAmount).toBeLessThanOrEqual(total);
          expect(openAmountOf(invoice)).toBe(total - invoice.paidAmount);
          expect(paymentStatusOf(invoice, '2026-01-01') === 'paid').toBe(invoice.paidAmount === total);
        },
      ),
    );
  });
});
