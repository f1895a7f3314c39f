import { spawnSync, type ChildProcess, type SpawnSyncOptions } from 'node:child_process';
import { appendFileSync, chmodSync, chownSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import * as path from 'node:path';
import { whenThisProcessDies } from '../support/watchdog';

// A throwaway PostgreSQL 15 cluster: initdb in a temporary folder, run as an unprivileged system user,
// listening only on a Unix socket in a private folder, libraries loaded from a private folder through
// dynamic_library_path. Everything it makes is undone by destroy(), which also runs when the process
// exits on a failure or a signal.

export const PG_MAJOR = 15;
const BINDIR = `/usr/lib/postgresql/${PG_MAJOR}/bin`;
export const PG_CONFIG = path.join(BINDIR, 'pg_config');
/** The socket sits in a private folder, so no other server can hold this port's socket name. */
const PORT = 5432;
const SUPERUSER = 'postgres';

/** Who runs the server: root may not, so root hands it to the `postgres` account of Debian's package. */
interface RunAs {
  uid: number;
  gid: number;
  name: string;
}

export interface Psql {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** What this machine lacks to run a cluster, or undefined when it has everything. */
export function missingPrerequisite(): string | undefined {
  for (const tool of ['initdb', 'pg_ctl', 'psql', 'pg_config']) {
    if (!existsSync(path.join(BINDIR, tool))) return `${path.join(BINDIR, tool)} not found (apt-get install postgresql-${PG_MAJOR} postgresql-server-dev-${PG_MAJOR})`;
  }
  if (!existsSync(pgConfig('--pgxs'))) return `PGXS not found (apt-get install postgresql-server-dev-${PG_MAJOR})`;
  for (const tool of ['make', 'gcc']) {
    if (spawnSync(tool, ['--version']).status !== 0) return `${tool} not found (apt-get install ${tool})`;
  }
  if (process.getuid?.() === 0 && !runAs()) return 'running as root and there is no `postgres` system user to run the server as';
  return undefined;
}

export function pgConfig(flag: string): string {
  return spawnSync(PG_CONFIG, [flag], { encoding: 'utf8' }).stdout?.trim() ?? '';
}

function runAs(): RunAs | undefined {
  if (process.getuid?.() !== 0) {
    const me = userInfo();
    return { uid: me.uid, gid: me.gid, name: me.username };
  }
  const r = spawnSync('id', ['-u', SUPERUSER], { encoding: 'utf8' });
  const g = spawnSync('id', ['-g', SUPERUSER], { encoding: 'utf8' });
  if (r.status !== 0 || g.status !== 0) return undefined;
  return { uid: Number(r.stdout), gid: Number(g.stdout), name: SUPERUSER };
}

const live = new Set<Cluster>();
process.on('exit', () => {
  for (const c of live) c.destroy();
});

/**
 * When this process is killed: stop the server at once (SIGQUIT), remove what was installed into the
 * server's folders (listed in the manifest $3, newest last) and the cluster's folder $2.
 */
const CLEAN_UP_AFTER_KILL = `
[ -f "$2/data/postmaster.pid" ] && kill -QUIT "$(head -n 1 "$2/data/postmaster.pid")" 2>/dev/null && sleep 2
[ -f "$3" ] && tac "$3" | while IFS= read -r f; do rm -f "$f" 2>/dev/null || rmdir "$f"; done
rm -rf "$2" "$3"
`;

export class Cluster {
  readonly base: string;
  readonly data: string;
  /** dynamic_library_path points here: built libraries are copied in */
  readonly lib: string;
  readonly logFile: string;
  private readonly socket: string;
  private readonly user: RunAs;
  /** files and folders this cluster put into the server's own folders, removed by destroy() */
  private readonly installed: string[] = [];
  /** the same list on disk, for the watchdog (outside `base`, which it removes last) */
  private readonly manifest: string;
  private readonly watchdog: ChildProcess;

  private constructor(user: RunAs) {
    this.user = user;
    // not a tempDir(): the server's user must reach it, and that folder's parent is private to this
    // process's user; destroy() and the watchdog remove it instead
    this.base = mkdtempSync(path.join(tmpdir(), 'pgext-lint-pg-'));
    this.data = path.join(this.base, 'data');
    this.lib = path.join(this.base, 'lib');
    this.socket = path.join(this.base, 'socket');
    this.logFile = path.join(this.base, 'server.log');
    this.manifest = `${this.base}.installed`;
    live.add(this);
    this.watchdog = whenThisProcessDies(CLEAN_UP_AFTER_KILL, [this.base, this.manifest]);
  }

  /** initdb in a new temporary folder; throws with initdb's own output when that fails. */
  static create(): Cluster {
    const user = runAs();
    if (!user) throw new Error('no unprivileged user to run the server as');
    const c = new Cluster(user);
    try {
      for (const d of [c.lib, c.socket]) mkdirSync(d);
      writeFileSync(c.logFile, '');
      for (const p of [c.base, c.lib, c.socket, c.logFile]) chownSync(p, user.uid, user.gid);
      chmodSync(c.base, 0o755);
      const init = c.run(path.join(BINDIR, 'initdb'), ['-D', c.data, '-U', SUPERUSER, '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C']);
      if (init.status !== 0) throw new Error(`initdb failed:\n${init.stdout}${init.stderr}`);
      writeFileSync(
        path.join(c.data, 'postgresql.conf'),
        `${readFileSync(path.join(c.data, 'postgresql.conf'), 'utf8')}\n` +
          [
            "listen_addresses = ''",
            `unix_socket_directories = '${c.socket}'`,
            `port = ${PORT}`,
            `dynamic_library_path = '$libdir:${c.lib}'`,
            'fsync = off',
            'shared_buffers = 16MB',
            'max_connections = 20',
            // the default; the crash scenarios rely on the postmaster bringing the server back
            'restart_after_crash = on',
            "include_if_exists = 'scenario.conf'",
          ].join('\n') +
          '\n',
      );
      return c;
    } catch (e) {
      c.destroy();
      throw e;
    }
  }

  /**
   * Starts the server with these settings for this run (shared_preload_libraries, ...). Returns false,
   * leaving the reason in the log, when the server does not come up.
   */
  start(settings: Record<string, string> = {}): boolean {
    const conf = Object.entries(settings).map(([k, v]) => `${k} = '${v.replace(/'/g, "''")}'`).join('\n');
    const scenario = path.join(this.data, 'scenario.conf');
    writeFileSync(scenario, `${conf}\n`);
    chownSync(scenario, this.user.uid, this.user.gid);
    const r = this.run(path.join(BINDIR, 'pg_ctl'), ['-D', this.data, '-l', this.logFile, '-w', '-t', '30', 'start']);
    return r.status === 0;
  }

  stop(): void {
    if (!existsSync(path.join(this.data, 'postmaster.pid'))) return;
    this.run(path.join(BINDIR, 'pg_ctl'), ['-D', this.data, '-w', '-t', '30', '-m', 'fast', 'stop']);
  }

  /**
   * Stops the server, puts these built libraries where it loads them from, and starts it with
   * `preload` as shared_preload_libraries. Returns whether it came up.
   */
  serve(preload: string[], libraries: string[] = []): boolean {
    this.stop();
    for (const file of libraries) this.addLibrary(file);
    return this.start({ shared_preload_libraries: preload.join(', ') });
  }

  /** Runs SQL through psql as the superuser; `options` become PGOPTIONS (e.g. `-c session_preload_libraries=x`). */
  psql(sql: string, options = ''): Psql {
    const r = this.run(path.join(BINDIR, 'psql'), ['-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-h', this.socket, '-p', String(PORT), '-U', SUPERUSER, '-d', 'postgres', '-c', sql], {
      PGOPTIONS: options,
      PGCONNECT_TIMEOUT: '10',
    });
    return { status: r.status, stdout: r.stdout.toString(), stderr: r.stderr.toString() };
  }

  /** psql that must succeed: its output, trimmed. */
  query(sql: string, options = ''): string {
    const r = this.psql(sql, options);
    if (r.status !== 0) throw new Error(`psql failed (${r.status}) on ${sql}:\n${r.stderr}`);
    return r.stdout.trim();
  }

  /**
   * Waits until the server accepts connections again (after a backend crash the postmaster restarts
   * every backend). pg_isready runs no query, which a preloaded library could crash again.
   */
  waitReady(timeoutMs = 30000): void {
    const until = Date.now() + timeoutMs;
    for (;;) {
      if (this.run(path.join(BINDIR, 'pg_isready'), ['-q', '-h', this.socket, '-p', String(PORT), '-U', SUPERUSER, '-d', 'postgres']).status === 0) return;
      if (Date.now() > until) throw new Error(`the server did not come back within ${timeoutMs} ms:\n${this.log().slice(-2000)}`);
      spawnSync('sleep', ['0.2']);
    }
  }

  /** The server log from `from` (a length returned by logMark()) on. */
  log(from = 0): string {
    return readFileSync(this.logFile, 'utf8').slice(from);
  }

  logMark(): number {
    return statSync(this.logFile).size;
  }

  /**
   * Copies a built library into the folder dynamic_library_path names. Through a new file and a rename:
   * overwriting a library in place kills every process that has it mapped (SIGBUS).
   */
  addLibrary(file: string): void {
    const to = path.join(this.lib, path.basename(file));
    copyFileSync(file, `${to}.new`);
    chmodSync(`${to}.new`, 0o755);
    renameSync(`${to}.new`, to);
  }

  /**
   * Installs an extension's control file and scripts into the server's share folder, where CREATE
   * EXTENSION looks for them (PostgreSQL 15 has no other place); removeInstalled() takes them out.
   */
  installExtensionFiles(files: string[]): void {
    for (const f of files) this.install(f, path.join(pgConfig('--sharedir'), 'extension'));
  }

  /** Installs a library as `$libdir/plugins/<name>`, the only place local_preload_libraries loads from. */
  installPlugin(file: string, name: string): void {
    this.install(file, path.join(pgConfig('--pkglibdir'), 'plugins'), name);
  }

  /** Removes what install*() put into the server's folders, folders it created included. */
  removeInstalled(): void {
    for (const p of this.installed.splice(0).reverse()) {
      if (existsSync(p) && statSync(p).isDirectory()) rmdirSync(p);
      else rmSync(p, { force: true });
    }
    rmSync(this.manifest, { force: true });
  }

  private install(file: string, dir: string, name = path.basename(file)): void {
    if (!existsSync(dir)) {
      mkdirSync(dir);
      this.installed.push(dir);
      appendFileSync(this.manifest, `${dir}\n`);
    }
    const to = path.join(dir, name);
    if (existsSync(to) && !this.installed.includes(to)) throw new Error(`${to} exists already and is not ours: refusing to overwrite it`);
    copyFileSync(file, `${to}.new`);
    renameSync(`${to}.new`, to);
    if (!this.installed.includes(to)) {
      this.installed.push(to);
      appendFileSync(this.manifest, `${to}\n`);
    }
  }

  /** Stops the server at once and removes everything this cluster made. Safe to call twice. */
  destroy(): void {
    if (!live.has(this)) return;
    live.delete(this);
    try {
      if (existsSync(path.join(this.data, 'postmaster.pid'))) {
        this.run(path.join(BINDIR, 'pg_ctl'), ['-D', this.data, '-w', '-t', '30', '-m', 'immediate', 'stop']);
      }
    } finally {
      this.removeInstalled();
      rmSync(this.base, { recursive: true, force: true });
      this.watchdog.kill();
    }
  }

  private run(file: string, args: string[], env: Record<string, string> = {}) {
    const options: SpawnSyncOptions = {
      cwd: this.base,
      ...(process.getuid?.() === 0 ? { uid: this.user.uid, gid: this.user.gid } : {}),
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: this.base, LANG: 'C', LC_ALL: 'C', ...env },
      timeout: 60000,
    };
    const r = spawnSync(file, args, options);
    return { status: r.status, stdout: r.stdout?.toString() ?? '', stderr: r.stderr?.toString() ?? '' };
  }
}
