import { useMemo, useState } from 'react';
import { STAGE_ROLES } from '@multaqa/shared';
import { readJoinLink, type JoinLink } from '../../signaling/joinLink.ts';
import { SessionController } from '../../state/sessionController.ts';
import { SessionPage } from '../stage/SessionPage.tsx';
import { DeviceCheck } from './DeviceCheck.tsx';
import { roleLabel } from '../../components/roleLabel.ts';

/** From a join link to the session: who you are, a device check for speakers, then join. */
export function JoinPage() {
  const link = useMemo(() => readJoinLink(), []);
  const [controller, setController] = useState<SessionController>();
  if ('error' in link) {
    return (
      <main className="page narrow">
        <h1>Multaqa</h1>
        <p role="alert" className="notice error">{link.error}</p>
      </main>
    );
  }
  if (controller) return <SessionPage controller={controller} />;
  const join = (stream?: MediaStream) => {
    const created = new SessionController(link, stream);
    created.start();
    setController(created);
  };
  return <JoinForm link={link} onJoin={join} />;
}

function JoinForm({ link, onJoin }: { link: JoinLink; onJoin: (stream?: MediaStream) => void }) {
  const onStage = STAGE_ROLES.includes(link.grant.role);
  const interpreter = link.grant.role === 'interpreter';
  return (
    <main className="page narrow">
      <h1>Join session</h1>
      <p>
        Welcome, <strong>{link.name}</strong>. You join <strong>{link.sessionId}</strong> as{' '}
        <strong>{roleLabel(link.grant)}</strong>.
      </p>
      {onStage || interpreter ? (
        <DeviceCheck onJoin={onJoin} video={!interpreter} />
      ) : (
        <button type="button" className="primary" onClick={() => onJoin()}>
          Join session
        </button>
      )}
    </main>
  );
}
