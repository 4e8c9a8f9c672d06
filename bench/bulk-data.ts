// The bulk data generator (`npm run seed:bulk`, quality.md "Benchmarks"): a tenant with N
// customers (one billing account each) and M line items, built with INSERT ... SELECT over
// generate_series inside one tenant transaction, so every constraint, foreign key, trigger
// and row-level security policy of the schema applies as it does to the application.
//
// The data stand as they would on the day after billing month M ended, with M-1 billed:
// - ten products: initial + monthly, monthly only, initial only; quantity-linked initial
//   fees; free periods of months and of days; reduced and exempt tax; one agency (取次)
//   carrier product with serial numbers (its amounts are 0: never billed);
// - contracts ordered over the 36 months before M (92 %), new in M (4 %, free periods push
//   some into M+1), completed in M with a charge start date back-dated 1-4 months (2 %:
//   the run catches them up, one line per service month), still processing (1 %) or
//   cancelled (0.5 %);
// - 5 % of line items with an add or reduce order completed in M, 1 % terminated (half in
//   M, half earlier); 1 % of billing accounts non-billable (売上対象外);
// - an issued invoice of M-1 per billable account holding the last monthly charge and
//   every initial charge billed so far, so the run for M bills what a real one would.
// Randomness is a hash of the row number: the same options give the same data. Rows are
// written in the order the application would have created them (ids are UUIDv7), so the
// tables' physical order is a real one's: a contract's line items side by side, a run's
// invoice lines by billing account.
import { sql } from 'drizzle-orm';
import { dueDateOf } from '../src/modules/billing/due-date.rules.js';
import { snapshotOf } from '../src/modules/catalog/index.js';
import { createTenantWithAdmin } from '../src/modules/identity/index.js';
import type { Database, Tx } from '../src/platform/db/database.js';
import { newId } from '../src/platform/ids/id.js';
import { addresses, organizationNames, personNames } from './bulk-names.js';

/** Where `npm run seed:bulk` and the billing benchmarks work unless DATABASE_URL says otherwise. */
export const DEFAULT_BENCH_URL = 'postgres://postgres@127.0.0.1:5432/keiyaku_bench';

export interface BulkOptions {
  customers: number;
  lineItems: number;
  /** The month the data are ready to be billed for (M); M-1 is billed already. */
  billingMonth: string;
  slug?: string;
}

export interface BulkTenant {
  tenantId: string;
  adminUserId: string;
  slug: string;
}

interface ProductSpec {
  code: string;
  name: string;
  taxCategory: 'standard' | 'reduced' | 'exempt';
  fulfilment: 'immediate' | 'carrier';
  agency: boolean;
  pricingPattern: 'initial_and_monthly' | 'monthly_only' | 'initial_only';
  initialFee: number;
  monthlyFee: number;
  quantityLinkedInitialFee: boolean;
  freePeriodUnit: 'month' | 'day';
  freePeriodLength: number;
  serialNumberPattern: string | null;
  /** Share of line items in percent and the largest quantity ordered. */
  share: number;
  maxQuantity: number;
}

const product = (
  fields: Omit<ProductSpec, 'fulfilment' | 'agency' | 'serialNumberPattern'> & Partial<ProductSpec>,
): ProductSpec => ({ fulfilment: 'immediate', agency: false, serialNumberPattern: null, ...fields });

