import type { Node } from 'web-tree-sitter';

const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '\\': '\\', '0': '\0', "'": "'", '"': '"' };

const ESCAPE = /\\(?:x([0-9a-fA-F]{2})|u\{([0-9a-fA-F_]+)\}|\n\s*|(.))/gs;

/**
 * The value of a Rust string literal node (`"x"`, `c"x"`, `b"x\0"`, `r#"x"#`, ...), escapes decoded
 * and a trailing NUL dropped: `b"myext\0"` names the same GUC prefix as `c"myext"`.
 */
export function stringValue(node: Node): string | undefined {
  if (node.type !== 'string_literal' && node.type !== 'raw_string_literal') return undefined;
  const text = node.text;
  const open = text.indexOf('"');
  const close = text.lastIndexOf('"');
  if (open < 0 || close <= open) return undefined;
  const body = text.slice(open + 1, close);
  const raw = text.slice(0, open).includes('r');
  const value = raw
    ? body
    : body.replace(ESCAPE, (_m, hex?: string, uni?: string, ch?: string) => {
        if (hex) return String.fromCharCode(parseInt(hex, 16));
        if (uni) return String.fromCodePoint(parseInt(uni.replace(/_/g, ''), 16));
        if (ch === undefined) return ''; // line continuation
        return SIMPLE_ESCAPES[ch] ?? ch;
      });
  return value.endsWith('\0') ? value.slice(0, -1) : value;
}
