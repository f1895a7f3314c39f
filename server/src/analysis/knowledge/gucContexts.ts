/**
 * GUC contexts: who may set a parameter and when. `aliases` are the spellings in C (`PGC_SIGHUP`)
 * and pgrx (`GucContext::Sighup`, seen in the IR as its last segment `Sighup`).
 */
export interface GucContextInfo {
  id: 'internal' | 'postmaster' | 'sighup' | 'su_backend' | 'backend' | 'suset' | 'userset';
  c: string;
  pgrx: string;
  /** who can set it, when, and whether it can be defined after server start */
  summary: string;
  /** a custom GUC with this context can only be defined while shared_preload_libraries is processed */
  preloadOnly: boolean;
}

/** The manual's description of the contexts (the `context` column of pg_settings). */
export const GUC_CONTEXTS_DOCS = 'https://www.postgresql.org/docs/current/view-pg-settings.html';

export const GUC_CONTEXTS: readonly GucContextInfo[] = [
  { id: 'internal', c: 'PGC_INTERNAL', pgrx: 'Internal', preloadOnly: false,
    summary: 'Cannot be set by users at all; reports a value fixed at build or start time (e.g. server_version).' },
  { id: 'postmaster', c: 'PGC_POSTMASTER', pgrx: 'Postmaster', preloadOnly: true,
    summary: 'Set only in postgresql.conf or on the server command line; a change needs a server restart. A custom variable of this context can only be defined while shared_preload_libraries is processed: defining it later FATALs with "cannot create PGC_POSTMASTER variables after startup".' },
  { id: 'sighup', c: 'PGC_SIGHUP', pgrx: 'Sighup', preloadOnly: false,
    summary: 'Set in postgresql.conf or on the command line; a reload (SIGHUP, pg_reload_conf()) applies changes to every session. Cannot be set per session.' },
  { id: 'su_backend', c: 'PGC_SU_BACKEND', pgrx: 'SuBackend', preloadOnly: false,
    summary: 'Set at connection start (startup packet, ALTER ROLE/DATABASE SET) by superusers or roles granted SET; fixed for the rest of the session.' },
  { id: 'backend', c: 'PGC_BACKEND', pgrx: 'Backend', preloadOnly: false,
    summary: 'Set at connection start by any user (startup packet, ALTER ROLE/DATABASE SET); fixed for the rest of the session.' },
  { id: 'suset', c: 'PGC_SUSET', pgrx: 'Suset', preloadOnly: false,
    summary: 'Set at any time with SET by superusers (or roles granted SET on the parameter); also in postgresql.conf.' },
  { id: 'userset', c: 'PGC_USERSET', pgrx: 'Userset', preloadOnly: false,
    summary: 'Set at any time with SET by any user; also in postgresql.conf and per role or database.' },
];

export function gucContextOf(spelling: string | undefined): GucContextInfo | undefined {
  if (!spelling) return undefined;
  return GUC_CONTEXTS.find((c) => c.c === spelling || c.pgrx === spelling);
}
