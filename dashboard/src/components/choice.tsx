/** An option: its value, shown as itself or with a label. */
export type Option<T extends string> = T | readonly [T, string];

interface ChoiceProps<T extends string> {
  readonly label: string;
  readonly value: T | '';
  readonly options: readonly Option<T>[];
  /** The label of an empty first option (`any`), when the choice may be left open. */
  readonly blank?: string;
  readonly name?: string;
  readonly onChange: (value: T | '') => void;
}

/** A labelled select over a fixed list of values. */
export function Choice<T extends string>({ label, value, options, blank, name, onChange }: ChoiceProps<T>) {
  return (
    <label>
      {label}
      <select name={name} value={value} onChange={(event) => onChange(event.currentTarget.value as T | '')}>
        {blank !== undefined && <option value="">{blank}</option>}
        {options.map((option) => {
          const [optionValue, optionLabel] = typeof option === 'string' ? [option, option] : option;
          return (
            <option key={optionValue} value={optionValue}>
              {optionLabel}
            </option>
          );
        })}
      </select>
    </label>
  );
}
