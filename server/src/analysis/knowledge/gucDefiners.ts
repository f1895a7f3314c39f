/**
 * Functions that define custom GUCs, with where their name and context arguments are.
 * `contextArg: 'any'` means the context may be at any position (pgrx's builder signatures changed
 * across versions), recognised by its value.
 */
export interface GucDefiner {
  callee: string;
  kind: 'bool' | 'int' | 'real' | 'string' | 'enum';
  nameArg: number;
  contextArg: number | 'any';
}

export const GUC_DEFINERS: readonly GucDefiner[] = [
  { callee: 'DefineCustomBoolVariable', kind: 'bool', nameArg: 0, contextArg: 5 },
  { callee: 'DefineCustomIntVariable', kind: 'int', nameArg: 0, contextArg: 7 },
  { callee: 'DefineCustomRealVariable', kind: 'real', nameArg: 0, contextArg: 7 },
  { callee: 'DefineCustomStringVariable', kind: 'string', nameArg: 0, contextArg: 5 },
  { callee: 'DefineCustomEnumVariable', kind: 'enum', nameArg: 0, contextArg: 6 },
  ...(['bool', 'int', 'float', 'string', 'enum'] as const).flatMap((k) =>
    ['', '_with_hooks'].map((suffix) => ({
      callee: `define_${k}_guc${suffix}`,
      kind: k === 'float' ? ('real' as const) : k,
      nameArg: 0,
      contextArg: 'any' as const,
    })),
  ),
];

export const GUC_DEFINER_BY_CALLEE: ReadonlyMap<string, GucDefiner> = new Map(GUC_DEFINERS.map((d) => [d.callee, d]));
