/**
 * A perfect matching of `rows` to `cols` in a bipartite graph (Kuhn's augmenting paths), or the
 * first row left unmatched. `fits(row, col)` is asked at most once per pair.
 *
 * BFCL matches parallel calls greedily in order and so can reject a correct set of calls when
 * an earlier answer takes the call a later one needed; augmenting paths undo such choices.
 */
export function perfectMatching(rows: number, cols: number, fits: (row: number, col: number) => boolean): { matched: true; colOfRow: number[] } | { matched: false; unmatchedRow: number } {
  const cache = new Map<number, boolean>();
  const edge = (row: number, col: number): boolean => {
    const key = row * cols + col;
    let known = cache.get(key);
    if (known === undefined) {
      known = fits(row, col);
      cache.set(key, known);
    }
    return known;
  };
  const rowOfCol = new Array<number>(cols).fill(-1);
  const augment = (row: number, seen: boolean[]): boolean => {
    for (let col = 0; col < cols; col++) {
      if (seen[col] === true || !edge(row, col)) continue;
      seen[col] = true;
      const owner = rowOfCol[col] as number;
      if (owner < 0 || augment(owner, seen)) {
        rowOfCol[col] = row;
        return true;
      }
    }
    return false;
  };
  for (let row = 0; row < rows; row++) {
    if (!augment(row, new Array<boolean>(cols).fill(false))) return { matched: false, unmatchedRow: row };
  }
  const colOfRow = new Array<number>(rows).fill(-1);
  rowOfCol.forEach((row, col) => {
    if (row >= 0) colOfRow[row] = col;
  });
  return { matched: true, colOfRow };
}
