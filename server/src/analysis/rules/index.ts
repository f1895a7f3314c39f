import type { RuleDef, RuleMeta } from './types';
import { postmasterGucOutsidePreload } from './postmaster-guc-outside-preload';
import { preloadApiOutsidePreload } from './preload-api-outside-preload';
import { shmemRequestOutsideHook } from './shmem-request-outside-hook';
import { gucPrefixNotReserved } from './guc-prefix-not-reserved';
import { finiNeverCalled } from './fini-never-called';
import { controlSyntax } from './control-syntax';
import { controlUnknownParameter } from './control-unknown-parameter';
import { controlInvalidValue } from './control-invalid-value';
import { controlDuplicateParameter } from './control-duplicate-parameter';
import { controlSchemaWithRelocatable } from './control-schema-with-relocatable';
import { controlTrustedWithoutSuperuser } from './control-trusted-without-superuser';
import { controlMissingInstallScript } from './control-missing-install-script';
import { controlModuleNotBuilt } from './control-module-not-built';
import { hookOverwritesPrevious } from './hook-overwrites-previous';
import { hookSavedAfterInstall } from './hook-saved-after-install';
import { hookNotChained } from './hook-not-chained';
import { previousHookUnchecked } from './previous-hook-unchecked';
import { hookMissingStandardFallback } from './hook-missing-standard-fallback';
import { sharedPreloadUndocumented } from './shared-preload-undocumented';
import { preloadUndocumented } from './preload-undocumented';
import { preloadClaimUnneeded } from './preload-claim-unneeded';
import { sqlSyntax } from './sql-syntax';
import { sqlSecurityDefinerSearchPath } from './sql-security-definer-search-path';
import { sqlUnsafeObjectCreation } from './sql-unsafe-object-creation';
import { sqlUnqualifiedReference } from './sql-unqualified-reference';
import { sqlUnsafeSearchPath } from './sql-unsafe-search-path';
import { sqlFunctionSearchPath } from './sql-function-search-path';

/**
 * The one table of rules. Ids, default severities, docs links, config validation and the CLI's
 * `rules` list all derive from it. Add a rule by adding its module here.
 */
export const RULES: readonly RuleDef[] = [
  hookOverwritesPrevious,
  hookSavedAfterInstall,
  hookNotChained,
  previousHookUnchecked,
  hookMissingStandardFallback,
  postmasterGucOutsidePreload,
  preloadApiOutsidePreload,
  shmemRequestOutsideHook,
  gucPrefixNotReserved,
  finiNeverCalled,
  sharedPreloadUndocumented,
  preloadUndocumented,
  preloadClaimUnneeded,
  controlSyntax,
  controlUnknownParameter,
  controlInvalidValue,
  controlDuplicateParameter,
  controlSchemaWithRelocatable,
  controlTrustedWithoutSuperuser,
  controlMissingInstallScript,
  controlModuleNotBuilt,
  sqlSyntax,
  sqlSecurityDefinerSearchPath,
  sqlUnsafeObjectCreation,
  sqlUnqualifiedReference,
  sqlUnsafeSearchPath,
  sqlFunctionSearchPath,
];

/** Rules that are not checks of their own but reported by the engine (suppression bookkeeping). */
export const META_RULES: readonly RuleMeta[] = [
  {
    id: 'unused-suppression',
    defaultSeverity: 'warning',
    category: 'meta',
    summary: 'A pgext-lint-ignore comment that suppresses nothing.',
  },
];

export const ALL_RULE_META: readonly RuleMeta[] = [...RULES, ...META_RULES];

export const RULE_IDS: readonly string[] = ALL_RULE_META.map((r) => r.id);

export function ruleMeta(id: string): RuleMeta | undefined {
  return ALL_RULE_META.find((r) => r.id === id);
}

/** Where a rule's documentation page is published; diagnostics link here. */
export const DOCS_BASE = 'https://github.com/pgext-lint/pgext-lint/blob/main/docs/rules/';

export function docsUrl(id: string): string {
  return `${DOCS_BASE}${id}.md`;
}
