import type { Booth } from '@multaqa/shared';
import { LevelSlider } from '../../components/LevelSlider.tsx';
import { languageName } from '../../components/roleLabel.ts';
import type { SessionController } from '../../state/sessionController.ts';
import { isBoothLive } from '../../state/mixLevels.ts';
import type { SessionState } from '../../state/sessionState.ts';

const decibels = (level: number) => (level === 0 ? 'off' : `${Math.round(20 * Math.log10(level))} dB`);

/** Pick the language you hear, and how loud the floor stays underneath the interpretation. */
export function ListenerControls({ controller, state }: { controller: SessionController; state: SessionState }) {
  const { session, booths, language, floorLevel } = state;
  if (!session || booths.length === 0) return null;
  const chosen = booths.find((booth) => booth.language === language);
  return (
    <section className="listener-controls" aria-label="Listening language">
      <label>
        Listening language{' '}
        <select
          aria-label="Listening language"
          value={language ?? ''}
          onChange={(event) => void controller.chooseLanguage(event.target.value === '' ? null : event.target.value)}
        >
          <option value="">Floor ({languageName(session.floorLanguage)}, original)</option>
          {booths.map((booth) => (
            <option key={booth.language} value={booth.language} data-live={isBoothLive(booth)}>
              {optionLabel(booth)}
            </option>
          ))}
        </select>
      </label>
      <LevelSlider
        label="Floor volume"
        value={floorLevel}
        disabled={!chosen}
        suffix={decibels(floorLevel)}
        onChange={(level) => controller.setFloorLevel(level)}
      />
      {chosen && !isBoothLive(chosen) && (
        <p role="status" className="notice" data-testid="no-interpretation">
          No {languageName(chosen.language)} interpretation right now — you hear the floor.
        </p>
      )}
    </section>
  );
}

function optionLabel(booth: Booth): string {
  return `${languageName(booth.language)} — ${isBoothLive(booth) ? 'live' : 'idle'}`;
}
