import { gcc } from './gcc';
import { json } from './json';
import type { Formatter } from './report';
import { sarif } from './sarif/index';
import { text } from './text';

/** The output formats of `pgext-lint check --format`, by name. */
export const FORMATS: Readonly<Record<string, Formatter>> = { text, json, sarif, gcc };
