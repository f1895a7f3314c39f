import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readMakefile, UNRESOLVED } from '../../server/src/analysis/frontends/control/makefile';

const MAKEFILE = [
  '# contrib/demo/Makefile',
  'EXTENSION = demo',
  'EXTVERSION = $(shell grep default_version $(EXTENSION).control | \\',
  "\tsed -e \"s/default_version[[:space:]]*=[[:space:]]*'\\([^']*\\)'/\\1/\")",
  'MODULE_big = $(EXTENSION)',
  'MODULES = demo_extra \\',
  '          demo_tools',
  'override CPPFLAGS += -I$(srcdir)/include',
  'DATA_built = sql/${EXTENSION}--$(EXTVERSION).sql',
  'NAME ?= ignored_if_set',
  'NAME ?= second',
  'SUBDIRS += one',
  'SUBDIRS += two',
  '',
  'define HELP',
  'MODULES = not_a_module',
  'endef',
  '',
  'ifdef USE_PGXS',
  'PGXS := $(shell $(PG_CONFIG) --pgxs)',
  'include $(PGXS)',
  'else',
  'include $(top_srcdir)/contrib/contrib-global.mk',
  'endif',
  '',
  'sql/$(EXTENSION)--$(EXTVERSION).sql: sql/$(EXTENSION).sql # copy',
  '\tcp $< $@',
  '.PHONY: dist',
  'dist:',
  '\tgit archive --output $(EXTENSION).zip HEAD',
].join('\n');

test('reads assignments over continuation lines, skipping define blocks and recipes', () => {
  const mk = readMakefile(MAKEFILE);
  assert.deepEqual(
    mk.assignments.map((a) => a.name),
    ['EXTENSION', 'EXTVERSION', 'MODULE_big', 'MODULES', 'CPPFLAGS', 'DATA_built', 'NAME', 'NAME', 'SUBDIRS', 'SUBDIRS', 'PGXS'],
  );
  assert.equal(mk.assignments.find((a) => a.name === 'MODULES')?.value, 'demo_extra demo_tools');
});

test('expands the file\'s own variables and marks what make would compute', () => {
  const mk = readMakefile(MAKEFILE);
  assert.equal(mk.expand('$(EXTENSION)'), 'demo');
  assert.equal(mk.expand('${EXTENSION}.so'), 'demo.so');
  assert.equal(mk.expand('$(NAME)'), 'ignored_if_set');
  assert.equal(mk.expand('$(SUBDIRS)'), 'one two');
  assert.equal(mk.expand('sql/$(EXTENSION)--$(EXTVERSION).sql'), `sql/demo--${UNRESOLVED}.sql`);
  assert.equal(mk.expand('$(patsubst %.c,%,$(wildcard *.c))'), UNRESOLVED);
  assert.equal(mk.expand('$@ $$HOME'), `${UNRESOLVED} $HOME`);
  assert.equal(mk.expand('$(UNDEFINED_VAR)'), UNRESOLVED);
});

test('collects rule targets and includes, not special targets or recipe lines', () => {
  const mk = readMakefile(MAKEFILE);
  assert.deepEqual(mk.targets, ['sql/$(EXTENSION)--$(EXTVERSION).sql', 'dist']);
  assert.deepEqual(mk.includes, ['$(PGXS)', '$(top_srcdir)/contrib/contrib-global.mk']);
});

test('self-referencing variables do not loop', () => {
  const mk = readMakefile('A = $(B)\nB = $(A)\n');
  assert.equal(mk.expand('$(A)'), UNRESOLVED);
});

test('recipe outputs: redirections and the destination of cp/mv', () => {
  const mk = readMakefile([
    'all: sql',
    'sql:',
    '\tcat sql/types.sql sql/functions.sql > $(EXTENSION)--$(EXTVERSION).sql',
    '\t@cp sql/$(EXTENSION).sql sql/$(EXTENSION)--1.2.sql',
    '\techo done >> build.log; true',
  ].join('\n'));
  assert.deepEqual(mk.recipeOutputs, ['$(EXTENSION)--$(EXTVERSION).sql', 'sql/$(EXTENSION)--1.2.sql', 'build.log']);
});

test('evaluates text and file-name functions and substitution references over their expanded arguments', () => {
  const files: Record<string, string[]> = { 'src/*.c': ['src/bits.c', 'src/ops.c'], '*.h': ['bits.h'] };
  const mk = readMakefile(
    [
      'SRCS = $(wildcard src/*.c)',
      'OBJS = $(SRCS:.c=.o)',
      'PCT = $(SRCS:src/%.c=lib/%.so)',
      'NAMES = $(notdir $(basename $(SRCS)))',
    ].join('\n'),
    (pattern) => files[pattern] ?? [],
  );
  assert.equal(mk.expand('$(OBJS)'), 'src/bits.o src/ops.o');
  assert.equal(mk.expand('$(PCT)'), 'lib/bits.so lib/ops.so');
  assert.equal(mk.expand('$(NAMES)'), 'bits ops');
  assert.equal(mk.expand('$(patsubst src/%.c,%,$(SRCS))'), 'bits ops');
  assert.equal(mk.expand('$(addprefix obj/,$(addsuffix .o,$(NAMES)))'), 'obj/bits.o obj/ops.o');
  assert.equal(mk.expand('$(subst bits,bitset,$(NAMES))'), 'bitset ops');
  assert.equal(mk.expand('$(filter-out %ops.c,$(SRCS))'), 'src/bits.c');
  assert.equal(mk.expand('$(filter %.c %.h,$(SRCS) $(wildcard *.h) README)'), 'src/bits.c src/ops.c bits.h');
  assert.equal(mk.expand('$(dir $(SRCS)) $(suffix $(SRCS))'), 'src/ src/ .c .c');
  assert.equal(mk.expand('$(sort $(NAMES) bits) $(firstword $(NAMES))'), 'bits ops bits');
});

test('leaves unresolved what it cannot evaluate: unknown functions, unresolved arguments, unmatched wildcards', () => {
  const mk = readMakefile('SRCS = $(wildcard gen/*.c)\n', () => []);
  assert.equal(mk.expand('$(SRCS)'), UNRESOLVED);
  assert.equal(mk.expand('$(patsubst %.c,%,$(SRCS))'), UNRESOLVED);
  assert.equal(mk.expand('$(shell ls)'), UNRESOLVED);
  assert.equal(mk.expand('$(call f,x)'), UNRESOLVED);
  assert.equal(mk.expand('$(notdir $(OTHER))'), UNRESOLVED);
  assert.equal(mk.expand('$(OTHER:.c=.o)'), UNRESOLVED);
});
