import type { RoleGrant } from '@multaqa/shared';

const LANGUAGE_NAMES = new Intl.DisplayNames(['en'], { type: 'language' });

export function languageName(code: string): string {
  return LANGUAGE_NAMES.of(code) ?? code;
}

export function roleLabel(grant: RoleGrant): string {
  return grant.role === 'interpreter' ? `interpreter into ${languageName(grant.language)}` : grant.role;
}
