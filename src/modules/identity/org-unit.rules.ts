// Org units form a tree (head office > branches; back office; sales departments).

export interface OrgUnitNode {
  id: string;
  parentId: string | null;
}

/** True when making `parentId` the parent of `id` would put `id` under itself. */
export function wouldCreateCycle(
  units: readonly OrgUnitNode[],
  id: string,
  parentId: string | null,
): boolean {
  const parentOf = new Map(units.map((unit) => [unit.id, unit.parentId]));
  let current = parentId;
  const seen = new Set<string>();
  while (current !== null && current !== undefined) {
    if (current === id) return true;
    if (seen.has(current)) return true;
    seen.add(current);
    current = parentOf.get(current) ?? null;
  }
  return false;
}
