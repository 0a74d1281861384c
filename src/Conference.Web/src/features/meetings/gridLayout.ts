// The call grid: as many equal tiles as there are videos, in the arrangement that makes them largest.

export interface GridLayout {
  columns: number;
  rows: number;
}

/** Columns and rows for <paramref name="count"/> 16:9 tiles in a <paramref name="width"/>×<paramref name="height"/> area. */
export function gridLayout(count: number, width: number, height: number, aspect = 16 / 9): GridLayout {
  if (count <= 0) return { columns: 1, rows: 1 };
  let best: GridLayout = { columns: 1, rows: count };
  let bestArea = -1;
  for (let columns = 1; columns <= count; columns++) {
    const rows = Math.ceil(count / columns);
    const tileWidth = Math.min(width / columns, (height / rows) * aspect);
    const area = tileWidth * (tileWidth / aspect);
    if (area >= bestArea - 1e-6) {
      bestArea = area;
      best = { columns, rows };
    }
  }
  return best;
}
