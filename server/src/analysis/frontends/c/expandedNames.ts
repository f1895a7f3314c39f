import { identifiersOf } from '../../syntax/identifiers';
import type { Macros } from './variants';

/**
 * The identifiers a piece of code can put into the IR: its own, and those of the project macros it
 * names, transitively (the extraction expands them). Undefined when one of those macros pastes tokens
 * (`prev_##hook`): the names it makes cannot be read from the text.
 */
export function expandedNames(code: string, macros: Macros): ReadonlySet<string> | undefined {
  const names = identifiersOf(code);
  const queue = [...names];
  for (let i = 0; i < queue.length; i++) {
    const id = queue[i];
    for (const body of [macros.object.get(id), macros.func.get(id)?.body]) {
      if (body === undefined) continue;
      if (body.includes('##')) return undefined;
      for (const n of identifiersOf(body)) {
        if (names.has(n)) continue;
        names.add(n);
        queue.push(n);
      }
    }
  }
  return names;
}
