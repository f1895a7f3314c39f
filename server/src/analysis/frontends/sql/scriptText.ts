/**
 * An extension script as the parser sees it. What CREATE EXTENSION substitutes or psql would read
 * (`@extschema@`, `@extowner@`, `@extschema:NAME@`, `\echo ... \quit` lines) is replaced by text of the
 * same length that the parser accepts, so every offset stays exact:
 *   @extschema@        -> _extschema_        (an identifier)
 *   @extschema:NAME@   -> _extschema_NAME_   (non-identifier characters of NAME become _)
 *   @extowner@         -> _extowner_
 *   \echo ... \quit    -> --echo ... \quit   (a comment)
 * The parser reports UTF-8 byte offsets; `toIndex` maps them to UTF-16 indexes of the text.
 */
export interface ScriptText {
  /** the text given to the parser: same UTF-16 length as the original */
  masked: string;
  /** the placeholder an identifier of the masked text stands for, by its lower-case spelling */
  placeholders: Map<string, string>;
  /** UTF-16 index of a UTF-8 byte offset of `masked` */
  toIndex(byteOffset: number): number;
  /** UTF-8 byte offset of a UTF-16 index of `masked` */
  toByte(index: number): number;
}

const PLACEHOLDER = /@extschema@|@extowner@|@database_owner@|@extschema:([^@\s]+)@/g;
const META_LINE = /^([ \t]*)\\(.?)/gm;

export function prepareScript(text: string): ScriptText {
  const placeholders = new Map<string, string>();
  let masked = text.replace(PLACEHOLDER, (m, name: string | undefined) => {
    const id = name === undefined ? `_${m.slice(1, -1)}_` : `_extschema_${name.replace(/[^A-Za-z0-9_]/g, '_')}_`;
    placeholders.set(id.toLowerCase(), m);
    return id;
  });
  masked = masked.replace(META_LINE, (_m, indent: string, next: string) => indent + (next ? '--' : ' '));
  return { masked, placeholders, ...offsetMaps(masked) };
}

/** Offsets of an ASCII text are the same in bytes and UTF-16 units; otherwise a table maps them. */
export function offsetMaps(text: string): Pick<ScriptText, 'toIndex' | 'toByte'> {
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(text)) return { toIndex: (b) => Math.min(b, text.length), toByte: (i) => i };
  const byteOf = new Uint32Array(text.length + 1);
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    byteOf[i] = bytes;
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      byteOf[++i] = bytes;
      bytes += 4;
    } else bytes += 3;
  }
  byteOf[text.length] = bytes;
  return {
    toByte: (i) => byteOf[Math.min(i, text.length)],
    toIndex: (b) => {
      let lo = 0;
      let hi = text.length;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (byteOf[mid] <= b) lo = mid;
        else hi = mid - 1;
      }
      return lo;
    },
  };
}
