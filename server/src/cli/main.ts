import { parseArgs } from 'node:util';
import { EXIT, parseOptions, UsageError, type CliIO } from './command';
import { COMMANDS } from './commands';
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

/** `--help` anywhere after the command, whatever else the command line holds. */
function asksForHelp(args: string[]): boolean {
  return parseArgs({ args, options: { help: { type: 'boolean', short: 'h' } }, strict: false, allowPositionals: true }).values.help === true;
}

/** Runs one command line and resolves to the exit status; all output goes through `io`. */
export async function run(argv: string[], io: CliIO): Promise<number> {
  try {
    const [name, ...rest] = argv;
    if (name === undefined || name.startsWith('-')) {
      const { values } = parseOptions(argv, { help: { type: 'boolean', short: 'h' }, version: { type: 'boolean', short: 'V' } });
      if (values.version) io.out(`${PACKAGE_VERSION}\n`);
      else if (values.help) io.out(globalHelp());
      else {
        io.err(globalHelp());
        return EXIT.usage;
      }
      return EXIT.clean;
    }
    const command = COMMANDS.find((c) => c.name === name);
    if (!command) throw new UsageError(`unknown command "${name}" (commands: ${COMMANDS.map((c) => c.name).join(', ')})`);
    if (asksForHelp(rest)) {
      io.out(command.help);
      return EXIT.clean;
    }
    return await command.run(rest, io);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.err(e.message.split('\n').map((line) => `pgext-lint: ${line}\n`).join(''));
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
