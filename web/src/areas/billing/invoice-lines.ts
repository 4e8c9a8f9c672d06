// The lines of an invoice as the detail shows them: one group per service month (利用月),
// oldest first, with the group's amount; within a month initial, monthly, then adjustments.
import type { ChargeKind } from './billing-types';

interface Line {
  serviceMonth: string;
  chargeKind: ChargeKind;
  amount: number;
}

export interface ServiceMonthGroup<T extends Line> {
  serviceMonth: string;
  lines: T[];
  amount: number;
}

const kindOrder: Record<ChargeKind, number> = { initial: 0, monthly: 1, adjustment: 2 };

export function groupByServiceMonth<T extends Line>(lines: readonly T[]): ServiceMonthGroup<T>[] {
  const groups = new Map<string, T[]>();
  for (const line of lines) {
    const group = groups.get(line.serviceMonth);
    if (group) group.push(line);
    else groups.set(line.serviceMonth, [line]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([serviceMonth, group]) => {
      // A stable sort keeps the server's order of lines of the same kind.
      const sorted = [...group].sort((a, b) => kindOrder[a.chargeKind] - kindOrder[b.chargeKind]);
      return { serviceMonth, lines: sorted, amount: sorted.reduce((sum, line) => sum + line.amount, 0) };
    });
}

interface DescribedLine {
  description: string | null;
  productName: string | null;
  productCode: string | null;
  contractNumber: string | null;
  lineItemNumber: string | null;
}

/** A line's text: its own (adjustments) or its product's, and where it comes from. */
export function lineText(line: DescribedLine): { title: string; source: string } {
  return {
    title: line.description || line.productName || line.productCode || '',
    source: [line.contractNumber, line.lineItemNumber].filter(Boolean).join(' / '),
  };
}
