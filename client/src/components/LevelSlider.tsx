/** A 0–1 level slider in 5 % steps, with a readable label and value (headphone volume). */
export function LevelSlider(props: { label: string; value: number; onChange: (value: number) => void; disabled?: boolean; suffix?: string }) {
  const text = props.suffix ?? `${Math.round(props.value * 100)} %`;
  return (
    <label className={`level-slider${props.disabled ? ' disabled' : ''}`}>
      <span className="level-slider-label">{props.label}</span>
      <input
        type="range"
        aria-label={props.label}
        aria-valuetext={text}
        min={0}
        max={1}
        step={0.05}
        value={props.value}
        disabled={props.disabled}
        onChange={(event) => props.onChange(Number(event.target.value))}
      />
      <output className="level-slider-value" aria-hidden="true">
        {text}
      </output>
    </label>
  );
}
