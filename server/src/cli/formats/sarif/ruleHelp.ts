import { readFileSync } from 'node:fs';
import type * as Sarif from 'sarif';
import { docsUrl } from '../../../analysis/rules/index';
import type { RuleMeta } from '../../../analysis/rules/types';
import { rulePagePath } from '../../package';

/**
 * A rule's `help` for code-scanning services: its documentation page as Markdown (links between rule
 * pages made absolute, since the page is shown away from the repository) and as plain text. Without
 * the page (a broken installation) the summary and the link still say what the rule is.
 */
export function ruleHelp(rule: RuleMeta): Sarif.MultiformatMessageString {
  let page: string;
  try {
    page = readFileSync(rulePagePath(rule.id), 'utf8');
  } catch {
    const text = `${rule.summary} Documentation: ${docsUrl(rule.id)}`;
    return { text, markdown: text };
  }
  const markdown = page.replace(/\]\(([a-z0-9-]+)\.md\)/g, (_, id: string) => `](${docsUrl(id)})`).trimEnd() + '\n';
  return { text: plainText(markdown), markdown };
}

/** Markdown reduced to what reads well as plain text: no heading marks, emphasis, backticks or fences; links as "text (url)". */
const PLAIN: [RegExp, string][] = [
  [/^```.*\n/gm, ''],
  [/^#+\s*/gm, ''],
  [/\*\*([^*]+)\*\*/g, '$1'],
  [/`([^`]+)`/g, '$1'],
  [/\[([^\]]+)\]\(([^)]+)\)/g, '$1 ($2)'],
];

function plainText(markdown: string): string {
  return PLAIN.reduce((text, [pattern, replacement]) => text.replace(pattern, replacement), markdown);
}
