import { useState } from 'react';
import type { Role } from '@multaqa/shared';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { roleLabel } from '../../components/roleLabel.ts';
import { mutedMarker } from '../../state/mutedMarker.ts';
import type { SessionController } from '../../state/sessionController.ts';
import type { SessionState } from '../../state/sessionState.ts';
import { nameMatches } from './nameSearch.ts';
import { useParticipants } from './useParticipants.ts';
import { busyProps } from '../../components/busyProps.ts';
import { controlState } from '../../state/pendingActions.ts';

/** Everyone in the session, searchable and filterable by role, with mute and remove. */
export function ParticipantList({ controller, state }: { controller: SessionController; state: SessionState }) {
  const { participants, refresh } = useParticipants(controller, state);
  const [search, setSearch] = useState('');
  const [role, setRole] = useState<Role | ''>('');

  const muted = (participantId: string) => mutedMarker(state, participantId, participantId === state.self?.id);
  const hasMicrophone = (participantId: string) => state.producers.some((producer) => producer.participantId === participantId && producer.source === 'microphone');
  const shown = participants.filter(
    (p) => (role === '' || p.grant.role === role) && nameMatches(p.name, search),
  );
  return (
    <section aria-label="Participants" className="participants">
      <h2>Participants ({participants.length})</h2>
      <div className="actions">
        <input aria-label="Search participants" placeholder="Search" value={search} onChange={(e) => setSearch(e.target.value)} />
        <select aria-label="Filter by role" value={role} onChange={(e) => setRole(e.target.value as Role | '')}>
          <option value="">All roles</option>
          {(['attendee', 'speaker', 'interpreter', 'moderator', 'organizer'] as const).map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
      </div>
      <ul>
        {shown.map((p) => (
          <li key={p.id} data-participant={p.id} data-muted={muted(p.id) ? 'true' : 'false'}>
            {p.name} <span className="muted">({roleLabel(p.grant)})</span>{' '}
            {muted(p.id) && (
              <>
                <span className="muted-marker" data-testid="muted-marker">
                  {muted(p.id)}
                </span>{' '}
              </>
            )}
            {p.id !== state.self?.id && (
              <>
                {/* Only for someone with a microphone; one already off has nothing to mute (its owner turns it on). */}
                {hasMicrophone(p.id) && (
                  <button
                    type="button"
                    aria-label={`Mute ${p.name}`}
                    disabled={muted(p.id) !== undefined}
                    {...busyProps(controlState(state.pending, 'moderation:mute', p.id))}
                    onClick={() => void controller.moderatePeople('moderation:mute', { participantId: p.id })}
                  >
                    Mute
                  </button>
                )}
                {mayRemove(state.self?.grant.role, p.grant.role) && (
                  <ConfirmButton
                    aria-label={`Remove ${p.name} from the session`}
                    pending={controlState(state.pending, 'moderation:remove', p.id)}
                    question={`Remove ${p.name} from this session? They cannot join it again.`}
                    confirmLabel={`Yes, remove ${p.name}`}
                    onConfirm={() => void controller.moderatePeople('moderation:remove', { participantId: p.id }).then(refresh)}
                  >
                    Remove
                  </ConfirmButton>
                )}
              </>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** As the server decides: nobody removes an organizer, only organizers remove moderators. */
function mayRemove(actor: Role | undefined, target: Role): boolean {
  if (target === 'organizer') return false;
  return target !== 'moderator' || actor === 'organizer';
}
