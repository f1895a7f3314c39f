import { SERVER_ENCODINGS, type ControlValueKind } from '../../knowledge/controlParams';

/**
 * How the server reads the value of a control parameter: the same functions it calls in
 * parse_extension_control_file, so a value is accepted here exactly when it is there.
 */

/** parse_bool: true/false/yes/no (any unique prefix), on/off (at least two letters), 1/0; any case. */
export function parseBool(value: string): boolean | undefined {
  const v = value.toLowerCase();
  if (!v) return undefined;
  const WORDS: [string, boolean, number][] = [
    ['true', true, 1],
    ['false', false, 1],
    ['yes', true, 1],
    ['no', false, 1],
    ['on', true, 2],
    ['off', false, 2],
  ];
  for (const [word, result, minLength] of WORDS) {
    if (v.length >= minLength && word.startsWith(v)) return result;
  }
  if (v === '1') return true;
  if (v === '0') return false;
  return undefined;
}

/** scanner_isspace */
const SPACE = /[ \t\n\r\f\v]/;

/**
 * SplitIdentifierString(value, ','): names separated by commas, each unquoted (down-cased, ends at
 * a comma or white space) or double-quoted (`""` for a quote). Undefined when the server rejects it.
 */
export function splitNameList(value: string): string[] | undefined {
  const names: string[] = [];
  let i = 0;
  const skipSpace = () => {
    while (i < value.length && SPACE.test(value[i])) i++;
  };
  skipSpace();
  if (i === value.length) return names;
  for (;;) {
    if (value[i] === '"') {
      let name = '';
      for (i++; ; i++) {
        if (i >= value.length) return undefined;
        if (value[i] === '"') {
          if (value[i + 1] !== '"') break;
          i++;
        }
        name += value[i];
      }
      i++;
      names.push(name);
    } else {
      const start = i;
      while (i < value.length && value[i] !== ',' && !SPACE.test(value[i])) i++;
      if (i === start) return undefined;
      names.push(value.slice(start, i).toLowerCase());
    }
    skipSpace();
    if (i === value.length) return names;
    if (value[i] !== ',') return undefined;
    i++;
    skipSpace();
  }
}

/** pg_valid_server_encoding: clean_encoding_name keeps letters and digits, lower-cased. */
export function isServerEncoding(value: string): boolean {
  return SERVER_ENCODINGS.has(value.replace(/[^A-Za-z0-9]/g, '').toLowerCase());
}

/** Whether the server accepts `value` for a parameter of this kind. */
export const VALUE_ACCEPTED: Record<ControlValueKind, (value: string) => boolean> = {
  boolean: (v) => parseBool(v) !== undefined,
  nameList: (v) => splitNameList(v) !== undefined,
  encoding: isServerEncoding,
  string: () => true,
};
