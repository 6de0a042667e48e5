import { useMemo } from 'react';
import { languageName } from '../../components/roleLabel.ts';
import { BoothsPanel } from './BoothsPanel.tsx';
import { ListenersPanel } from './ListenersPanel.tsx';
import { readOperatorLink } from './operatorLink.ts';
import { ProcessesPanel } from './ProcessesPanel.tsx';
import { QueuePanel } from './QueuePanel.tsx';
import { useOverview } from './useOverview.ts';

/** The operator view of one session (from an organizer's link): who listens, the booths, the queue, the servers' load. */
export function OperatorPage() {
  const link = useMemo(() => readOperatorLink(), []);
  if ('error' in link) return <Refusal message={link.error} />;
  return <Overview token={link.token} />;
}

function Overview({ token }: { token: string }) {
  const { overview, refused, problem } = useOverview(token);
  if (refused) {
    const message =
      refused.status === 403
        ? `Only organizers can open the operator view (${refused.message}). Ask the organizers for an organizer's link.`
        : `This link does not open the operator view: ${refused.message}.`;
    return <Refusal message={message} />;
  }
  if (!overview) {
    return (
      <main className="page narrow">
        <h1>Operator view</h1>
        <p className="muted">{problem ?? 'Loading…'}</p>
      </main>
    );
  }
  const { session } = overview;
  const silent = overview.processes.filter((process) => !process.answered);
  return (
    <main className="page operator" data-testid="operator-view">
      <header className="session-header">
        <div>
          <h1>Operator view: {session.title}</h1>
          <p className="muted">
            {session.room} · floor language {languageName(session.floorLanguage)} · updated {new Date(overview.at).toLocaleTimeString()}
          </p>
        </div>
        <span className="count" data-testid="operator-participants">
          {overview.participants} {overview.participants === 1 ? 'participant' : 'participants'}
        </span>
      </header>
      {problem && (
        <p role="status" className="notice">
          Not refreshed: {problem} Trying again…
        </p>
      )}
      {silent.length > 0 && (
        <p role="status" className="notice">
          {silent.length === 1 ? 'One server process' : `${silent.length} server processes`} did not answer: their people are not counted.
        </p>
      )}
      <div className="operator-grid">
        <ListenersPanel overview={overview} />
        <QueuePanel overview={overview} />
      </div>
      <BoothsPanel booths={overview.booths} />
      <ProcessesPanel processes={overview.processes} />
    </main>
  );
}

function Refusal({ message }: { message: string }) {
  return (
    <main className="page narrow">
      <h1>Operator view</h1>
      <p role="alert" className="notice error">
        {message}
      </p>
    </main>
  );
}
