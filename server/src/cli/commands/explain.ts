import { readFileSync } from 'node:fs';
import { nearestName } from '../../analysis/frontends/control/nearestName';
import { docsUrl, RULE_IDS, ruleMeta } from '../../analysis/rules';
import { EXIT, parseOptions, UsageError, type Command } from '../command';
import { rulePagePath } from '../package';

export const explain: Command = {
  name: 'explain',
  summary: "print a rule's documentation: what it finds, why, examples, fixes",
  help: `usage: pgext-lint explain RULE

Prints the documentation page of RULE (see \`pgext-lint rules\` for the ids).
`,
  async run(args, io) {
    const { positionals } = parseOptions(args, {});
    if (positionals.length !== 1) throw new UsageError('explain takes one rule id, e.g. pgext-lint explain hook-not-chained');
    const id = positionals[0];
    const meta = ruleMeta(id);
    if (!meta) {
      const meant = nearestName(id, RULE_IDS);
      throw new UsageError(`unknown rule "${id}" (${meant ? `did you mean "${meant}"?` : 'run `pgext-lint rules` for the list'})`);
    }
    let page: string;
    try {
      page = readFileSync(rulePagePath(id), 'utf8');
    } catch {
      // a broken installation should still answer with what the binary knows
      io.err(`pgext-lint: the documentation page of ${id} is missing from this installation\n`);
      page = `# ${id}\n\n${meta.summary}\n\nDefault severity: ${meta.defaultSeverity}. Documentation: ${docsUrl(id)}\n`;
    }
    io.out(page.endsWith('\n') ? page : `${page}\n`);
    return EXIT.clean;
  },
};
