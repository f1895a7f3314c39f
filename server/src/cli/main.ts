import { parseArgs } from 'node:util';
import { EXIT, GLOBAL_OPTIONS, parseOptions, UsageError, type CliIO, type Command } from './command';
import { COMMANDS } from './commands/index';
import { PACKAGE_VERSION } from './package';

function globalHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return `usage: pgext-lint <command> [options]

Finds load-time bugs in PostgreSQL extensions written in C or Rust/pgrx.

commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n')}

options:
  -h, --help     show this help (\`pgext-lint <command> --help\` for a command's options)
  -V, --version  print the version
`;
}

/** `--help` or `--version` anywhere after the command, whatever else the command line holds. */
function globalFlags(args: string[]): { help: boolean; version: boolean } {
  const { values } = parseArgs({ args, options: GLOBAL_OPTIONS, strict: false, allowPositionals: true });
  return { help: values.help === true, version: values.version === true };
}

/** After a malformed command line: the usage line and where the options are described (as clap-based tools do). */
function shortUsage(command: Command | undefined): string {
  const usage = (command ? command.help : globalHelp()).split('\n')[0];
  return `${usage}\nrun \`pgext-lint ${command ? `${command.name} ` : ''}--help\` for the options\n`;
}

/** Runs one command line and resolves to the exit status; all output goes through `io`. */
export async function run(argv: string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  const command = COMMANDS.find((c) => c.name === name);
  try {
    if (name === undefined || name.startsWith('-')) {
      const { values } = parseOptions(argv, GLOBAL_OPTIONS);
      if (values.version) io.out(`${PACKAGE_VERSION}\n`);
      else if (values.help) io.out(globalHelp());
      else {
        io.err(globalHelp());
        return EXIT.usage;
      }
      return EXIT.clean;
    }
    if (!command) throw new UsageError(`unknown command "${name}" (commands: ${COMMANDS.map((c) => c.name).join(', ')})`);
    const { help, version } = globalFlags(rest);
    if (help || version) {
      io.out(help ? command.help : `${PACKAGE_VERSION}\n`);
      return EXIT.clean;
    }
    return await command.run(rest, io);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.err(e.message.split('\n').map((line) => `pgext-lint: ${line}\n`).join(''));
    if (e.showUsage) io.err(shortUsage(command));
    return EXIT.usage;
  }
}

/** The process entry point used by bin/pgext-lint.js. */
export function main(): void {
  const io: CliIO = {
    cwd: process.cwd(),
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    errIsTTY: process.stderr.isTTY === true,
  };
  // `pgext-lint check | head` closes stdout early: that is the reader's choice, not a crash
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
    process.exit(process.exitCode ?? EXIT.clean);
  });
  run(process.argv.slice(2), io).then(
    (status) => {
      process.exitCode = status;
    },
    (e: unknown) => {
      process.stderr.write(`pgext-lint: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exitCode = EXIT.usage;
    },
  );
}
