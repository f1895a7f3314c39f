import { parseArgs, type ParseArgsConfig } from 'node:util';

/** Where a command writes; tests and the real process differ only here. */
export interface CliIO {
  cwd: string;
  out(text: string): void;
  err(text: string): void;
  /** stderr is a terminal (progress is shown only then) */
  errIsTTY: boolean;
}

/** A `pgext-lint <name>` subcommand. Adding one is a module exporting this and a line in commands/index.ts. */
export interface Command {
  name: string;
  /** one line for the command list of `pgext-lint --help` */
  summary: string;
  /** the text of `pgext-lint <name> --help` */
  help: string;
  /** resolves to the exit status */
  run(args: string[], io: CliIO): Promise<number>;
}

/** Bad arguments or configuration: the message goes to stderr and the exit status is 2. */
export class UsageError extends Error {}

export const EXIT = { clean: 0, errorsFound: 1, usage: 2 } as const;

/** node's parseArgs with its failures turned into usage errors. */
export function parseOptions<const O extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: O) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}
