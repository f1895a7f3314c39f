import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HOOKS, hookLabel, hookNamed, signatureOn } from '../../server/src/analysis/knowledge/hooks';

const existingOn = (v: number) => HOOKS.filter((h) => signatureOn(h, v)).map((h) => h.name);

test('PostgreSQL 18 has 34 hook variables and 17 has 31 (the three EXPLAIN hooks are new in 18)', () => {
  assert.equal(existingOn(18).length, 34);
  assert.equal(existingOn(17).length, 31);
  assert.deepEqual(
    existingOn(18).filter((h) => !existingOn(17).includes(h)).sort(),
    ['explain_per_node_hook', 'explain_per_plan_hook', 'explain_validate_options_hook'],
  );
});

test('every hook has one signature for each version from its first one to 18', () => {
  for (const h of HOOKS) {
    for (let v = 13; v <= 18; v++) {
      const found = h.signatures.filter((s) => s.from <= v && (s.to === undefined || v <= s.to));
      assert.equal(found.length, v >= h.since ? 1 : 0, `${h.name} on ${v}`);
    }
  }
});

test('irregular type names are kept as PostgreSQL spells them', () => {
  assert.equal(hookNamed('ldap_password_hook')?.type, 'auth_password_hook_typ');
  assert.equal(hookNamed('openssl_tls_init_hook')?.type, 'openssl_tls_init_hook_typ');
  assert.equal(hookNamed('object_access_hook_str')?.type, 'object_access_hook_type_str');
  assert.equal(hookNamed('row_security_policy_hook_restrictive')?.type, 'row_security_policy_hook_type');
});

test('signatures follow the version changes: execute_once gone in 18, readOnlyTree and JumbleState from 14', () => {
  const names = (hook: string, v: number) => signatureOn(hookNamed(hook)!, v)!.params.map((p) => p.name);
  assert.deepEqual(names('ExecutorRun_hook', 17), ['queryDesc', 'direction', 'count', 'execute_once']);
  assert.deepEqual(names('ExecutorRun_hook', 18), ['queryDesc', 'direction', 'count']);
  assert.ok(!names('ProcessUtility_hook', 13).includes('readOnlyTree'));
  assert.equal(names('ProcessUtility_hook', 14)[2], 'readOnlyTree');
  assert.deepEqual(names('post_parse_analyze_hook', 13), ['pstate', 'query']);
  assert.deepEqual(names('post_parse_analyze_hook', 14), ['pstate', 'query', 'jstate']);
  assert.deepEqual(names('ExecutorCheckPerms_hook', 16), ['rangeTable', 'rtePermInfos', 'ereport_on_violation']);
});

test('only the eight hooks with a standard_ function have a fallback', () => {
  assert.deepEqual(
    HOOKS.filter((h) => h.standard).map((h) => h.standard).sort(),
    ['standard_ExecutorEnd', 'standard_ExecutorFinish', 'standard_ExecutorRun', 'standard_ExecutorStart', 'standard_ExplainOneQuery', 'standard_ProcessUtility', 'standard_join_search', 'standard_planner'],
  );
});

test('messages name a hook by what it hooks', () => {
  assert.equal(hookLabel(hookNamed('ExecutorStart_hook')!), 'ExecutorStart hook');
  assert.equal(hookLabel(hookNamed('row_security_policy_hook_permissive')!), 'row_security_policy_hook_permissive');
});
