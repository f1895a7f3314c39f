import type { Command } from '../command';
import { check } from './check';
import { explain } from './explain';
import { rules } from './rules';
import { preload } from './preload';

/** The subcommands of `pgext-lint`, in the order `--help` lists them. */
export const COMMANDS: readonly Command[] = [check, explain, rules, preload];
