/** A status, level, severity or state word, coloured by its value (the word itself carries the meaning). */
export const Badge = ({ value }: { readonly value: string }) => (
  <span class={`badge badge-${value}`}>{value.replace('_', ' ')}</span>
);
