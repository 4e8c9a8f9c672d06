import { describe, expect, test } from 'vitest';
import type { OrgUnit } from '../../../api/types';
import { orgUnitOptions, orgUnitTree } from './org-unit-queries';

const unit = (id: string, parentId: string | null, code: string | null, name = id): OrgUnit => ({
  id,
  parentId,
  code,
  name,
  kind: 'branch',
  version: 1,
});

describe('orgUnitTree', () => {
  test('lists parents before their children, siblings by code, with depth', () => {
    const nodes = orgUnitTree([
      unit('tokyo', 'hq', 'TYO'),
      unit('shibuya', 'tokyo', 'SBY'),
      unit('hq', null, 'HQ'),
      unit('osaka', 'hq', 'OSA'),
      unit('bo', null, 'BO'),
    ]);
    expect(nodes.map((node) => [node.unit.id, node.depth])).toEqual([
      ['bo', 0],
      ['hq', 0],
      ['osaka', 1],
      ['tokyo', 1],
      ['shibuya', 2],
    ]);
  });

  test('knows every unit under a unit, so it cannot be moved under its own descendant', () => {
    const nodes = orgUnitTree([
      unit('hq', null, 'HQ'),
      unit('tokyo', 'hq', 'TYO'),
      unit('shibuya', 'tokyo', 'S'),
    ]);
    const hq = nodes.find((node) => node.unit.id === 'hq')!;
    expect([...hq.subtree].sort()).toEqual(['hq', 'shibuya', 'tokyo']);
    expect(orgUnitOptions(nodes, hq.subtree)).toEqual([]);
    const tokyo = nodes.find((node) => node.unit.id === 'tokyo')!;
    expect(orgUnitOptions(nodes, tokyo.subtree).map((option) => option.value)).toEqual(['hq']);
  });

  test('never hides a unit: a missing parent or a cycle puts it at the top level', () => {
    const nodes = orgUnitTree([
      unit('orphan', 'gone', 'O'),
      unit('a', 'b', 'A'),
      unit('b', 'a', 'B'),
      unit('nocode', null, null),
    ]);
    expect(nodes.map((node) => node.unit.id).sort()).toEqual(['a', 'b', 'nocode', 'orphan']);
  });

  test('indents the select labels by depth with full-width spaces', () => {
    const nodes = orgUnitTree([unit('hq', null, 'HQ', '本社'), unit('tokyo', 'hq', 'TYO', '東京支店')]);
    expect(orgUnitOptions(nodes).map((option) => option.label)).toEqual(['本社', '　東京支店']);
  });
});
