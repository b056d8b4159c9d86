import { useState } from 'preact/hooks';

/** A key or link shown this once: selectable, copyable, and said to be unrecoverable. */
export function SecretOnce({ label, value, note }: { readonly label: string; readonly value: string; readonly note: string }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };
  return (
    <div class="notice success secret" role="status">
      <label>
        {label}
        <input type="text" readOnly value={value} class="mono" onFocus={(event) => event.currentTarget.select()} />
      </label>
      <p>{note}</p>
      <button type="button" onClick={() => void copy()}>
        {copied ? 'Copied' : 'Copy'}
      </button>
    </div>
  );
}
