import { RangeSlider } from './RangeSlider.tsx';

/** A 0–1 level slider in 5 % steps, with a readable label and value (headphone volume). */
export function LevelSlider(props: { label: string; value: number; onChange: (value: number) => void; disabled?: boolean; suffix?: string }) {
  const text = props.suffix ?? `${Math.round(props.value * 100)} %`;
  return <RangeSlider label={props.label} valueText={text} min={0} max={1} step={0.05} value={props.value} disabled={props.disabled} onChange={props.onChange} />;
}
