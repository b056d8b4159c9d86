/** Named figures as a description list: `Issues 12`, `p95 40 ms`. */
export function Figures({
  label,
  figures,
}: {
  readonly label?: string;
  readonly figures: ReadonlyArray<readonly [string, string]>;
}) {
  return (
    <dl class="figures" aria-label={label}>
      {figures.map(([name, value]) => (
        <div key={name}>
          <dt>{name}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
