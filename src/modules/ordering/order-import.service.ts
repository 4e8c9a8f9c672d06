// 注文一括登録: new orders from a CSV (order-import.rules.ts), all or nothing in one tenant
// transaction. Every order goes through the same rules as one placed on the order screen
// (customer active, products published and in an on-sale agreement, quantities, attribute
// values, order date) and, where a row has a 完了日, as one completed on 注文完了 (completion
// not before the order date, charge start date from the free period, carrier serial
// numbers). The reads and writes are set-based: a few statements for the whole CSV, the
// writes in chunks of one statement each, so thousands of orders take seconds.

import { auditInsertAsJson } from '../../platform/audit/service.js';
import type { TenantContext } from '../../platform/context.js';
import { parseCsvRecords, type RowError, rowErrorsRefusal } from '../../platform/csv/csv-import.js';
import type { Tx } from '../../platform/db/database.js';
import { insertAsJson } from '../../platform/db/json-insert.js';
import { writeTogether } from '../../platform/db/write-together.js';
import { DomainError, type DomainFieldError } from '../../platform/domain-error.js';
import { nextNumbers } from '../../platform/ids/human-number.js';
import { newId } from '../../platform/ids/id.js';
import { tenantToday } from '../../platform/tenancy/tenant-today.js';
import { productsOnSaleForCustomers } from '../agreements/index.js';
import { loadProductsForOrderByCode, type OrderableProduct } from '../catalog/index.js';
import { type CustomerSummary, loadCustomersByCode } from '../customers/index.js';
import { type NewOrderRows, newOrderRows, ORDERED } from './new-order-rows.js';
import {
  attributeColumnOf,
  columnLabelOf,
  groupOrders,
  type ImportedOrder,
  type OrderImportRow,
  readOrderRows,
  rowAttributeValues,
  rowErrorOf,
} from './order-import.rules.js';
import { checkNewOrderItems, orderDateOf } from './order-placement.rules.js';
import { type CompletedItem, completeItem, type LineItemState } from './order-status.rules.js';
import { blankToNull } from './order-views.js';
import { contracts, lineItems, orderItems, orders } from './schema.js';

/** What one row became (or, in a preview, will become). */
export interface OrderImportRowView {
  row: number;
  customerCode: string;
  customerName: string;
  productCode: string;
  productName: string;
  quantity: number;
  contractName: string | null;
  orderedOn: string;
  completedOn: string | null;
  chargeStartDate: string | null;
  serialNumber: string | null;
  /** The numbers given on import; null in a preview. */
  orderNumber: string | null;
  lineItemNumber: string | null;
}

export interface OrderImportResult {
  applied: boolean;
  importId: string | null;
  orders: number;
  lineItems: number;
  /** Orders completed on import (every row with a 完了日). */
  completedOrders: number;
  rows: OrderImportRowView[];
}

/** One order checked and ready to write: its rows with product, attributes and completion. */
interface CheckedOrder {
  order: ImportedOrder;
  customer: CustomerSummary;
  orderedOn: string;
  items: {
    row: OrderImportRow;
    product: OrderableProduct;
    attributes: Record<string, unknown>;
    completed: { item: CompletedItem; lineItem: LineItemState } | null;
  }[];
}

/** Line items per write statement (each table's rows go as one JSON value, `insertAsJson`). */
const CHUNK_LINE_ITEMS = 2_000;

/**
 * Imports a CSV of new orders (the text is decoded already, `decodeCsv`). Any error answers
 * 422 `order_import_invalid` with every error by row, and nothing is written; `dryRun`
 * checks and shows the rows only. Staff only: a portal user cannot import.
 */
export async function importOrders(
  context: TenantContext,
  csv: string,
  dryRun: boolean,
): Promise<OrderImportResult> {
  if (context.customerScope) throw new DomainError('forbidden');
  const { database, tenantId } = context;
  const read = readOrderRows(parseCsvRecords(csv, 'order_import_invalid'));
  const grouped = groupOrders(read.rows);
  // Errors in the cells themselves and of the rows together are reported with the rules'
  // errors of the other rows, so one round of corrections fixes the file.
  const cellErrors = [...read.errors, ...grouped.errors];
  if (cellErrors.some((error) => error.row === 0)) throw refusal(cellErrors);

  const work = () =>
    database.inTenant(tenantId, async (tx) => {
      const today = await tenantToday(tx, tenantId);
      const customers = await loadCustomersByCode(tx, tenantId, [
        ...grouped.orders.map((order) => order.customerCode),
        ...read.refused.map((row) => row.customerCode).filter((code) => code !== ''),
      ]);
      const loaded = await loadProductsForOrderByCode(tx, tenantId, [
        ...read.rows.map((row) => row.productCode),
        ...read.refused.map((row) => row.productCode).filter((code) => code !== ''),
      ]);
      const products = new Map([...loaded.values()].map((product) => [product.code, product]));
      const onSale = await productsOnSaleForCustomers(
        tx,
        tenantId,
        [...customers.values()].map((customer) => customer.id),
      );

      const errors: RowError[] = [...cellErrors];
      for (const row of read.refused) {
        if (row.customerCode !== '' && !customers.has(row.customerCode))
          errors.push(unknownCustomer(row.row, row.customerCode));
        if (row.productCode !== '' && !products.has(row.productCode))
          errors.push(unknownProduct(row.row, row.productCode));
      }
      const checked: CheckedOrder[] = [];
      for (const order of grouped.orders) {
        const result = checkOrder(order, {
          today,
          customers,
          products,
          loaded,
          onSale,
          attributeHeaders: read.attributeHeaders,
        });
        if ('errors' in result) errors.push(...result.errors);
        else checked.push(result);
      }
      if (errors.length > 0) throw refusal(errors);
      if (dryRun) return resultOf(false, null, checked, null);

      const importId = newId();
      const numbered = await write(context, tx, checked, importId);
      return resultOf(true, importId, checked, numbered);
    });
  if (dryRun) return work();
  // One import at a time in this process: each holds its connection while it takes a second
  // for its numbers, so enough of them at once would wait on each other for the whole pool.
  const turn = importsInTurn.then(work);
  importsInTurn = turn.catch(() => undefined);
  return turn;
}

