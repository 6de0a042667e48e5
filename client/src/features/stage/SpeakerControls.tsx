import type { MediaSource } from '@multaqa/shared';
import type { SessionController } from '../../state/sessionController.ts';
import type { SessionState } from '../../state/sessionState.ts';

const LABELS: Record<Exclude<MediaSource, 'interpretation'>, [on: string, off: string]> = {
  microphone: ['Mute microphone', 'Unmute microphone'],
  camera: ['Turn camera off', 'Turn camera on'],
};

export function SpeakerControls({ controller, local }: { controller: SessionController; local: SessionState['local'] }) {
  const sources = (['microphone', 'camera'] as const).filter((source) => local[source]);
  if (sources.length === 0) return <p className="muted">You joined without camera and microphone.</p>;
  return (
    <div className="controls" role="toolbar" aria-label="Your camera and microphone">
      {sources.map((source) => {
        const on = local[source]!.on;
        return (
          <button key={source} type="button" aria-pressed={!on} onClick={() => void controller.setPublishing(source, !on)}>
            {LABELS[source][on ? 0 : 1]}
          </button>
        );
      })}
    </div>
  );
}
