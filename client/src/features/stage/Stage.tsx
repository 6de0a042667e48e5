import { useEffect, useRef } from 'react';
import type { Participant } from '@multaqa/shared';
import { TrackVideo } from '../../components/MediaElements.tsx';
import { layerForWidth } from '../../media/videoLayers.ts';
import { mutedMarker } from '../../state/mutedMarker.ts';
import type { SessionState } from '../../state/sessionState.ts';

type Tile = {
  participant: Participant;
  video?: MediaStreamTrack;
  consumerId?: string;
  local: boolean;
  speaking: boolean;
  /** What the tile says of a microphone that is off (see mutedMarker); undefined: on, or none. */
  muted?: string;
};
/** What a tile asks of its camera: the layer that fits its size, and whether it is seen at all. */
export type VideoFit = {
  layer: (consumerId: string, spatialLayer: number) => void;
  visible: (consumerId: string, visible: boolean) => void;
};

/**
 * Whoever holds the floor large (else the active speaker), everyone else on stage small; each camera at the layer its tile
 * needs, and not received at all while its tile is out of sight (scrolled away, tab hidden).
 */
export function Stage({ state, fit }: { state: SessionState; fit: VideoFit }) {
  // Whoever holds the floor is on stage too, even an attendee: once they went on stage (they
  // publish), not as soon as the floor is given and before they pressed "Go on stage".
  const holder = state.queue.current;
  const holderPublishes =
    holder !== null &&
    (holder.participantId === state.self?.id
      ? Boolean(state.local.microphone ?? state.local.camera)
      : state.producers.some((producer) => producer.participantId === holder.participantId));
  const onStage =
    holder && holderPublishes && !state.stage.some((p) => p.id === holder.participantId)
      ? [...state.stage, { id: holder.participantId, name: holder.name, grant: { role: 'attendee' as const } }]
      : state.stage;
  const tiles: Tile[] = onStage
    .filter((p) => p.grant.role !== 'interpreter')
    .map((participant) => {
      const local = participant.id === state.self?.id;
      const remote = local
        ? undefined
        : state.remote.find((r) => r.participantId === participant.id && r.source === 'camera' && !isPaused(state, r.producerId));
      const video = local ? (state.local.camera?.on ? state.local.camera.track : undefined) : remote?.track;
      return {
        participant,
        video,
        consumerId: remote?.consumerId,
        local,
        speaking: participant.id === state.activeSpeakerId,
        muted: mutedMarker(state, participant.id, local),
      };
    });
  const published = tiles.filter((tile) => !tile.local && state.remote.some((r) => r.participantId === tile.participant.id));
  // The floor holder, not the loudest: a cough or an aside elsewhere on stage must not take the picture away.
  const floorHolder = holder ? published.find((tile) => tile.participant.id === holder.participantId) : undefined;
  const main =
    floorHolder ?? tiles.find((tile) => tile.speaking && !tile.local) ?? published.find((tile) => tile.video) ?? published[0] ?? tiles[0];
  const others = tiles.filter((tile) => tile !== main);

  if (!main) return <section className="stage empty">Nobody is on stage yet.</section>;
  return (
    <section className="stage" aria-label="Stage">
      <StageTile tile={main} large fit={fit} />
      {others.length > 0 && (
        <div className="stage-strip">
          {others.map((tile) => (
            <StageTile key={tile.participant.id} tile={tile} fit={fit} />
          ))}
        </div>
      )}
    </section>
  );
}

function isPaused(state: SessionState, producerId: string): boolean {
  return state.producers.find((p) => p.id === producerId)?.paused ?? false;
}

function StageTile({ tile, large = false, fit }: { tile: Tile; large?: boolean; fit: VideoFit }) {
  const figure = useRef<HTMLElement>(null);
  const { consumerId } = tile;
  useEffect(() => {
    const element = figure.current;
    if (!element || !consumerId) return;
    const fitLayer = () => fit.layer(consumerId, layerForWidth(element.clientWidth * window.devicePixelRatio));
    const resizes = new ResizeObserver(fitLayer);
    resizes.observe(element);
    fitLayer();
    let inView = true;
    const tell = () => fit.visible(consumerId, inView && document.visibilityState === 'visible');
    const sight = new IntersectionObserver((entries) => {
      inView = entries.at(-1)?.isIntersecting ?? inView;
      tell();
    });
    sight.observe(element);
    document.addEventListener('visibilitychange', tell);
    return () => {
      resizes.disconnect();
      sight.disconnect();
      document.removeEventListener('visibilitychange', tell);
    };
  }, [consumerId, fit]);
  return (
    <figure
      ref={figure}
      className={`tile${large ? ' large' : ''}${tile.speaking ? ' speaking' : ''}`}
      data-participant={tile.participant.id}
      data-has-video={tile.video ? 'true' : 'false'}
      data-muted={tile.muted ? 'true' : 'false'}
    >
      {tile.video ? (
        <TrackVideo track={tile.video} mirrored={tile.local} label={`${tile.participant.name}'s camera`} />
      ) : (
        <div className="avatar" aria-hidden>
          {tile.participant.name.slice(0, 1)}
        </div>
      )}
      <figcaption>
        <span className="tile-name">
          <bdi>{tile.participant.name}</bdi>
          {tile.local ? ' (you)' : ''}
        </span>
        {tile.muted && (
          <span className="muted-marker" data-testid="muted-marker">
            {tile.muted}
          </span>
        )}
      </figcaption>
    </figure>
  );
}
