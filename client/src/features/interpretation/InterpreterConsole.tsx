import { useState } from 'react';
import type { Booth } from '@multaqa/shared';
import { busyProps } from '../../components/busyProps.ts';
import { controlState, type PendingActions } from '../../state/pendingActions.ts';
import { LevelMeter } from '../../components/LevelMeter.tsx';
import { LevelSlider } from '../../components/LevelSlider.tsx';
import { languageLabel } from '../../components/languageLabel.ts';
import { languageName } from '../../components/roleLabel.ts';
import type { SessionController } from '../../state/sessionController.ts';
import { isBoothLive } from '../../state/mixLevels.ts';
import type { SessionState } from '../../state/sessionState.ts';
import { FloorSound } from '../sound/FloorSound.tsx';
import { BoothChat } from './BoothChat.tsx';
import { OnAirControls } from './OnAirControls.tsx';
import { OnAirMeter } from './OnAirMeter.tsx';
import { speakerLine } from './speakerLine.ts';

/** An interpreter's booth: input, on-air and handover controls, the partner, chat and listeners. */
export function InterpreterConsole({ controller, state }: { controller: SessionController; state: SessionState }) {
  const { self, booths, session } = state;
  if (!self || self.grant.role !== 'interpreter' || !session) return null;
  const language = self.grant.language;
  const booth = booths.find((b) => b.language === language);
  if (!booth) return <p className="notice error">This session has no {languageName(language)} booth.</p>;
  const me = booth.interpreters.find((i) => i.id === self.id);
  // Who holds the floor, not who is loudest: a cough or an aside on stage must not flip it.
  // The next speaker too, so the booth can switch to relay in time for another language.
  const current = state.queue.current;
  const next = state.queue.entries[0];

  return (
    <section className="console" aria-label="Interpreter console" data-on-air={booth.onAir === self.id}>
      <header className="console-header">
        <h2>{languageName(language)} booth</h2>
        <span data-testid="channel-listeners">
          {state.listenerCounts.channels[language] ?? 0} listening
        </span>
      </header>
      <p className="muted" data-testid="current-speaker">
        Now: {speakerLine(current, 'nobody has the floor')}
      </p>
      <p className="muted" data-testid="next-speaker">
        Next: {speakerLine(next, 'nobody waiting')}
      </p>
      <InputPicker controller={controller} booths={booths} own={language} value={me?.input.kind === 'booth' ? me.input.language : null} pending={state.pending} />
      <RelayWarning booths={booths} relay={me?.input.kind === 'booth' ? me.input.language : null} />
      <LevelSlider label="Headphone volume" value={state.volume} onChange={(volume) => controller.setVolume(volume)} />
      <OnAirControls controller={controller} booth={booth} selfId={self.id} pending={state.pending} />
      <OnAirMeter booth={booth} selfId={self.id} voice={state.local.interpretation} connected={state.phase === 'joined'} />
      {/* Off air too, the booth sees its own microphone: checked before going on air, not after. */}
      {booth.onAir !== self.id && <LevelMeter track={state.local.interpretation?.track} label="Your microphone (off air)" />}
      {/* Under the on-air controls: a warning that comes and goes never moves Cough under the hand. */}
      <FloorSound state={state} />
      <div className="actions">
        <button type="button" {...busyProps(controlState(state.pending, 'booth:slowDown'))} onClick={() => void controller.askToSlowDown()}>
          Ask the speaker to slow down
        </button>
        {state.slowDownSent && (
          <span role="status" className="notice" data-testid="slow-down-sent">
            Sent: {current ? current.name : 'the stage'} and the moderators see your request to slow down.
          </span>
        )}
      </div>
      {state.actionError && (
        <p role="alert" className="notice error">
          {state.actionError}
        </p>
      )}
      <Partners booth={booth} selfId={self.id} />
      <BoothChat controller={controller} messages={state.boothChat} pending={state.pending} />
    </section>
  );
}

/** The input shows the choice at once, and takes no other until the booth confirms it (the focus stays). */
function InputPicker(props: { controller: SessionController; booths: Booth[]; own: string; value: string | null; pending: PendingActions }) {
  const [wanted, setWanted] = useState<string | undefined>(undefined);
  const control = controlState(props.pending, 'booth:setInput');
  return (
    <label className={control.busy ? 'busy' : undefined}>
      Input{' '}
      <select
        aria-label="Input"
        value={(control.waiting ? wanted : undefined) ?? props.value ?? ''}
        aria-busy={control.busy || undefined}
        aria-disabled={control.waiting || undefined}
        onChange={(event) => {
          if (control.waiting) return;
          setWanted(event.target.value);
          void props.controller.setInput(event.target.value === '' ? null : event.target.value);
        }}
      >
        <option value="">Floor</option>
        {props.booths
          .filter((b) => b.language !== props.own)
          .map((b) => (
            <option key={b.language} value={b.language}>
              {`Relay: ${languageLabel(b.language)} · ${isBoothLive(b) ? 'live' : 'idle'}`}
            </option>
          ))}
      </select>
    </label>
  );
}

/** Relay from a booth nobody is on air in is silence: said while it lasts. */
function RelayWarning({ booths, relay }: { booths: Booth[]; relay: string | null }) {
  const source = booths.find((b) => b.language === relay);
  if (!source || isBoothLive(source)) return null;
  return (
    <p role="alert" className="notice error" data-testid="relay-idle">
      The {languageName(source.language)} booth is idle: you hear nothing until an interpreter there goes on air. Choose the floor or a live booth.
    </p>
  );
}

function Partners({ booth, selfId }: { booth: Booth; selfId: string }) {
  return (
    <ul className="partners" aria-label="Booth">
      {booth.interpreters.map((interpreter) => (
        <li key={interpreter.id} data-interpreter={interpreter.id}>
          {interpreter.name}
          {interpreter.id === selfId ? ' (you)' : ''} —{' '}
          {booth.onAir === interpreter.id
            ? booth.muted
              ? 'on air, coughing'
              : booth.handoverOfferedBy === interpreter.id
                ? 'on air, offering handover'
                : 'on air'
            : 'ready'}
          {interpreter.away ? ' · connection lost, reconnecting' : ''}
          {interpreter.input.kind === 'booth' ? ` · relay from ${languageName(interpreter.input.language)}` : ''}
        </li>
      ))}
    </ul>
  );
}
