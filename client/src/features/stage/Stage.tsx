import type { Participant } from '@multaqa/shared';
import { TrackVideo } from '../../components/MediaElements.tsx';
import type { SessionState } from '../../state/sessionState.ts';

type Tile = { participant: Participant; video?: MediaStreamTrack; local: boolean; speaking: boolean };

/** The active speaker large, everyone else on stage small. */
export function Stage({ state }: { state: SessionState }) {
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
      const video = local
        ? state.local.camera?.on
          ? state.local.camera.track
          : undefined
        : state.remote.find((r) => r.participantId === participant.id && r.source === 'camera' && !isPaused(state, r.producerId))
            ?.track;
      return { participant, video, local, speaking: participant.id === state.activeSpeakerId };
    });
  const published = tiles.filter((tile) => !tile.local && state.remote.some((r) => r.participantId === tile.participant.id));
  const main =
    tiles.find((tile) => tile.speaking && !tile.local) ?? published.find((tile) => tile.video) ?? published[0] ?? tiles[0];
  const others = tiles.filter((tile) => tile !== main);

  if (!main) return <section className="stage empty">Nobody is on stage yet.</section>;
  return (
    <section className="stage" aria-label="Stage">
      <StageTile tile={main} large />
      {others.length > 0 && (
        <div className="stage-strip">
          {others.map((tile) => (
            <StageTile key={tile.participant.id} tile={tile} />
          ))}
        </div>
      )}
    </section>
  );
}

function isPaused(state: SessionState, producerId: string): boolean {
  return state.producers.find((p) => p.id === producerId)?.paused ?? false;
}

function StageTile({ tile, large = false }: { tile: Tile; large?: boolean }) {
  return (
    <figure
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
