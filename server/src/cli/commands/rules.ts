import { ALL_RULE_META } from '../../analysis/rules';
import { EXIT, parseOptions, UsageError, type Command } from '../command';

export const rules: Command = {
  name: 'rules',
  summary: 'list the rules with their default severity and category',
  help: `usage: pgext-lint rules

Lists every rule: id, default severity, category and what it finds.
\`pgext-lint explain RULE\` prints a rule's documentation.
`,
  async run(args, io) {
    const { positionals } = parseOptions(args, {});
    if (positionals.length) throw new UsageError('rules takes no arguments');
    const width = (key: 'id' | 'defaultSeverity' | 'category') => Math.max(...ALL_RULE_META.map((r) => r[key].length));
    const [id, severity, category] = [width('id'), width('defaultSeverity'), width('category')];
    for (const r of ALL_RULE_META) {
      io.out(`${r.id.padEnd(id)}  ${r.defaultSeverity.padEnd(severity)}  ${r.category.padEnd(category)}  ${r.summary}\n`);
    }
    return EXIT.clean;
  },
};
