import { SoundProfileSchema, type SoundProfile } from '../../media/soundProfile.ts';
import { useInterfaceLanguage } from '../../i18n/useInterfaceLanguage.ts';

/** "Headset or studio microphone" or "Laptop or room microphone", with what the choice means. */
export function SoundProfilePicker({ profile, onChange }: { profile: SoundProfile; onChange: (profile: SoundProfile) => void }) {
  const { t } = useInterfaceLanguage();
  return (
    <fieldset className="sound-profile">
      <legend>{t('soundProfile.legend')}</legend>
      {SoundProfileSchema.options.map((option) => (
        <label key={option}>
          <input type="radio" name="sound-profile" value={option} checked={profile === option} onChange={() => onChange(option)} />{' '}
          {t(`soundProfile.${option}.label`)}
        </label>
      ))}
      <p className="hint" data-testid="sound-profile-hint">
        {t(`soundProfile.${profile}.hint`)}
      </p>
    </fieldset>
  );
}
