/** A labelled range input that shows and announces its value in words ("−15 dB", "40 %"). */
export function RangeSlider(props: {
  label: string;
  valueText: string;
  min: number;
  max: number;
  step: number;
  value: number;
  onChange: (value: number) => void;
  disabled?: boolean;
}) {
  return (
    <label className={`level-slider${props.disabled ? ' disabled' : ''}`}>
      <span className="level-slider-label">{props.label}</span>
      <input
        type="range"
        aria-label={props.label}
        aria-valuetext={props.valueText}
        min={props.min}
        max={props.max}
        step={props.step}
        value={props.value}
        disabled={props.disabled}
        onChange={(event) => props.onChange(Number(event.target.value))}
      />
      <output className="level-slider-value" aria-hidden="true">
        {props.valueText}
      </output>
    </label>
  );
}
