/**
 * `pgext-lint/preloadReport`: the workspace's preload report as Markdown, for the client's
 * "Show preload report" command.
 */
export const PRELOAD_REPORT_REQUEST = 'pgext-lint/preloadReport';

export interface PreloadReportResult {
  markdown: string;
}

export function preloadReport(): PreloadReportResult {
  return {
    markdown:
      '# Preload report\n\nThis build of pgext-lint cannot produce the preload report yet. ' +
      'Preloading problems are still reported as diagnostics (rules `shared-preload-undocumented`, ' +
      '`preload-undocumented`, `postmaster-guc-outside-preload`, `preload-api-outside-preload`).',
  };
}
