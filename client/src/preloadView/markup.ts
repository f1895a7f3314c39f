/** Text inside HTML or SVG markup, and inside its attribute values. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Inline Markdown code spans (`x`) of the server's sentences as <code>, the rest escaped. */
export function inlineCode(text: string): string {
  return text
    .split('`')
    .map((part, i) => (i % 2 ? `<code>${escapeXml(part)}</code>` : escapeXml(part)))
    .join('');
}
