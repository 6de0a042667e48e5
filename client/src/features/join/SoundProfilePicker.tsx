import { SOUND_PROFILES, SoundProfileSchema, type SoundProfile } from '../../media/soundProfile.ts';

/** "Headset or studio microphone" or "Laptop or room microphone", with what the choice means. */
export function SoundProfilePicker({ profile, onChange }: { profile: SoundProfile; onChange: (profile: SoundProfile) => void }) {
  return (
    <fieldset className="sound-profile">
      <legend>Your microphone</legend>
      {SoundProfileSchema.options.map((option) => (
        <label key={option}>
          <input type="radio" name="sound-profile" value={option} checked={profile === option} onChange={() => onChange(option)} />{' '}
          {SOUND_PROFILES[option].label}
        </label>
      ))}
      <p className="hint" data-testid="sound-profile-hint">
        {SOUND_PROFILES[profile].hint}
      </p>
    </fieldset>
  );
}
