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
        const { on, mutedBy = [] } = local[source]!;
        // Only the moderator can end a time-up mute (more time, or the floor passes on).
        if (mutedBy.includes('timeUp')) {
          return (
            <button key={source} type="button" aria-pressed disabled data-muted-by="timeUp">
              Muted: your time is up
            </button>
          );
        }
        return (
          <button key={source} type="button" aria-pressed={!on} onClick={() => void controller.setPublishing(source, !on)}>
            {LABELS[source][on ? 0 : 1]}
          </button>
        );
      })}
    </div>
  );
}
