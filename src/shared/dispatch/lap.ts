/**
 * Sparse min-cost assignment (rows to distinct columns) by successive shortest augmenting paths
 * with Dijkstra on reduced costs: the Hungarian method, run on a sparse graph so that only the
 * candidate edges are ever touched.
 *
 * Every row must have at least one edge (callers give each row a private "unfilled" column with a
 * large cost). Costs must be ≥ 0. On return the potentials form a feasible dual with
 *   cost(r, c) − rowPot[r] − colPot[c] ≥ 0 on every edge, colPot ≤ 0, and colPot = 0 on free columns,
 * which callers use to prove that edges they left out could not improve the result.
 */
export interface SparseProblem {
  rows: number;
  cols: number;
  /** CSR: edges of row r are edgeStart[r] … edgeStart[r + 1] − 1. */
  edgeStart: Int32Array;
  edgeCol: Int32Array;
  edgeCost: Float64Array;
}

export interface SparseSolution {
  /** Column assigned to each row. */
  rowCol: Int32Array;
  rowPot: Float64Array;
  colPot: Float64Array;
  total: number;
}

export function solveSparseAssignment(p: SparseProblem): SparseSolution {
  const { rows, cols, edgeStart, edgeCol, edgeCost } = p;
  const rowCol = new Int32Array(rows).fill(-1);
  const colRow = new Int32Array(cols).fill(-1);
  const rowPot = new Float64Array(rows);
  const colPot = new Float64Array(cols);
  const dist = new Float64Array(cols).fill(Infinity);
  const pred = new Int32Array(cols).fill(-1);
  const settled = new Uint8Array(cols);
  const touched: number[] = [];
  const settledList: number[] = [];
  const heap = new MinHeap();

  for (let r = 0; r < rows; r++) {
    if (edgeStart[r + 1]! <= edgeStart[r]!) throw new RangeError(`row ${r} has no edge`);
    heap.clear();
    const relax = (i: number, base: number) => {
      for (let e = edgeStart[i]!; e < edgeStart[i + 1]!; e++) {
        const c = edgeCol[e]!;
        if (settled[c]) continue;
        const nd = base + edgeCost[e]! - rowPot[i]! - colPot[c]!;
        if (nd < dist[c]!) {
          if (dist[c] === Infinity) touched.push(c);
          dist[c] = nd;
          pred[c] = i;
          heap.push(nd, c);
        }
      }
    };
    relax(r, 0);
    let endCol = -1;
    let D = 0;
    while (heap.size > 0) {
      const d = heap.topKey();
      const c = heap.pop();
      if (settled[c] || d > dist[c]!) continue;
      settled[c] = 1;
      settledList.push(c);
      if (colRow[c] === -1) {
        endCol = c;
        D = d;
        break;
      }
      relax(colRow[c]!, d);
    }
    if (endCol < 0) throw new Error('assignment infeasible: a row cannot reach a free column');
    // Potentials: rows reached at δ gain D − δ, settled columns lose D − dist.
    rowPot[r]! += D;
    for (const c of settledList) {
      const delta = D - dist[c]!;
      if (c !== endCol) rowPot[colRow[c]!]! += delta;
      colPot[c]! -= delta;
    }
    // Augment along the predecessors.
    let c = endCol;
    for (;;) {
      const i = pred[c]!;
      const prev = rowCol[i]!;
      rowCol[i] = c;
      colRow[c] = i;
      if (i === r) break;
      c = prev;
    }
    for (const t of touched) {
      dist[t] = Infinity;
      pred[t] = -1;
      settled[t] = 0;
    }
    touched.length = 0;
    settledList.length = 0;
  }
  let total = 0;
  for (let r = 0; r < rows; r++) {
    const c = rowCol[r]!;
    for (let e = edgeStart[r]!; e < edgeStart[r + 1]!; e++) {
      if (edgeCol[e] === c) {
        total += edgeCost[e]!;
        break;
      }
    }
  }
  return { rowCol, rowPot, colPot, total };
}

class MinHeap {
  keys: number[] = [];
  vals: number[] = [];
  get size(): number {
    return this.keys.length;
  }
  clear(): void {
    this.keys.length = 0;
    this.vals.length = 0;
  }
  topKey(): number {
    return this.keys[0]!;
  }
  push(k: number, v: number): void {
    const keys = this.keys;
    const vals = this.vals;
    let i = keys.length;
    keys.push(k);
    vals.push(v);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (keys[p]! < k || (keys[p] === k && vals[p]! <= v)) break;
      keys[i] = keys[p]!;
      vals[i] = vals[p]!;
      i = p;
    }
    keys[i] = k;
    vals[i] = v;
  }
  pop(): number {
    const keys = this.keys;
    const vals = this.vals;
    const top = vals[0]!;
    const k = keys.pop()!;
    const v = vals.pop()!;
    const n = keys.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        let c = 2 * i + 1;
        if (c >= n) break;
        if (c + 1 < n && (keys[c + 1]! < keys[c]! || (keys[c + 1] === keys[c] && vals[c + 1]! < vals[c]!)))
          c++;
        if (keys[c]! > k || (keys[c] === k && vals[c]! >= v)) break;
        keys[i] = keys[c]!;
        vals[i] = vals[c]!;
        i = c;
      }
      keys[i] = k;
      vals[i] = v;
    }
    return top;
  }
}
