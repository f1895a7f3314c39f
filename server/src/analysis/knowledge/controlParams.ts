/**
 * The parameters of an extension control file, as the server's parse_extension_control_file
 * (src/backend/commands/extension.c) accepts them. Names are matched case-sensitively there, so
 * they are here. Rules, hover and completion all read this table.
 */

/** How the server reads a value: checked text, or free text it takes as is. */
export type ControlValueKind =
  /** parse_bool: true/false/yes/no/on/off/1/0, any case, unique prefixes */
  | 'boolean'
  /** SplitIdentifierString: comma-separated names, double quotes allowed */
  | 'nameList'
  /** pg_valid_server_encoding: a server encoding name */
  | 'encoding'
  | 'string';

export interface ControlParam {
  name: string;
  kind: ControlValueKind;
  /** first major version that accepts it; older servers fail with "unrecognized parameter" */
  since?: number;
  /** rejected in a secondary control file (`name--1.2.control`) */
  primaryOnly?: boolean;
  /** the value when the parameter is absent, as the documentation states it */
  default?: string;
  description: string;
  docs: string;
}

const DOCS = 'https://www.postgresql.org/docs/current/extend-extensions.html#EXTEND-EXTENSIONS-FILES-';

export const CONTROL_PARAMS: readonly ControlParam[] = [
  {
    name: 'directory', kind: 'string', primaryOnly: true,
    description:
      "The directory holding the extension's SQL script files. A relative path is taken relative to the " +
      'directory where the control file was found (SHAREDIR/extension before PostgreSQL 18); by default ' +
      'the scripts are looked for next to the control file. Only allowed in the primary control file.',
    docs: `${DOCS}DIRECTORY`,
  },
  {
    name: 'default_version', kind: 'string', primaryOnly: true,
    description:
      'The version CREATE EXTENSION installs when no VERSION is given. The server runs the script ' +
      '`<name>--<default_version>.sql`, or a chain of update scripts leading to it from a version that has ' +
      'an install script. Without it, CREATE EXTENSION fails unless a VERSION is given. Only allowed in ' +
      'the primary control file.',
    docs: `${DOCS}DEFAULT-VERSION`,
  },
  {
    name: 'comment', kind: 'string',
    description:
      'A comment about the extension, applied when the extension is first created (not on updates, so ' +
      'a comment a user set is kept). Shown by `\\dx` and pg_available_extensions. A COMMENT ON EXTENSION ' +
      'command in the install script does the same.',
    docs: `${DOCS}COMMENT`,
  },
  {
    name: 'encoding', kind: 'encoding',
    description:
      'The character set encoding of the script files. Set it when the scripts contain non-ASCII ' +
      'characters; otherwise they are read in the database encoding. Must name a server encoding ' +
      '(UTF8, LATIN1, ...), else CREATE EXTENSION fails.',
    docs: `${DOCS}ENCODING`,
  },
  {
    name: 'module_pathname', kind: 'string',
    description:
      'Substituted for every `MODULE_PATHNAME` in the script files, typically `$libdir/<library>` so that ' +
      'CREATE FUNCTION ... LANGUAGE C need not hard-wire the shared library name. It must name a library ' +
      'the build installs, or every C function of the extension fails to load.',
    docs: `${DOCS}MODULE-PATHNAME`,
  },
  {
    name: 'requires', kind: 'nameList',
    description:
      "A list of extensions this one depends on, e.g. `requires = 'foo, bar'`. They must be installed " +
      'first (CREATE EXTENSION ... CASCADE installs them). `@extschema:name@` in the scripts refers to ' +
      "the schema of a required extension.",
    docs: `${DOCS}REQUIRES`,
  },
  {
    name: 'no_relocate', kind: 'nameList', since: 16,
    description:
      'A list of required extensions whose schema must not change with ALTER EXTENSION ... SET SCHEMA, ' +
      "because this extension's scripts reference it through `@extschema:name@` in a way that cannot " +
      'follow a rename. Recognized since PostgreSQL 16; older servers reject the control file.',
    docs: `${DOCS}NO-RELOCATE`,
  },
  {
    name: 'superuser', kind: 'boolean', default: 'true',
    description:
      'If true (the default), only superusers can create the extension or update it. If false, the user ' +
      'only needs the privileges the script commands require. Keep it true when any script command needs ' +
      'superuser rights (those would fail anyway, but later and less clearly); see also `trusted`.',
    docs: `${DOCS}SUPERUSER`,
  },
  {
    name: 'trusted', kind: 'boolean', since: 13, default: 'false',
    description:
      'If true, non-superusers with CREATE privilege on the database may install an extension that has ' +
      '`superuser = true`; the scripts then run as the bootstrap superuser. Irrelevant when `superuser` is ' +
      'false. Do not mark extensions trusted that expose superuser-only abilities (file access, ...), and ' +
      'write their scripts securely. Recognized since PostgreSQL 13.',
    docs: `${DOCS}TRUSTED`,
  },
  {
    name: 'relocatable', kind: 'boolean', default: 'false',
    description:
      "If true, the extension's objects can be moved to another schema after creation with ALTER " +
      'EXTENSION ... SET SCHEMA, and CREATE EXTENSION ... SCHEMA may choose any schema. A relocatable ' +
      'extension must not set `schema`.',
    docs: `${DOCS}RELOCATABLE`,
  },
  {
    name: 'schema', kind: 'string',
    description:
      'Forces a non-relocatable extension into exactly this schema (created if needed). Only allowed ' +
      'when `relocatable` is false, else CREATE EXTENSION fails. Consulted only at creation, not on updates.',
    docs: `${DOCS}SCHEMA`,
  },
];

export function controlParam(name: string): ControlParam | undefined {
  return CONTROL_PARAMS.find((p) => p.name === name);
}

/**
 * Encoding names a server accepts (pg_valid_server_encoding), as clean_encoding_name reduces them:
 * lower case, letters and digits only. Client-only encodings (SJIS, BIG5, GBK, UHC, GB18030, JOHAB,
 * SHIFT_JIS_2004 and their aliases) are missing on purpose: the server rejects them.
 */
export const SERVER_ENCODINGS: ReadonlySet<string> = new Set([
  'abc', 'alt', 'euccn', 'eucjis2004', 'eucjp', 'euckr', 'euctw',
  'iso88591', 'iso88592', 'iso88593', 'iso88594', 'iso88595', 'iso88596', 'iso88597', 'iso88598', 'iso88599',
  'iso885910', 'iso885913', 'iso885914', 'iso885915', 'iso885916',
  'koi8', 'koi8r', 'koi8u',
  'latin1', 'latin2', 'latin3', 'latin4', 'latin5', 'latin6', 'latin7', 'latin8', 'latin9', 'latin10',
  'muleinternal', 'sqlascii', 'tcvn', 'tcvn5712', 'unicode', 'utf8', 'vscii',
  'win', 'win866', 'win874', 'win1250', 'win1251', 'win1252', 'win1253', 'win1254', 'win1255', 'win1256',
  'win1257', 'win1258',
  'windows866', 'windows874', 'windows1250', 'windows1251', 'windows1252', 'windows1253', 'windows1254',
  'windows1255', 'windows1256', 'windows1257', 'windows1258',
]);