let importsInTurn: Promise<unknown> = Promise.resolve();

const refusal = (errors: RowError[]) =>
  rowErrorsRefusal(
    'order_import_invalid',
    [...errors].sort((a, b) => a.row - b.row),
    columnLabelOf,
  );

const unknownCustomer = (row: number, code: string): RowError => ({
  row,
  column: '顧客コード',
  message: { ja: `顧客コード ${code} の顧客が見つかりません。`, en: `No customer with code ${code}.` },
});

const unknownProduct = (row: number, code: string): RowError => ({
  row,
  column: '商品コード',
  message: { ja: `商品コード ${code} の商品が見つかりません。`, en: `No product with code ${code}.` },
});

/** The rules of one order, its errors by row instead of the first refusal. */
function checkOrder(
  order: ImportedOrder,
  found: {
    today: string;
    customers: Map<string, CustomerSummary>;
    products: Map<string, OrderableProduct>;
    loaded: Map<string, OrderableProduct>;
    onSale: Map<string, Set<string>>;
    attributeHeaders: readonly string[];
  },
): CheckedOrder | { errors: RowError[] } {
  const customer = found.customers.get(order.customerCode);
  const errors: RowError[] = [];
  // A customer not found and products not found are all named at once.
  for (const row of order.rows) {
    if (customer === undefined) errors.push(unknownCustomer(row.row, order.customerCode));
    else if (customer.status !== 'active')
      errors.push({
        row: row.row,
        column: '顧客コード',
        message: {
          ja: '統合済みの顧客には注文できません。',
          en: 'The customer has been merged into another customer.',
        },
      });
    if (!found.products.has(row.productCode)) errors.push(unknownProduct(row.row, row.productCode));
  }
  if (errors.length > 0 || customer === undefined) return { errors };

  const collect = (action: () => void, itemIndex?: number) => {
    try {
      action();
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const fieldErrors: DomainFieldError[] = error.errors ?? [
        { path: '/', message: { ja: error.message, en: error.message } },
      ];
      errors.push(...fieldErrors.map((fieldError) => rowErrorOf(order, fieldError, itemIndex)));
    }
  };

  let orderedOn = found.today;
  collect(() => {
    orderedOn = orderDateOf(order.orderedOn ?? undefined, found.today, 'staff');
  });
  const productOf = (row: OrderImportRow) => found.products.get(row.productCode) as OrderableProduct;
  const cells = order.rows.map((row) => {
    const resolved = rowAttributeValues(row.row, productOf(row).attributeDefinitions, row.attributes);
    errors.push(...resolved.errors);
    return resolved.values;
  });
  if (errors.length > 0) return { errors };
  let attributes: Record<string, unknown>[] = [];
  const before = errors.length;
  collect(() => {
    attributes = checkNewOrderItems(
      order.rows.map((row, index) => ({
        productId: productOf(row).id,
        quantity: row.quantity,
        attributes: cells[index],
      })),
      found.loaded,
      found.onSale.get(customer.id) ?? new Set(),
    ).map((item) => item.attributes);
  });
  for (const rowError of errors.slice(before)) {
    const row = order.rows.find((candidate) => candidate.row === rowError.row);
    if (!row || !rowError.column.startsWith('属性:')) continue;
    rowError.column = attributeColumnOf(
      productOf(row).attributeDefinitions,
      found.attributeHeaders,
      rowError.column.slice('属性:'.length),
    );
  }
  if (errors.length > 0) return { errors };

  const items = order.rows.map((row, index) => {
    const product = productOf(row);
    let completed: CheckedOrder['items'][number]['completed'] = null;
    if (row.completedOn !== null) {
      const completedOn = row.completedOn;
      collect(() => {
        completed = completeItem({
          orderedOn,
          item: {
            kind: 'new',
            quantity: row.quantity,
            status: 'processing',
            terms: {
              fulfilment: product.snapshot.fulfilment,
              freePeriod: product.snapshot.freePeriod,
              serialNumberPattern: product.serialNumberPattern,
            },
          },
          lineItem: ORDERED,
          lastChangeOn: null,
          completion: {
            completedOn,
            chargeStartDate: row.chargeStartDate ?? undefined,
            serialNumber: row.serialNumber ?? undefined,
          },
          paths: { chargeStartDate: '/chargeStartDate', serialNumber: '/serialNumber' },
        });
      }, index);
    }
    return { row, product, attributes: attributes[index] ?? {}, completed };
  });
  if (errors.length > 0) return { errors };
  return { order, customer, orderedOn, items };
}

