// The attribute definitions other modules read inside their own transaction (customers,
// ordering), and what a portal user may list.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { TenantContext } from '../../platform/context.js';
import { createTestTenant } from '../../test/app.js';
import { createTestDatabase, type TestDatabase } from '../../test/database.js';
import { listActiveDefinitions, loadDefinitions } from './attribute-definition.queries.js';
import { createDefinition, listDefinitions, updateDefinition } from './attribute-definition.service.js';

let testDatabase: TestDatabase;

beforeAll(async () => {
  testDatabase = await createTestDatabase();
});

afterAll(() => testDatabase.drop());

async function contextOf(): Promise<TenantContext> {
  const { tenantId } = await createTestTenant(testDatabase.database);
  return { database: testDatabase.database, tenantId, actor: { id: null, name: 'test' }, locale: 'ja' };
}

describe('attribute definitions for other modules', () => {
  test('listActiveDefinitions and loadDefinitions', async () => {
    const context = await contextOf();
    const second = await createDefinition(context, {
      entity: 'customer',
      labelJa: '二',
      type: 'text',
      position: 2,
    });
    const first = await createDefinition(context, {
      entity: 'customer',
      labelJa: '一',
      type: 'number',
      position: 1,
    });
    const retired = await createDefinition(context, { entity: 'customer', labelJa: '旧', type: 'text' });
    const forProducts = await createDefinition(context, {
      entity: 'product',
      labelJa: '色',
      type: 'text',
      position: 5,
    });
    await updateDefinition(context, [], retired.id, { version: 1, retired: true });
    const { active, loaded } = await context.database.inTenant(context.tenantId, async (tx) => ({
      active: await listActiveDefinitions(tx, context.tenantId, 'customer'),
      loaded: await loadDefinitions(tx, context.tenantId, [retired.id, forProducts.id, first.id]),
    }));
    expect(active.map((d) => d.id)).toEqual([first.id, second.id]);
    // Retired ones included (a stored value still needs its label); by position.
    expect(loaded.map((d) => [d.id, d.position])).toEqual([
      [first.id, 1],
      [retired.id, 3],
      [forProducts.id, 5],
    ]);
  });

  test('a portal user sees product attribute definitions only', async () => {
    const context = await contextOf();
    await createDefinition(context, { entity: 'customer', labelJa: '業種', type: 'text' });
    const colour = await createDefinition(context, { entity: 'product', labelJa: '色', type: 'text' });
    const portal = { ...context, customerScope: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b' };
    expect((await listDefinitions(portal, {})).map((d) => d.id)).toEqual([colour.id]);
    expect(await listDefinitions(portal, { entity: 'customer' })).toEqual([]);
    expect(await listDefinitions(context, {})).toHaveLength(2);
  });
});
