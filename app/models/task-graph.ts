// The finish-to-start graph of tasks (task_dependencies), as pure functions shared by every path that adds
// edges: the task dialog, links drawn on the battle map, the Excel import. Keys are generic so the import
// can check codes from a sheet before any row exists.

export interface Edge<K> {
  predecessor: K;
  successor: K;
}

/**
 * A cycle among `edges`, as the keys along it (first key repeated at the end: a → b → a), or null.
 * Iterative DFS so a 10,000-row import cannot overflow the stack.
 */
export function findCycle<K>(edges: Iterable<Edge<K>>): K[] | null {
  const next = new Map<K, K[]>();
  for (const { predecessor, successor } of edges) {
    const list = next.get(predecessor);
    if (list) list.push(successor);
    else next.set(predecessor, [successor]);
  }
  const WHITE = 0, GREY = 1, BLACK = 2;
  const colour = new Map<K, number>();
  for (const start of next.keys()) {
    if ((colour.get(start) ?? WHITE) !== WHITE) continue;
    // Stack of (node, index of the next child to visit); `path` mirrors the grey nodes in order.
    const stack: Array<[K, number]> = [[start, 0]];
    const path: K[] = [start];
    colour.set(start, GREY);
    while (stack.length) {
      const top = stack[stack.length - 1];
      const children = next.get(top[0]) ?? [];
      if (top[1] >= children.length) {
        colour.set(top[0], BLACK);
        stack.pop();
        path.pop();
        continue;
      }
      const child = children[top[1]++];
      const c = colour.get(child) ?? WHITE;
      if (c === GREY) return [...path.slice(path.indexOf(child)), child];
      if (c === WHITE) {
        colour.set(child, GREY);
        stack.push([child, 0]);
        path.push(child);
      }
    }
  }
  return null;
}

/** Would adding `added` to `existing` close a cycle? Returns the cycle (see findCycle) or null. */
export function cycleWith<K>(existing: Iterable<Edge<K>>, added: Iterable<Edge<K>>): K[] | null {
  return findCycle([...existing, ...added]);
}

/** Successors of `key` (direct), for 压茬推进 and the map's hand-over marks. */
export function successorsOf<K>(edges: Iterable<Edge<K>>, key: K): K[] {
  const out: K[] = [];
  for (const e of edges) if (e.predecessor === key) out.push(e.successor);
  return out;
}
