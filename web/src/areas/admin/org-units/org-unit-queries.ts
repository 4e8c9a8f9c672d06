// The tenant's org units (a flat list with parentId) and their tree order.
import { queryOptions } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';
import type { OrgUnit } from '../../../api/types';

export const orgUnitsQuery = queryOptions({
  queryKey: ['org-units'],
  queryFn: async () => (await unwrap(api.GET('/api/v1/org-units'))).items,
});

export interface OrgUnitNode {
  unit: OrgUnit;
  depth: number;
  /** The ids of the unit and every unit under it. */
  subtree: Set<string>;
}

/**
 * Depth-first order of the tree (siblings by code, then name); a unit whose parent is
 * missing is treated as a root, so nothing the server sends is ever hidden.
 */
export function orgUnitTree(units: readonly OrgUnit[]): OrgUnitNode[] {
  const ids = new Set(units.map((unit) => unit.id));
  const children = new Map<string | null, OrgUnit[]>();
  for (const unit of units) {
    const parent = unit.parentId && ids.has(unit.parentId) ? unit.parentId : null;
    const list = children.get(parent) ?? [];
    list.push(unit);
    children.set(parent, list);
  }
  for (const list of children.values()) {
    list.sort((a, b) => (a.code ?? '').localeCompare(b.code ?? '') || a.name.localeCompare(b.name, 'ja'));
  }
  const ordered: OrgUnitNode[] = [];
  const visited = new Set<string>();
  function visit(unit: OrgUnit, depth: number, ancestors: OrgUnitNode[]): void {
    if (visited.has(unit.id)) return;
    visited.add(unit.id);
    const node: OrgUnitNode = { unit, depth, subtree: new Set([unit.id]) };
    for (const ancestor of ancestors) ancestor.subtree.add(unit.id);
    ordered.push(node);
    for (const child of children.get(unit.id) ?? []) visit(child, depth + 1, [...ancestors, node]);
  }
  for (const root of children.get(null) ?? []) visit(root, 0, []);
  // A cycle in the data would leave units unvisited: list them at the top level.
  for (const unit of units) visit(unit, 0, []);
  return ordered;
}

/** Select options, indented to show the tree. */
export function orgUnitOptions(
  nodes: readonly OrgUnitNode[],
  exclude: ReadonlySet<string> = new Set(),
): { value: string; label: string }[] {
  return nodes
    .filter((node) => !exclude.has(node.unit.id))
    .map((node) => ({ value: node.unit.id, label: `${'　'.repeat(node.depth)}${node.unit.name}` }));
}
