import { commentStyleFor, parseSuppressions } from '../analysis/semantics/suppressions';
import type { TextEdit } from '../analysis/rules/types';

/** Writes a comment the way the file already does: `#` in control files, `//` or `/* *\/` in C, `//` in Rust, `--` in SQL. */
function commentWriter(file: string, text: string): ((body: string) => string) | undefined {
  const style = commentStyleFor(file);
  if (!style) return undefined;
  if (style === 'hash') return (body) => `# ${body}`;
  if (style === 'sql') return (body) => `-- ${body}`;
  if (file.endsWith('.rs') || prefersLineComments(text)) return (body) => `// ${body}`;
  return (body) => `/* ${body} */`;
}

function prefersLineComments(text: string): boolean {
  const line = text.match(/^[ \t]*\/\//gm)?.length ?? 0;
  const block = text.match(/^[ \t]*\/\*/gm)?.length ?? 0;
  return line > block;
}

const eol = (text: string) => (text.includes('\r\n') ? '\r\n' : '\n');

function insertAt(file: string, line: number, newText: string): TextEdit {
  const at = { line, character: 0 };
  return { file, range: { start: at, end: at }, newText };
}

/**
 * `pgext-lint-ignore RULE: reason` on the line above the finding, indented like it. Undefined when
 * the file has no comment syntax, or when the comment would not cover the line (a finding on a
 * comment-only line: suppressions skip comment lines to reach code).
 */
export function disableForLine(file: string, text: string, line: number, rule: string): TextEdit | undefined {
  const write = commentWriter(file, text);
  if (!write) return undefined;
  const indent = /^[ \t]*/.exec(text.split('\n')[line] ?? '')![0];
  const edit = insertAt(file, line, `${indent}${write(`pgext-lint-ignore ${rule}: reason`)}${eol(text)}`);
  const lines = text.split('\n');
  const edited = [...lines.slice(0, line), edit.newText.replace(/\r?\n$/, ''), ...lines.slice(line)].join('\n');
  const style = commentStyleFor(file)!;
  const covers = parseSuppressions(file, edited, style).some(
    (s) => s.loc.range.start.line === line && s.rule === rule && s.fromLine <= line + 1 && line + 1 <= s.toLine,
  );
  return covers ? edit : undefined;
}

/** `pgext-lint-ignore-file RULE` on the first line of the file. */
export function disableForFile(file: string, text: string, rule: string): TextEdit | undefined {
  const write = commentWriter(file, text);
  return write && insertAt(file, 0, `${write(`pgext-lint-ignore-file ${rule}`)}${eol(text)}`);
}
