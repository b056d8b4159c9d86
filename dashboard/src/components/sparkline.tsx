import { describeSparkline, sparklinePoints } from '../lib/sparkline';

const WIDTH = 96;
const HEIGHT = 24;

/** Events per hour over the last 24 hours: a small line, described in words for screen readers. */
export function Sparkline({ counts }: { readonly counts: readonly number[] }) {
  const label = describeSparkline(counts);
  return (
    <svg class="sparkline" role="img" aria-label={label} width={WIDTH} height={HEIGHT} viewBox={`0 0 ${WIDTH} ${HEIGHT}`}>
      <title>{label}</title>
      <polyline points={sparklinePoints(counts, WIDTH, HEIGHT)} fill="none" stroke="#1d4ed8" stroke-width="1.5" />
    </svg>
  );
}
