import * as path from 'node:path';
import type { LoadMode, LoadNeeds } from '../analysis/semantics/loadMode';
import type { ExtensionInfo } from '../analysis/model/model';

/**
 * `pgext-lint/preloadReport`: how each extension of the workspace must be loaded and why, as
 * Markdown, for the client's "Show preload report" command (the CLI's `pgext-lint preload`).
 */
export const PRELOAD_REPORT_REQUEST = 'pgext-lint/preloadReport';

export interface PreloadReportResult {
  markdown: string;
}

const MODE_TEXT: Record<LoadMode, string> = {
  shared: 'must be listed in `shared_preload_libraries` (a change needs a server restart)',
  session: 'installs hooks but needs nothing shared: `session_preload_libraries`, `local_preload_libraries` or `LOAD` are enough',
  none: 'needs no preloading: the first call of one of its SQL functions loads it',
};

export function preloadReport(
  entries: { ext: ExtensionInfo; needs: LoadNeeds }[],
  uriFor: (file: string) => string,
): PreloadReportResult {
  if (!entries.length) {
    return { markdown: '# Preload report\n\nNo PostgreSQL extension was found in this workspace.\n' };
  }
  const sections = entries.map(({ ext, needs }) => {
    const reasons = needs.reasons.map((r) => {
      const line = r.loc.range.start.line + 1;
      const where = `[${path.relative(ext.root, r.loc.file)}:${line}](${uriFor(r.loc.file)}#L${line})`;
      const notes = [r.guarded ? 'guarded' : undefined, r.consequence].filter(Boolean).join('; ');
      return `- ${where}: ${r.what}${notes ? ` (${notes})` : ''}`;
    });
    return [`## ${ext.name}: ${needs.mode}`, '', `\`${ext.root}\``, '', `${ext.name} ${MODE_TEXT[needs.mode]}.`, '', ...reasons].join('\n');
  });
  return { markdown: `# Preload report\n\n${sections.join('\n\n')}\n` };
}
