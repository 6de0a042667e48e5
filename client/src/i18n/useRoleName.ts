import type { RoleGrant } from '@multaqa/shared';
import { useInterfaceLanguage } from './useInterfaceLanguage.ts';

/** A role in the interface language: "speaker", "مترجم فوري إلى الفرنسية" (the language named in the interface language too). */
export function useRoleName(grant: RoleGrant): string {
  const { t, languageName } = useInterfaceLanguage();
  return grant.role === 'interpreter' ? t('role.interpreter', { language: languageName(grant.language) }) : t(`role.${grant.role}`);
}