export const BULK_PRODUCTS: ProductSpec[] = [
  product({
    code: 'NET-HIKARI',
    name: '光回線 ビジネスプラン',
    taxCategory: 'standard',
    pricingPattern: 'initial_and_monthly',
    initialFee: 3000,
    monthlyFee: 4800,
    quantityLinkedInitialFee: false,
    freePeriodUnit: 'month',
    freePeriodLength: 1,
    share: 28,
    maxQuantity: 1,
  }),
  product({
    code: 'TEL-HIKARI',
    name: 'ひかり電話',
    taxCategory: 'standard',
    pricingPattern: 'monthly_only',
    initialFee: 0,
    monthlyFee: 500,
    quantityLinkedInitialFee: false,
    freePeriodUnit: 'month',
    freePeriodLength: 0,
    share: 15,
    maxQuantity: 3,
  }),
  product({
    code: 'LIC-OFFICE',
    name: 'オフィスソフト ライセンス',
    taxCategory: 'standard',
    pricingPattern: 'initial_and_monthly',
    initialFee: 2000,
    monthlyFee: 1200,
    quantityLinkedInitialFee: true,
    freePeriodUnit: 'month',
    freePeriodLength: 0,
    share: 10,
    maxQuantity: 50,
  }),
  product({
    code: 'SUP-HOSHU',
    name: '保守サポート',
    taxCategory: 'standard',
    pricingPattern: 'monthly_only',
    initialFee: 0,
    monthlyFee: 3000,
    quantityLinkedInitialFee: false,
    freePeriodUnit: 'day',
    freePeriodLength: 30,
    share: 10,
    maxQuantity: 1,
  }),
  product({
    code: 'RTR-RENTAL',
    name: 'ルーターレンタル',
    taxCategory: 'standard',
    pricingPattern: 'initial_and_monthly',
    initialFee: 1000,
    monthlyFee: 300,
    quantityLinkedInitialFee: false,
    freePeriodUnit: 'month',
    freePeriodLength: 0,
    share: 10,
    maxQuantity: 2,
  }),
  product({
    code: 'WTR-SERVER',
    name: 'ウォーターサーバー(飲料水)',
    taxCategory: 'reduced',
    pricingPattern: 'monthly_only',
    initialFee: 0,
    monthlyFee: 1500,
    quantityLinkedInitialFee: false,
    freePeriodUnit: 'month',
    freePeriodLength: 0,
    share: 8,
    maxQuantity: 4,
  }),
  product({
    code: 'WRK-SETUP',
    name: '設置工事',
    taxCategory: 'standard',
    pricingPattern: 'initial_only',
    initialFee: 15000,
    monthlyFee: 0,
    quantityLinkedInitialFee: true,
    freePeriodUnit: 'month',
    freePeriodLength: 0,
    share: 7,
    maxQuantity: 3,
  }),
  product({
    code: 'MBL-AGENCY',
    name: '携帯電話 取次',
    taxCategory: 'standard',
    pricingPattern: 'initial_and_monthly',
    initialFee: 3000,
    monthlyFee: 2980,
    quantityLinkedInitialFee: false,
    freePeriodUnit: 'month',
    freePeriodLength: 0,
    fulfilment: 'carrier',
    agency: true,
    serialNumberPattern: '^\\d{11}$',
    share: 5,
    maxQuantity: 1,
  }),
  product({
    code: 'FEE-STAMP',
    name: '収入印紙代',
    taxCategory: 'exempt',
    pricingPattern: 'initial_only',
    initialFee: 200,
    monthlyFee: 0,
    quantityLinkedInitialFee: true,
    freePeriodUnit: 'month',
    freePeriodLength: 0,
    share: 4,
    maxQuantity: 5,
  }),
  product({
    code: 'CLD-BACKUP',
    name: 'クラウドバックアップ',
    taxCategory: 'standard',
    pricingPattern: 'monthly_only',
    initialFee: 0,
    monthlyFee: 9800,
    quantityLinkedInitialFee: false,
    freePeriodUnit: 'month',
    freePeriodLength: 2,
    share: 3,
    maxQuantity: 10,
  }),
];

/** A uniform integer in [0, n) from a row number and a salt (deterministic). */
const h = (key: string, salt: number, n: number | string) => `(${hBig(key, salt, n)})::int`;
const hBig = (key: string, salt: number, n: number | string) =>
  `((hashint8extended((${key})::bigint, ${salt}) % (${n}) + (${n})) % (${n}))`;

/** A UUIDv7 (ids sort by time, like newId()) for a moment and a row number. */
const uuid7 = (at: string, key: string, salt: number) =>
  `(lpad(to_hex((extract(epoch from (${at})) * 1000)::bigint), 12, '0') || '7' || lpad(to_hex(${h(key, salt, 4096)}), 3, '0')` +
  ` || to_hex(8 + ${h(key, salt + 1, 4)}) || lpad(to_hex(${h(key, salt + 2, 4096)}), 3, '0')` +
  ` || lpad(to_hex(${hBig(key, salt + 3, '281474976710656')}), 12, '0'))::uuid`;

/** A human number like formatNumber(prefix, n, 6). */
const numbered = (prefix: string, n: string) =>
  `('${prefix}' || case when (${n}) < 1000000 then lpad((${n})::text, 6, '0') else (${n})::text end)`;

const run = (tx: Tx, text: string) => tx.execute(sql.raw(text));

function previousMonth(month: string): string {
  const [year, monthNo] = month.split('-').map(Number) as [number, number];
  const date = new Date(Date.UTC(year, monthNo - 2, 1));
  return date.toISOString().slice(0, 7);
}

