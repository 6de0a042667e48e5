import { useEffect, useMemo, useState } from 'react';
import { STAGE_ROLES } from '@multaqa/shared';
import { openCameraAndMicrophone } from '../../media/localMedia.ts';
import { loadSoundProfile } from '../../media/soundProfile.ts';
import { rejoinOf, type Rejoin } from '../../state/tabRejoin.ts';
import { checkJoinLink, refusalReason, type LinkVerdict } from '../../signaling/checkJoinLink.ts';
import { readJoinLink, type JoinLink } from '../../signaling/joinLink.ts';
import { SessionController } from '../../state/sessionController.ts';
import { SessionPage } from '../stage/SessionPage.tsx';
import { DeviceCheck } from './DeviceCheck.tsx';
import { useInterfaceLanguage } from '../../i18n/useInterfaceLanguage.ts';
import { LanguageMenu } from '../../i18n/LanguageMenu.tsx';
import { isolated } from '../../i18n/isolated.ts';
import { useRoleName } from '../../i18n/useRoleName.ts';

/** From a join link to the session: who you are, a device check for speakers, then join. */
export function JoinPage() {
  const { t } = useInterfaceLanguage();
  const link = useMemo(() => readJoinLink(), []);
  const [controller, setController] = useState<SessionController>();
  const [verdict, setVerdict] = useState<LinkVerdict>();
  // This tab was in the session (a reload): straight back in once the link checks out, devices as before.
  const [rejoin, setRejoin] = useState(() => ('token' in link ? rejoinOf(link.token) : undefined));
  useEffect(() => {
    if ('token' in link) void checkJoinLink(link.token).then(setVerdict);
  }, [link]);
  useEffect(() => {
    // A server that cannot be asked about the link ('unknown'): the join itself says, and retries.
    if (!rejoin || !('token' in link) || verdict === undefined || verdict.ok === false || controller) return;
    let cancelled = false;
    void reopenDevices(link, rejoin).then((stream) => {
      if (cancelled) return;
      // The devices cannot be opened now (permission asked again, unplugged): the join page, as for anyone.
      if (stream === null) return setRejoin(undefined);
      const created = new SessionController(link, stream, rejoin.on);
      created.start();
      setController(created);
    });
    return () => {
      cancelled = true;
    };
  }, [rejoin, link, verdict, controller]);
  if ('error' in link) {
    return (
      <main className="page narrow">
        <LanguageMenu />
        <h1>Multaqa</h1>
        <p role="alert" className="notice error">{t(`link.${link.error}`)}</p>
      </main>
    );
  }
  if (controller) return <SessionPage controller={controller} />;
  // The server's word on the link, before anyone presses Join.
  if (verdict?.ok === false) {
    const reason = refusalReason(verdict.error);
    return (
      <main className="page narrow" data-link="refused">
        <LanguageMenu />
        <h1>{t(`refusal.${reason}.headline`)}</h1>
        <p role="alert" className="notice error">
          {t(`refusal.${reason}.advice`)}
        </p>
      </main>
    );
  }
  if (rejoin) {
    return (
      <main className="page narrow" data-phase="rejoining">
        <h1>{t('join.rejoiningTitle')}</h1>
        <p role="status">{t('join.rejoining', { name: isolated(link.name) })}</p>
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

/** The devices this tab joined with before the reload (undefined: none, listening; null: they cannot be opened now). */
async function reopenDevices(link: JoinLink, rejoin: Rejoin): Promise<MediaStream | undefined | null> {
  if (rejoin.devices === 'none') return undefined;
  const opened = await openCameraAndMicrophone({
    video: rejoin.devices === 'camera',
    profile: link.grant.role === 'interpreter' ? 'studio' : loadSoundProfile(),
  });
  return 'stream' in opened ? opened.stream : null;
}

function JoinForm({ link, title, onJoin }: { link: JoinLink; title: string | undefined; onJoin: (stream?: MediaStream) => void }) {
  const onStage = STAGE_ROLES.includes(link.grant.role);
  const interpreter = link.grant.role === 'interpreter';
  const { t } = useInterfaceLanguage();
  const role = useRoleName(link.grant);
  return (
    <main className="page narrow">
      <LanguageMenu />
      <h1>{t('join.title')}</h1>
      <p>{t('join.welcome', { name: isolated(link.name), session: isolated(title ?? link.sessionId), role })}</p>
      {onStage || interpreter ? (
        <DeviceCheck onJoin={onJoin} video={!interpreter} />
      ) : (
        <button type="button" className="primary" onClick={() => onJoin()}>
          {t('join.joinButton')}
        </button>
      )}
    </main>
  );
}
