import { describePosition, levelAt, positionOf, type DecibelScale } from './decibels.ts';

/**
 * A level slider that moves in decibel steps (arrow keys one step, Home off, End 0 dB) and says
 * its value ("−15 dB", "off"); it takes and gives a linear 0–1 level.
 */
export function DecibelSlider(props: { label: string; level: number; scale: DecibelScale; onChange: (level: number) => void; disabled?: boolean }) {
  const { scale } = props;
  const position = positionOf(props.level, scale);
  const text = describePosition(position, scale);
  return (
    <label className={`level-slider${props.disabled ? ' disabled' : ''}`}>
      <span className="level-slider-label">{props.label}</span>
      <input
        type="range"
        aria-label={props.label}
        aria-valuetext={text}
        min={scale.min}
        max={0}
        step={scale.step}
        value={position}
        disabled={props.disabled}
        onChange={(event) => props.onChange(levelAt(Number(event.target.value), scale))}
      />
      <output className="level-slider-value" aria-hidden="true">
        {text}
      </output>
    </label>
  );
}
