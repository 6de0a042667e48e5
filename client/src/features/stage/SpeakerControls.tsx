import { useState } from 'react';
import type { MediaSource } from '@multaqa/shared';
import { DeviceCheck } from '../join/DeviceCheck.tsx';
import type { SessionController } from '../../state/sessionController.ts';
import type { SessionState } from '../../state/sessionState.ts';

const LABELS: Record<Exclude<MediaSource, 'interpretation'>, [on: string, off: string]> = {
  microphone: ['Mute microphone', 'Unmute microphone'],
  camera: ['Turn camera off', 'Turn camera on'],
};

export function SpeakerControls({ controller, local }: { controller: SessionController; local: SessionState['local'] }) {
  const sources = (['microphone', 'camera'] as const).filter((source) => local[source]);
  if (sources.length === 0) return <StartOwnMedia controller={controller} />;
  return (
    <div className="controls" role="toolbar" aria-label="Your camera and microphone">
      {(['microphone', 'camera'] as const).map((source) => {
        if (!local[source]) {
          // The same key as the camera's own button: pressed, it becomes "Turn camera off" in place and keeps the focus.
          return source === 'camera' ? (
            <button key={source} type="button" onClick={() => void controller.addCamera()}>
              Turn camera on
            </button>
          ) : null;
        }
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
          <button
            key={source}
            type="button"
            aria-pressed={!on}
            data-main-control={source === 'microphone' ? 'microphone' : undefined}
            onClick={() => void controller.setPublishing(source, !on)}
          >
            {LABELS[source][on ? 0 : 1]}
          </button>
        );
      })}
    </div>
  );
}

/** A speaker who joined to listen only (or whose devices failed) starts microphone and camera when ready. */
function StartOwnMedia({ controller }: { controller: SessionController }) {
  const [checking, setChecking] = useState(false);
  if (!checking) {
    return (
      <div className="controls" role="toolbar" aria-label="Your camera and microphone">
        {/* On a phone the button says it all; the first screen is kept for the role's own controls. */}
        <p className="muted wide-only">You joined without camera and microphone.</p>
        <button type="button" className="primary" onClick={() => setChecking(true)}>
          Turn on microphone and camera
        </button>
      </div>
    );
  }
  return (
    <div className="controls">
      <DeviceCheck video joinLabel="Start microphone and camera" microphoneOnlyLabel="Start microphone" onJoin={(stream) => void controller.publishOwnMedia(stream)} />
      <button type="button" onClick={() => setChecking(false)}>
        Not now
      </button>
    </div>
  );
}
