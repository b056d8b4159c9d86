/** A figure sampled over a run, and how much it may grow from the first third to the last and still count as flat. */
export interface Series {
  readonly name: string;
  readonly unit: string;
  readonly values: readonly number[];
  /** Growth allowed: a ratio of the first third's mean, plus an absolute slack in `unit`. */
  readonly allowed: { readonly ratio: number; readonly absolute: number };
}

export interface Flatness {
  readonly name: string;
  readonly unit: string;
  readonly first: number;
  readonly last: number;
  readonly flat: boolean;
}

const mean = (values: readonly number[]) => values.reduce((sum, v) => sum + v, 0) / Math.max(1, values.length);

/** Compares the mean of the first third of the samples with the mean of the last third. */
export function flatness(series: Series): Flatness {
  // A figure that cannot be had yet (bytes per event before any event) is left out.
  const values = series.values.filter(Number.isFinite);
  const third = Math.max(1, Math.floor(values.length / 3));
  const first = mean(values.slice(0, third));
  const last = mean(values.slice(-third));
  return {
    name: series.name,
    unit: series.unit,
    first,
    last,
    flat: last <= first * (1 + series.allowed.ratio) + series.allowed.absolute,
  };
}

const shown = (value: number) => (Math.abs(value) >= 100 ? value.toFixed(0) : value.toFixed(1));

export function flatnessTable(rows: readonly Flatness[]): string {
  const width = Math.max(...rows.map((row) => row.name.length));
  return rows
    .map((row) => {
      const change =
        row.first === 0 ? '' : ` (${row.last >= row.first ? '+' : ''}${Math.round((100 * (row.last - row.first)) / row.first)}%)`;
      const figures = `${shown(row.first)} → ${shown(row.last)} ${row.unit}${change}`;
      return `  ${row.name.padEnd(width)}  ${figures.padEnd(34)} ${row.flat ? 'flat' : 'GROWS'}`;
    })
    .join('\n');
}
