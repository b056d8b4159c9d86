import { useState } from 'preact/hooks';

interface ConfirmButtonProps {
  readonly label: string;
  /** The question asked before acting, e.g. `Delete this issue for good?`. */
  readonly question: string;
  readonly onConfirm: () => void | Promise<void>;
  readonly disabled?: boolean;
}

/** A destructive action asked twice, in the page (no browser dialog). */
export function ConfirmButton({ label, question, onConfirm, disabled }: ConfirmButtonProps) {
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <button type="button" class="danger" disabled={disabled} onClick={() => setAsking(true)}>
        {label}
      </button>
    );
  }
  return (
    <span class="confirm" role="group" aria-label={question}>
      <span>{question}</span>
      <button
        type="button"
        class="danger"
        onClick={() => {
          setAsking(false);
          void onConfirm();
        }}
      >
        Yes, {label.toLowerCase()}
      </button>
      <button type="button" onClick={() => setAsking(false)}>
        Cancel
      </button>
    </span>
  );
}