/** The numbers given to each row: order and line item. */
type Numbered = Map<number, { orderNumber: string; lineItemNumber: string }>;

async function write(
  context: TenantContext,
  tx: Tx,
  checked: CheckedOrder[],
  importId: string,
): Promise<Numbered> {
  const { tenantId, actor } = context;
  const lineCount = checked.reduce((sum, order) => sum + order.items.length, 0);
  // The numbers are taken in a transaction of their own, committed at once: the counter rows
  // would otherwise stay locked while thousands of rows are written, and every order of the
  // tenant placed meanwhile would wait. An import that fails after this leaves a gap in the
  // numbers (never a number twice). PGlite has one connection, so there they are taken here.
  const counts = { contract: checked.length, line_item: lineCount, order: checked.length };
  const numbers =
    context.database.kind === 'postgres'
      ? await context.database.inTenant(tenantId, (own) => nextNumbers(own, tenantId, counts))
      : await nextNumbers(tx, tenantId, counts);
  const now = new Date();
  const numbered: Numbered = new Map();
  let lineIndex = 0;
  let chunk: NewOrderRows[] = [];
  let chunkLines = 0;
  for (const [orderIndex, entry] of checked.entries()) {
    const rows = newOrderRows({
      tenantId,
      actor,
      customer: entry.customer,
      contractName: entry.order.contractName,
      orderedOn: entry.orderedOn,
      channel: 'staff',
      numbers: {
        contract: numbers.contract?.[orderIndex] ?? 0,
        order: numbers.order?.[orderIndex] ?? 0,
        lineItems: entry.items.map(() => numbers.line_item?.[lineIndex++] ?? 0),
      },
      items: entry.items.map(({ row, product, attributes, completed }) => ({
        product,
        quantity: row.quantity,
        attributes,
        completed,
      })),
      now,
      audit: { action: 'import', extra: { importId } },
    });
    entry.items.forEach(({ row }, index) => {
      numbered.set(row.row, {
        orderNumber: rows.order.number,
        lineItemNumber: rows.lines[index]?.number ?? '',
      });
    });
    chunk.push(rows);
    chunkLines += rows.lines.length;
    if (chunkLines >= CHUNK_LINE_ITEMS) {
      await writeChunk(context, chunk, tx);
      chunk = [];
      chunkLines = 0;
    }
  }
  await writeChunk(context, chunk, tx);
  return numbered;
}

async function writeChunk(context: TenantContext, chunk: NewOrderRows[], tx: Tx): Promise<void> {
  if (chunk.length === 0) return;
  const { tenantId, actor } = context;
  const audit = auditInsertAsJson(
    tenantId,
    actor,
    chunk.flatMap((rows) => rows.audit),
  );
  const statements = [
    insertAsJson(
      contracts,
      chunk.map((entry) => entry.contract),
    ),
    insertAsJson(
      lineItems,
      chunk.flatMap((entry) => entry.lines),
    ),
    insertAsJson(
      orders,
      chunk.map((entry) => entry.order),
    ),
    insertAsJson(
      orderItems,
      chunk.flatMap((entry) => entry.items),
    ),
    audit,
  ];
  await writeTogether(
    tx,
    statements.filter((statement) => statement !== null),
  );
}

function resultOf(
  applied: boolean,
  importId: string | null,
  checked: CheckedOrder[],
  numbered: Numbered | null,
): OrderImportResult {
  const rows = checked
    .flatMap((entry) =>
      entry.items.map(
        ({ row, product, completed }): OrderImportRowView => ({
          row: row.row,
          customerCode: entry.customer.code,
          customerName: entry.customer.name,
          productCode: product.code,
          productName: product.name,
          quantity: row.quantity,
          contractName: blankToNull(entry.order.contractName),
          orderedOn: entry.orderedOn,
          completedOn: completed?.item.completedOn ?? null,
          chargeStartDate: completed?.item.chargeStartDate ?? null,
          serialNumber: completed?.item.serialNumber ?? null,
          orderNumber: numbered?.get(row.row)?.orderNumber ?? null,
          lineItemNumber: numbered?.get(row.row)?.lineItemNumber ?? null,
        }),
      ),
    )
    .sort((a, b) => a.row - b.row);
  return {
    applied,
    importId,
    orders: checked.length,
    lineItems: rows.length,
    completedOrders: checked.filter((entry) => entry.items.every((item) => item.completed !== null)).length,
    rows,
  };
}
