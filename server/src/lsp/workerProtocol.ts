import type { LintSettings } from '../analysis/engine';
import type { Finding } from '../analysis/model/findings';
import type { ExtensionInfo } from '../analysis/model/model';

/**
 * Messages between the server and its analysis worker. The engine's analysis is synchronous and
 * takes seconds on large extensions, so it runs in a worker thread: the server keeps answering
 * hovers and code actions, and a newer edit cancels a running analysis between target versions
 * (through a shared flag the engine's `isCancelled` reads).
 */
export type WorkerRequest =
  | { kind: 'discover'; id: number; paths: string[] }
  | { kind: 'analyze'; id: number; ext: ExtensionInfo; settings: LintSettings; overlays: Record<string, string> }
  /** how the extension must be loaded, why, and its init path (replies PreloadFacts) */
  | { kind: 'preloadFacts'; id: number; ext: ExtensionInfo; settings: LintSettings; overlays: Record<string, string> }
  /** no reply */
  | { kind: 'invalidate'; file: string }
  /** the editor closed the file: free its kept syntax trees (no reply) */
  | { kind: 'closed'; file: string }
  /** a project config file changed: read the `ignore` globs again (no reply) */
  | { kind: 'resetConfig' };

export type WorkerMessage =
  | { kind: 'reply'; id: number; value: unknown }
  | { kind: 'failed'; id: number; error: string }
  | { kind: 'log'; level: 'info' | 'error'; message: string };

export interface AnalysisResult {
  /** undefined when cancelled */
  findings?: Finding[];
}

export interface WorkerData {
  /** Int32Array over it: [0] is set to 1 to cancel the running analysis */
  cancel: SharedArrayBuffer;
}
