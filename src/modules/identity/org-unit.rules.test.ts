import { describe, expect, test } from 'vitest';
import { wouldCreateCycle } from './org-unit.rules.js';

const tree = [
  { id: 'hq', parentId: null },
  { id: 'tokyo', parentId: 'hq' },
  { id: 'shinjuku', parentId: 'tokyo' },
  { id: 'osaka', parentId: 'hq' },
];

describe('org unit tree', () => {
  test('moving a unit under itself or its descendants is a cycle', () => {
    expect(wouldCreateCycle(tree, 'tokyo', 'tokyo')).toBe(true);
    expect(wouldCreateCycle(tree, 'tokyo', 'shinjuku')).toBe(true);
    expect(wouldCreateCycle(tree, 'hq', 'shinjuku')).toBe(true);
  });

  test('moving under a sibling branch or to the top is fine', () => {
    expect(wouldCreateCycle(tree, 'shinjuku', 'osaka')).toBe(false);
    expect(wouldCreateCycle(tree, 'tokyo', null)).toBe(false);
    expect(wouldCreateCycle(tree, 'osaka', 'tokyo')).toBe(false);
  });

  test('a tree already broken by a loop is reported, not looped forever', () => {
    const broken = [
      { id: 'a', parentId: 'b' },
      { id: 'b', parentId: 'a' },
    ];
    expect(wouldCreateCycle(broken, 'c', 'a')).toBe(true);
  });
});
