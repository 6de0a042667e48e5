/** A 0–1 level slider with a readable label (volumes, floor level). */
export function LevelSlider(props: { label: string; value: number; onChange: (value: number) => void; disabled?: boolean; suffix?: string }) {
  return (
    <label className={props.disabled ? 'disabled' : undefined}>
      {props.label}{' '}
      <input
        type="range"
        aria-label={props.label}
        min={0}
        max={1}
        step={0.01}
        value={props.value}
        disabled={props.disabled}
        onChange={(event) => props.onChange(Number(event.target.value))}
      />
      {props.suffix && <span className="muted"> {props.suffix}</span>}
    </label>
  );
}