/** Creates the tenant and its data; answers the tenant. */
export async function seedBulk(
  database: Database,
  options: BulkOptions,
  log: (step: string, seconds: number) => void = () => {},
): Promise<BulkTenant> {
  let since = performance.now();
  const mark = (step: string) => {
    const now = performance.now();
    log(step, (now - since) / 1000);
    since = now;
  };
  const slug = options.slug ?? 'bench';
  const { tenantId, adminUserId } = await createTenantWithAdmin(database, {
    slug,
    name: 'ベンチ通信株式会社',
    adminEmail: `admin@${slug}.example`,
    adminPassword: 'bench-password-1',
    adminName: '管理者',
  });
  const N = options.customers;
  const L = options.lineItems;
  const K = Math.max(1, Math.round((L * 3) / 10)); // contracts: about 3.3 line items each
  const M = options.billingMonth;
  const P = previousMonth(M);
  const firstM = `date '${M}-01'`;
  const lastM = `((date '${M}-01' + interval '1 month')::date - 1)`;
  const lastP = `(date '${M}-01' - 1)`;
  const start = `(date '${M}-01' - interval '36 months')::date`;
  const daysM = `(${lastM} - ${firstM} + 1)`;
  const organizations = organizationNames();
  const persons = personNames();
  const places = addresses();
  const issueDate = `${M}-01`;
  const dueNext = dueDateOf(issueDate, 'end_of_next_month', 'next_business_day');
  const dueAfterNext = dueDateOf(issueDate, 'end_of_month_after_next', 'next_business_day');

  await database.inTenant(tenantId, async (tx) => {
    await run(tx, `set local synchronous_commit = off`);
    await run(tx, `set local work_mem = '256MB'`);
    // The tables filled here have no statistics until the end; a nested loop planned on "one
    // row" over a million would never end. Every join here is a bulk join.
    await run(tx, `set local enable_nestloop = off`);
    await tx.execute(
      sql`update tenants set invoice_registration_number = 'T1234567890123' where id = ${tenantId}`,
    );

    // Products, published, with their snapshots (billing.md rule 8).
    await run(
      tx,
      `create temp table bulk_products (p int primary key, id uuid, code text, snapshot jsonb,
      share_from int, share_to int, max_quantity int, pattern text, initial_fee int, monthly_fee int,
      linked boolean, agency boolean, free_unit text, free_length int, tax_rate int, fulfilment text) on commit drop`,
    );
    let from = 0;
    for (const [index, spec] of BULK_PRODUCTS.entries()) {
      const snapshot = snapshotOf({ ...spec, billingFirstMonth: null, billingQuantityBasis: null });
      const taxRate = spec.taxCategory === 'standard' ? 10 : spec.taxCategory === 'reduced' ? 8 : 0;
      await tx.execute(sql`
        insert into bulk_products values (${index}, ${newId()}::uuid, ${spec.code}, ${JSON.stringify(snapshot)}::jsonb,
          ${from}, ${from + spec.share}, ${spec.maxQuantity}, ${spec.pricingPattern}, ${spec.initialFee}, ${spec.monthlyFee},
          ${spec.quantityLinkedInitialFee}, ${spec.agency}, ${spec.freePeriodUnit}, ${spec.freePeriodLength}, ${taxRate},
          ${spec.fulfilment})`);
      await tx.execute(sql`
        insert into products (tenant_id, id, code, name, status, tax_category, fulfilment, serial_number_pattern, agency,
          pricing_pattern, initial_fee, monthly_fee, quantity_linked_initial_fee, free_period_unit, free_period_length,
          published_at, created_at, updated_at)
        select ${tenantId}, id, ${spec.code}, ${spec.name}, 'published', ${spec.taxCategory}, ${spec.fulfilment},
          ${spec.serialNumberPattern}, ${spec.agency}, ${spec.pricingPattern}, ${spec.initialFee}, ${spec.monthlyFee},
          ${spec.quantityLinkedInitialFee}, ${spec.freePeriodUnit}, ${spec.freePeriodLength},
          ${sql.raw(start)}::timestamptz, ${sql.raw(start)}::timestamptz, ${sql.raw(start)}::timestamptz
          from bulk_products where p = ${index}`);
      from += spec.share;
    }
    if (from !== 100) throw new Error(`product shares add up to ${from}, not 100`);
    mark('products');

    await run(
      tx,
      `create temp table bulk_names (kind text, n int, name text, name_kana text, search_key text) on commit drop`,
    );
    for (const [kind, list] of [
      ['organization', organizations],
      ['person', persons],
    ] as const) {
      await tx.execute(sql`
        insert into bulk_names select ${kind}, ordinality - 1, name, kana, search_key
          from unnest(${sql.param(list.map((x) => x.name))}::text[], ${sql.param(list.map((x) => x.nameKana))}::text[],
                      ${sql.param(list.map((x) => x.searchKey))}::text[]) with ordinality as t(name, kana, search_key)`);
    }
    await tx.execute(sql`
      create temp table bulk_places on commit drop as
      select ordinality - 1 as n, prefecture, city, postal_prefix, line1
        from unnest(${sql.param(places.map((x) => x.prefecture))}::text[], ${sql.param(places.map((x) => x.city))}::text[],
                    ${sql.param(places.map((x) => x.postalPrefix))}::text[], ${sql.param(places.map((x) => x.line1))}::text[])
             with ordinality as t(prefecture, city, postal_prefix, line1)`);

    // Customers and their billing accounts, created over the 36 months before M.
    await run(
      tx,
      `
      create temp table bulk_accounts on commit drop as
      select c, created, ${uuid7('created', 'c', 100)} as customer_id,
             ${uuid7("created + interval '1 millisecond'", 'c', 200)} as account_id,
             ${uuid7("created + interval '2 milliseconds'", 'c', 300)} as agreement_id,
             case when ${h('c', 1, 100)} < 85 then 'organization' else 'person' end as kind,
             case when ${h('c', 4, 100)} = 0 then 'non_billable'
                  when ${h('c', 5, 10)} < 6 then 'bank_transfer'
                  when ${h('c', 5, 10)} < 9 then 'direct_debit' else 'credit_card' end as payment_method,
             case when ${h('c', 6, 10)} = 0 then 'end_of_month_after_next' else 'end_of_next_month' end as payment_terms
        from (select c, (${start} + (c::bigint * ((${lastP} - 60) - ${start}) / ${N})::int)::timestamptz
                        + (${h('c', 7, 86_400_000)} * interval '1 millisecond') as created
                from generate_series(0, ${N - 1}) c) s`,
    );
    await run(tx, `alter table bulk_accounts add primary key (c)`);
    await run(tx, `analyze bulk_accounts, bulk_names, bulk_places, bulk_products`);
    await tx.execute(sql`
      insert into customers (tenant_id, id, code, kind, name, name_kana, search_key, lifecycle, postal_code, prefecture,
        city, line1, phone, phone_digits, email, customer_class, created_at, updated_at)
      select ${tenantId}, a.customer_id, ${sql.raw(numbered('C', 'a.c + 1'))}, a.kind, n.name, n.name_kana, n.search_key,
             'account', pl.postal_prefix || '-' || lpad(${sql.raw(h('a.c', 8, 10000))}::text, 4, '0'), pl.prefecture, pl.city,
             pl.line1 || (1 + ${sql.raw(h('a.c', 9, 5))}) || '丁目' || (1 + ${sql.raw(h('a.c', 10, 30))}) || '-' || (1 + ${sql.raw(h('a.c', 11, 20))}),
             ph.phone, regexp_replace(ph.phone, '[^0-9]', '', 'g'),
             case when ${sql.raw(h('a.c', 15, 3))} = 0 then null else 'info' || a.c || '@example.jp' end,
             case when a.kind = 'organization' then '業務用' else null end,
             a.created, a.created
        from bulk_accounts a
        join bulk_names n on n.kind = a.kind
         and n.n = ${sql.raw(h('a.c', 2, `case when a.kind = 'organization' then ${organizations.length} else ${persons.length} end`))}
        join bulk_places pl on pl.n = ${sql.raw(h('a.c', 3, places.length))}
        -- 10 digits: a 2-digit area code (03 Tokyo, 06 Osaka) with 4 + 4, or a 3-digit one with 3 + 4.
        cross join lateral (select case when length(area) = 2
                  then area || '-' || lpad(${sql.raw(h('a.c', 13, 10000))}::text, 4, '0') || '-' || lpad(${sql.raw(h('a.c', 14, 10000))}::text, 4, '0')
                  else area || '-' || lpad(${sql.raw(h('a.c', 13, 1000))}::text, 3, '0') || '-' || lpad(${sql.raw(h('a.c', 14, 10000))}::text, 4, '0') end as phone
             from (select (array['03', '06', '045', '052', '011', '022', '075', '078', '082', '092'])[1 + ${sql.raw(h('a.c', 12, 10))}] as area) x) ph
       order by a.customer_id`);
    await tx.execute(sql`
      insert into billing_accounts (tenant_id, id, customer_id, number, name, payment_method, payment_terms, is_default,
        created_at, updated_at)
      select ${tenantId}, a.account_id, a.customer_id, ${sql.raw(numbered('B', 'a.c + 1'))}, cu.name, a.payment_method,
             a.payment_terms, true, a.created, a.created
        from bulk_accounts a join customers cu on cu.tenant_id = ${tenantId} and cu.id = a.customer_id
       order by a.account_id`);
    // Each customer's master agreement, on sale, with every product.
    await tx.execute(sql`
      insert into agreements (tenant_id, id, number, customer_id, name, status, sale_start_date, started_at, created_at, updated_at)
      select ${tenantId}, agreement_id, ${sql.raw(numbered('A', 'c + 1'))}, customer_id, '基本契約', 'on_sale',
             created::date, created, created, created
        from bulk_accounts order by agreement_id`);
    await tx.execute(sql`
      insert into agreement_products (tenant_id, agreement_id, product_id)
      select ${tenantId}, a.agreement_id, p.id from bulk_accounts a cross join bulk_products p`);

    mark('customers, billing accounts, agreements');
    // Contracts, one per new order (a checkout of 3-4 line items).
    await run(
      tx,
      `
      create temp table bulk_contracts on commit drop as
      select j, a.c, a.customer_id, a.account_id, a.payment_method, cls, ordered_on,
             case cls when 'steady' then ordered_on + ${h('j', 13, 15)}
                      when 'new' then least(ordered_on + ${h('j', 13, 5)}, ${lastM})
                      when 'catch_up' then ${firstM} + ${h('j', 14, daysM)}
                      else null end as completed_on,
             ${uuid7(`ordered_on + (${h('j', 15, 86_400_000)} * interval '1 millisecond')`, 'j', 400)} as contract_id,
             ${uuid7(`ordered_on + (${h('j', 15, 86_400_000)} * interval '1 millisecond') + interval '1 millisecond'`, 'j', 500)} as order_id,
             ${h('j', 16, 20)} = 0 as portal
        from (select j, cls,
                     case cls when 'steady' then (a.created::date + ${h('j', 11, `(${lastP} - 20) - a.created::date + 1`)})
                              when 'new' then ${firstM} + ${h('j', 12, `${daysM} - 5`)}
                              when 'catch_up' then greatest(${firstM} - 30 - ${h('j', 12, 90)}, a.created::date)
                              when 'processing' then ${firstM} + ${h('j', 12, daysM)}
                              else greatest(${firstM} - ${h('j', 12, 60)}, a.created::date) end as ordered_on
                from (select j, case when r < 920 then 'steady' when r < 960 then 'new' when r < 980 then 'catch_up'
                                     when r < 990 then 'processing' when r < 995 then 'cancelled' else 'steady' end as cls
                        from (select j, ${h('j', 10, 1000)} as r from generate_series(0, ${K - 1}) j) r) k
                join bulk_accounts a on a.c = k.j % ${N}) s
        join bulk_accounts a on a.c = s.j % ${N}`,
    );
    await run(tx, `alter table bulk_contracts add primary key (j)`);
    await run(tx, `analyze bulk_contracts`);
    await tx.execute(sql`
      insert into contracts (tenant_id, id, number, customer_id, billing_account_id, name, created_at, updated_at)
      select ${tenantId}, contract_id, ${sql.raw(numbered('K', 'j + 1'))}, customer_id, account_id,
             (array['本社回線', '支店回線', '店舗設備', 'ライセンス', '保守契約'])[1 + ${sql.raw(h('j', 17, 5))}],
             ordered_on::timestamptz, coalesce(completed_on, ordered_on)::timestamptz
        from bulk_contracts order by contract_id`);

    mark('contracts');
    // Line items with their quantity history: the new order's item, and for some an add,
    // reduce or terminate order.
    await run(
      tx,
      `
      create temp table bulk_items on commit drop as
      select i, k.j, k.cls, k.customer_id, k.contract_id, k.order_id, k.ordered_on, k.completed_on, k.portal, p.p,
             1 + ${h('i', 21, 'p.max_quantity')} as quantity,
             case when k.cls = 'catch_up' then k.ordered_on
                  when k.completed_on is null then null
                  when p.free_unit = 'month' then (k.completed_on + make_interval(months => p.free_length))::date
                  else k.completed_on + p.free_length end as charge_start_date,
             case when k.cls <> 'steady' then null
                  when ${h('i', 22, 1000)} < 50 then 'change'
                  when ${h('i', 22, 1000)} < 55 then 'end_in_month'
                  when ${h('i', 22, 1000)} < 60 then 'end_before' else null end as event,
             ${uuid7(`k.ordered_on + ((${h('k.j', 15, 86_400_000)} + 2 + i / ${K}) * interval '1 millisecond')`, 'i', 600)} as line_item_id,
             ${uuid7(`k.ordered_on + ((${h('k.j', 15, 86_400_000)} + 2 + i / ${K}) * interval '1 millisecond')`, 'i', 700)} as order_item_id
        from generate_series(0, ${L - 1}) i
        join bulk_contracts k on k.j = i % ${K}
        join bulk_products p on ${h('i', 20, 100)} >= p.share_from and ${h('i', 20, 100)} < p.share_to`,
    );
    await run(
      tx,
      `
      create temp table bulk_changes on commit drop as
      select i, kind, amount, changed_on, greatest(changed_on - ${h('i', 27, 5)}, completed_on) as ordered_on,
             row_number() over (order by i) as n,
             ${uuid7(`greatest(changed_on - ${h('i', 27, 5)}, completed_on) + (${h('i', 28, 86_400_000)} * interval '1 millisecond')`, 'i', 800)} as order_id,
             ${uuid7(`greatest(changed_on - ${h('i', 27, 5)}, completed_on) + (${h('i', 28, 86_400_000)} * interval '1 millisecond') + interval '1 millisecond'`, 'i', 900)} as order_item_id
        from (select i, completed_on,
                     case when event = 'change' and quantity >= 2 and ${h('i', 24, 2)} = 0 then 'reduce'
                          when event = 'change' then 'add' else 'terminate' end as kind,
                     case when event = 'change' and quantity >= 2 and ${h('i', 24, 2)} = 0 then 1 + ${h('i', 25, 'quantity - 1')}
                          when event = 'change' then 1 + ${h('i', 25, 3)} else quantity end as amount,
                     case when event = 'end_before' then greatest(completed_on + 1, ${lastP} - ${h('i', 26, 150)})
                          else ${firstM} + ${h('i', 26, daysM)} end as changed_on
                from bulk_items where event is not null) s`,
    );
    await run(tx, `alter table bulk_items add primary key (i)`);
    await run(tx, `alter table bulk_changes add primary key (i)`);
    // Temporary tables have no statistics until analyzed; the planner needs them for the joins.
    await run(tx, `analyze bulk_items, bulk_changes`);
    await tx.execute(sql`
      insert into line_items (tenant_id, id, number, contract_id, customer_id, product_id, status, quantity, completed_on,
        charge_start_date, end_date, serial_number, price_snapshot, created_at, updated_at)
      select ${tenantId}, it.line_item_id, ${sql.raw(numbered('L', 'it.i + 1'))}, it.contract_id, it.customer_id, p.id,
             case it.cls when 'processing' then 'ordered' when 'cancelled' then 'cancelled'
                  else case when ch.kind = 'terminate' then 'terminated' else 'active' end end,
             case when it.cls in ('processing', 'cancelled') then 0
                  when ch.kind = 'add' then it.quantity + ch.amount
                  when ch.kind = 'reduce' then it.quantity - ch.amount else it.quantity end,
             it.completed_on, it.charge_start_date, case when ch.kind = 'terminate' then ch.changed_on end,
             case when p.fulfilment = 'carrier' and it.completed_on is not null
                  then '090' || lpad(${sql.raw(h('it.i', 29, 100_000_000))}::text, 8, '0') end,
             p.snapshot, it.ordered_on::timestamptz, coalesce(ch.changed_on, it.completed_on, it.ordered_on)::timestamptz
        from bulk_items it join bulk_products p on p.p = it.p left join bulk_changes ch on ch.i = it.i
       order by it.line_item_id`);

    mark('line items');
    // Orders: the new order of each contract, then one order per change.
    await tx.execute(sql`
      insert into orders (tenant_id, id, number, kind, customer_id, contract_id, status, ordered_on, channel, placed_by,
        completed_on, cancel_reason, cancelled_at, created_at, updated_at)
      select ${tenantId}, order_id, ${sql.raw(numbered('O', 'j + 1'))}, 'new', customer_id, contract_id,
             case cls when 'processing' then 'processing' when 'cancelled' then 'cancelled' else 'completed' end,
             ordered_on, case when portal then 'portal' else 'staff' end,
             case when portal then null else ${adminUserId}::uuid end, completed_on,
             case when cls = 'cancelled' then 'お客様のご都合によるキャンセル' end,
             case when cls = 'cancelled' then ordered_on::timestamptz + interval '2 days' end,
             ordered_on::timestamptz, coalesce(completed_on, ordered_on)::timestamptz
        from bulk_contracts order by order_id`);
    await tx.execute(sql`
      insert into orders (tenant_id, id, number, kind, customer_id, contract_id, status, ordered_on, channel, placed_by,
        completed_on, created_at, updated_at)
      select ${tenantId}, ch.order_id, ${sql.raw(numbered('O', `${K} + ch.n`))}, ch.kind, it.customer_id, it.contract_id,
             'completed', ch.ordered_on, 'staff', ${adminUserId}::uuid, ch.changed_on, ch.ordered_on::timestamptz,
             ch.changed_on::timestamptz
        from bulk_changes ch join bulk_items it on it.i = ch.i order by ch.order_id`);
    await tx.execute(sql`
      insert into order_items (tenant_id, id, order_id, line_item_id, product_id, kind, quantity, status, completed_on,
        charge_start_date, serial_number, confirmed_at, confirmed_by, cancel_reason, created_at, updated_at)
      select ${tenantId}, it.order_item_id, it.order_id, it.line_item_id, p.id, 'new', it.quantity,
             case it.cls when 'processing' then 'processing' when 'cancelled' then 'cancelled' else 'completed' end,
             it.completed_on, it.charge_start_date, li.serial_number,
             it.completed_on::timestamptz + interval '10 hours', case when it.completed_on is not null then ${adminUserId}::uuid end,
             case when it.cls = 'cancelled' then 'お客様のご都合によるキャンセル' end,
             it.ordered_on::timestamptz, coalesce(it.completed_on, it.ordered_on)::timestamptz
        from bulk_items it join bulk_products p on p.p = it.p
        join line_items li on li.tenant_id = ${tenantId} and li.id = it.line_item_id
       order by it.order_item_id`);
    await tx.execute(sql`
      insert into order_items (tenant_id, id, order_id, line_item_id, product_id, kind, quantity, status, completed_on,
        confirmed_at, confirmed_by, created_at, updated_at)
      select ${tenantId}, ch.order_item_id, ch.order_id, it.line_item_id, p.id, ch.kind, ch.amount, 'completed',
             ch.changed_on, ch.changed_on::timestamptz + interval '10 hours', ${adminUserId}::uuid,
             ch.ordered_on::timestamptz, ch.changed_on::timestamptz
        from bulk_changes ch join bulk_items it on it.i = ch.i join bulk_products p on p.p = it.p
       order by ch.order_item_id`);

    mark('orders, order items');
    // What the runs up to M-1 billed: the last monthly charge of every line item and every
    // initial charge of a month up to M-1 (only the latest month counts as "last billed").
    await run(
      tx,
      `
      create temp table bulk_billed on commit drop as
      select it.i, k.account_id, it.line_item_id, null::uuid as order_item_id, null::uuid as order_id, 'monthly' as kind,
             least('${P}', to_char(ch.changed_on, 'YYYY-MM')) as service_month, it.quantity,
             p.monthly_fee as unit_price, p.monthly_fee * it.quantity as amount, p.tax_rate
        from bulk_items it join bulk_contracts k on k.j = it.j join bulk_products p on p.p = it.p
        left join bulk_changes ch on ch.i = it.i and ch.kind = 'terminate'
       where k.cls = 'steady' and k.payment_method <> 'non_billable' and p.pattern <> 'initial_only'
         and not p.agency
         and it.charge_start_date <= (to_date(least('${P}', to_char(ch.changed_on, 'YYYY-MM')), 'YYYY-MM') + interval '1 month')::date - 1
      union all
      select it.i, k.account_id, it.line_item_id, it.order_item_id, it.order_id, 'initial',
             to_char(greatest(it.completed_on, it.charge_start_date), 'YYYY-MM'),
             case when p.linked then it.quantity else 1 end, p.initial_fee,
             p.initial_fee * case when p.linked then it.quantity else 1 end, p.tax_rate
        from bulk_items it join bulk_contracts k on k.j = it.j join bulk_products p on p.p = it.p
       where k.cls = 'steady' and k.payment_method <> 'non_billable' and p.pattern <> 'monthly_only'
         and not p.agency and greatest(it.completed_on, it.charge_start_date) <= ${lastP}`,
    );
    await run(
      tx,
      `
      create temp table bulk_invoices on commit drop as
      select a.account_id, a.customer_id, a.payment_terms, a.c,
             ${uuid7(`date '${M}-01' + (a.c * 200 * interval '1 millisecond')`, 'a.c', 1000)} as invoice_id,
             row_number() over (order by a.c) as n
        from bulk_accounts a where a.account_id in (select account_id from bulk_billed)`,
    );
    await run(tx, `analyze bulk_billed, bulk_invoices`);
    await tx.execute(sql`
      insert into invoices (tenant_id, id, billing_account_id, customer_id, billing_month, sequence, status, subtotal,
        tax_total, total, taxes, customer_name, billing_account_name, payment_terms, created_at, updated_at)
      select ${tenantId}, v.invoice_id, v.account_id, v.customer_id, ${P}, 1, 'draft', t.subtotal, t.tax, t.subtotal + t.tax,
             t.taxes, cu.name, ba.name, v.payment_terms, date '${sql.raw(M)}-01', date '${sql.raw(M)}-01'
        from bulk_invoices v
        join customers cu on cu.tenant_id = ${tenantId} and cu.id = v.customer_id
        join billing_accounts ba on ba.tenant_id = ${tenantId} and ba.id = v.account_id
        join (select account_id, sum(taxable)::bigint as subtotal, sum(tax)::bigint as tax,
                     jsonb_agg(jsonb_build_object('rate', tax_rate, 'taxableAmount', taxable, 'tax', tax) order by tax_rate desc) as taxes
                from (select account_id, tax_rate, sum(amount) as taxable, floor(sum(amount) * tax_rate / 100) as tax
                        from bulk_billed group by account_id, tax_rate) r
               group by account_id) t on t.account_id = v.account_id
       order by v.invoice_id`);
    await tx.execute(sql`
      insert into invoice_lines (tenant_id, id, invoice_id, charge_kind, line_item_id, order_item_id, order_id, service_month,
        quantity, unit_price, amount, tax_rate, created_at)
      select ${tenantId}, ${sql.raw(uuid7(`date '${M}-01' + ((v.c * 200 + 1 + ${h('b.i', 31, 150)}) * interval '1 millisecond')`, "b.i * 2 + (b.kind = 'initial')::int", 1100))},
             v.invoice_id, b.kind, b.line_item_id, b.order_item_id, b.order_id, b.service_month, b.quantity, b.unit_price,
             b.amount, b.tax_rate, date '${sql.raw(M)}-01'
        from bulk_billed b join bulk_invoices v on v.account_id = b.account_id
       order by 2`);
    await tx.execute(sql`
      update invoices i set status = 'issued', number = 'INV-' || lpad(v.n::text, 8, '0'), issue_date = ${issueDate}::date,
             due_date = case when i.payment_terms = 'end_of_next_month' then ${dueNext}::date else ${dueAfterNext}::date end,
             issued_at = date '${sql.raw(M)}-01' + interval '9 hours', issued_by = ${adminUserId}::uuid
        from bulk_invoices v where i.tenant_id = ${tenantId} and i.id = v.invoice_id`);

    mark('invoices of M-1 with their lines');
    // The counters continue after the generated numbers.
    await tx.execute(sql`
      insert into number_sequences (tenant_id, name, last_value)
      select ${tenantId}, name, last_value from (values
        ('customer', ${N}::int), ('billing_account', ${N}::int), ('agreement', ${N}::int), ('contract', ${K}::int),
        ('line_item', ${L}::int), ('order', ${K}::int + (select count(*)::int from bulk_changes)),
        ('invoice', (select count(*)::int from bulk_invoices))) v(name, last_value)
      on conflict (tenant_id, name) do update set last_value = greatest(number_sequences.last_value, excluded.last_value)`);
  });
  // Fresh statistics and visibility maps: the run reads "last billed" by index-only scans.
  for (const table of [
    'customers',
    'billing_accounts',
    'agreements',
    'agreement_products',
    'contracts',
    'line_items',
    'orders',
    'order_items',
    'invoices',
    'invoice_lines',
    'products',
  ]) {
    await database.executeSql(`vacuum (analyze) ${table}`);
  }
  mark('vacuum, analyze');
  return { tenantId, adminUserId, slug };
}
