import { useEffect, useRef } from 'react';
import type { Participant } from '@multaqa/shared';
import { TrackVideo } from '../../components/MediaElements.tsx';
import { layerForWidth } from '../../media/videoLayers.ts';
import type { SessionState } from '../../state/sessionState.ts';

type Tile = { participant: Participant; video?: MediaStreamTrack; consumerId?: string; local: boolean; speaking: boolean };
/** Asks for the camera layer that fits a tile's size. */
type LayerChoice = (consumerId: string, spatialLayer: number) => void;

/** The active speaker large, everyone else on stage small; each camera at the layer its tile needs. */
export function Stage({ state, onVideoLayer }: { state: SessionState; onVideoLayer: LayerChoice }) {
  // Whoever holds the floor is on stage too, even an attendee.
  const holder = state.queue.current;
  const onStage =
    holder && !state.stage.some((p) => p.id === holder.participantId)
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
      return { participant, video, consumerId: remote?.consumerId, local, speaking: participant.id === state.activeSpeakerId };
    });
  const published = tiles.filter((tile) => !tile.local && state.remote.some((r) => r.participantId === tile.participant.id));
  const main =
    tiles.find((tile) => tile.speaking && !tile.local) ?? published.find((tile) => tile.video) ?? published[0] ?? tiles[0];
  const others = tiles.filter((tile) => tile !== main);

  if (!main) return <section className="stage empty">Nobody is on stage yet.</section>;
  return (
    <section className="stage" aria-label="Stage">
      <StageTile tile={main} large onVideoLayer={onVideoLayer} />
      {others.length > 0 && (
        <div className="stage-strip">
          {others.map((tile) => (
            <StageTile key={tile.participant.id} tile={tile} onVideoLayer={onVideoLayer} />
          ))}
        </div>
      )}
    </section>
  );
}

function isPaused(state: SessionState, producerId: string): boolean {
  return state.producers.find((p) => p.id === producerId)?.paused ?? false;
}

function StageTile({ tile, large = false, onVideoLayer }: { tile: Tile; large?: boolean; onVideoLayer: LayerChoice }) {
  const figure = useRef<HTMLElement>(null);
  const { consumerId } = tile;
  useEffect(() => {
    const element = figure.current;
    if (!element || !consumerId) return;
    const fit = () => onVideoLayer(consumerId, layerForWidth(element.clientWidth * window.devicePixelRatio));
    const observer = new ResizeObserver(fit);
    observer.observe(element);
    fit();
    return () => observer.disconnect();
  }, [consumerId, onVideoLayer]);
  return (
    <figure
      ref={figure}
      className={`tile${large ? ' large' : ''}${tile.speaking ? ' speaking' : ''}`}
      data-participant={tile.participant.id}
      data-has-video={tile.video ? 'true' : 'false'}
    >
      {tile.video ? (
        <TrackVideo track={tile.video} mirrored={tile.local} label={`${tile.participant.name}'s camera`} />
      ) : (
        <div className="avatar" aria-hidden>
          {tile.participant.name.slice(0, 1)}
        </div>
      )}
      <figcaption>
        {tile.participant.name}
        {tile.local ? ' (you)' : ''}
      </figcaption>
    </figure>
  );
}
