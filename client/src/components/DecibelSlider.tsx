import { describePosition, levelAt, positionOf, type DecibelScale } from './decibels.ts';
import { RangeSlider } from './RangeSlider.tsx';

/**
 * A level slider that moves in decibel steps (arrow keys one step, Home off, End 0 dB) and says
 * its value ("−15 dB", "off"); it takes and gives a linear 0–1 level.
 */
export function DecibelSlider(props: { label: string; level: number; scale: DecibelScale; onChange: (level: number) => void; disabled?: boolean }) {
  const { scale } = props;
  const position = positionOf(props.level, scale);
  return (
    <RangeSlider
      label={props.label}
      valueText={describePosition(position, scale)}
      min={scale.min}
      max={0}
      step={scale.step}
      value={position}
      disabled={props.disabled}
      onChange={(value) => props.onChange(levelAt(value, scale))}
    />
  );
}
