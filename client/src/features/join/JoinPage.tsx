import { useEffect, useMemo, useState } from 'react';
import { STAGE_ROLES } from '@multaqa/shared';
import { checkJoinLink, refusalText, type LinkVerdict } from '../../signaling/checkJoinLink.ts';
import { readJoinLink, type JoinLink } from '../../signaling/joinLink.ts';
import { SessionController } from '../../state/sessionController.ts';
import { SessionPage } from '../stage/SessionPage.tsx';
import { DeviceCheck } from './DeviceCheck.tsx';
import { roleLabel } from '../../components/roleLabel.ts';

/** From a join link to the session: who you are, a device check for speakers, then join. */
export function JoinPage() {
  const link = useMemo(() => readJoinLink(), []);
  const [controller, setController] = useState<SessionController>();
  const [verdict, setVerdict] = useState<LinkVerdict>();
  useEffect(() => {
    if ('token' in link) void checkJoinLink(link.token).then(setVerdict);
  }, [link]);
  if ('error' in link) {
    return (
      <main className="page narrow">
        <h1>Multaqa</h1>
        <p role="alert" className="notice error">{link.error}</p>
      </main>
    );
  }
  if (controller) return <SessionPage controller={controller} />;
  // The server's word on the link, before anyone presses Join.
  if (verdict?.ok === false) {
    const { headline, advice } = refusalText(verdict.error);
    return (
      <main className="page narrow" data-link="refused">
        <h1>{headline}</h1>
        <p role="alert" className="notice error">
          {advice}
        </p>
      </main>
    );
  }
  const join = (stream?: MediaStream) => {
    const created = new SessionController(link, stream);
    created.start();
    setController(created);
  };
  return <JoinForm link={link} title={verdict?.ok === true ? verdict.link.session.title : undefined} onJoin={join} />;
}

function JoinForm({ link, title, onJoin }: { link: JoinLink; title: string | undefined; onJoin: (stream?: MediaStream) => void }) {
  const onStage = STAGE_ROLES.includes(link.grant.role);
  const interpreter = link.grant.role === 'interpreter';
  return (
    <main className="page narrow">
      <h1>Join session</h1>
      <p>
        Welcome, <strong>{link.name}</strong>. You join <strong>{title ?? link.sessionId}</strong> as{' '}
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
