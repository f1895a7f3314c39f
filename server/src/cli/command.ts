import { parseArgs, type ParseArgsConfig } from 'node:util';
import { nearestName } from '../analysis/frontends/control/nearestName';

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

/**
 * Bad arguments or configuration: the message goes to stderr and the exit status is 2. `showUsage`
 * adds the command's usage after it, for command lines that are malformed rather than wrong in content.
 */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly showUsage = false,
  ) {
    super(message);
  }
}

export const EXIT = { clean: 0, findingsAtFailLevel: 1, usage: 2 } as const;

type Options = NonNullable<ParseArgsConfig['options']>;

/** Understood by every command (main.ts answers them before the command runs). */
export const GLOBAL_OPTIONS = { help: { type: 'boolean', short: 'h' }, version: { type: 'boolean', short: 'V' } } as const;

/**
 * node's parseArgs, strict, with a malformed command line reported in one line of our own (unknown
 * option with the nearest known one, missing or unexpected value) instead of node's message.
 */
export function parseOptions<const O extends Options>(args: string[], commandOptions: O) {
  const options = { ...GLOBAL_OPTIONS, ...commandOptions };
  const { tokens } = parseArgs({ args, options, allowPositionals: true, strict: false, tokens: true });
  for (const token of tokens) {
    if (token.kind !== 'option') continue;
    const problem = optionProblem(token, options);
    if (problem) throw new UsageError(problem, true);
  }
  return parseArgs({ args, options, allowPositionals: true, strict: true });
}

type OptionToken = { name: string; rawName: string; value?: string; inlineValue?: boolean };

function optionProblem({ name, rawName, value, inlineValue }: OptionToken, options: Options): string | undefined {
  const option = options[name];
  if (!option) {
    const longNames = Object.keys(options);
    const meant = rawName.startsWith('--') ? nearestName(name, longNames) : undefined;
    return `unknown option ${rawName}${meant ? ` (did you mean --${meant}?)` : ''}`;
  }
  if (option.type === 'boolean') return inlineValue ? `${rawName} takes no value` : undefined;
  if (value === undefined) return `${rawName} needs a value`;
  // `--format --rule x`: node would take `--rule` as the format; nobody means that
  if (!inlineValue && value.startsWith('-') && value !== '-') {
    return `${rawName} needs a value (found the option ${value}; write ${rawName}=${value} if that is the value)`;
  }
  return undefined;
}
