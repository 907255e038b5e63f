// The proof that the exported policies and the engine agree: on a text, the objects the policies deny
// are exactly those on which the engine reports an error for an exported rule.

import type { ResolvedConfig } from '../config/model.ts';
import { resolveTargets } from '../config/targets.ts';
import { parseManifest } from '../documents/yaml.ts';
import { checkText } from '../engine/check.ts';
import type { Rule } from '../rules/rule.ts';
import { deniedBy, evaluatePolicies } from './evaluate.ts';
import { objectJson } from './object-json.ts';
import { approvedPortsConfigMap, exportPolicies } from './policies.ts';

export interface Disagreement {
  object: string;
  rule: string;
  /** Which side says so: the engine reports an error the policies let through, or the reverse. */
  side: 'engine only' | 'policy only';
  detail: string;
}

export interface CompareOptions {
  config: ResolvedConfig;
  now: Date;
  targets?: readonly string[];
  rules: readonly Rule[];
  /**
   * The port requests the sysadmins approved: the engine reads them as `check --cluster` does, the
   * policies as the approved-ports ConfigMap (their params). None when not given.
   */
  approvedPorts?: readonly string[];
}

/**
 * Compares engine and policies on every object of a manifest text that the API server would take as
 * written (no input/ problem and no removed API in its range), for each target on its own: the
 * engine checking for that one cluster, the policies exported for it. Comments are invisible to the
 * cluster, so a finding suppressed only by a `# lsst-ignore` comment counts as reported.
 */
export function compareWithEngine(
  text: string,
  options: CompareOptions,
): { disagreements: Disagreement[]; objects: number } {
  const disagreements: Disagreement[] = [];
  let objects = 0;
  for (const target of resolveTargets(options.config, options.targets ? { targets: options.targets } : {})) {
    const one = compareOnTarget(text, options, target);
    disagreements.push(...one.disagreements);
    objects += one.objects;
  }
  return { disagreements, objects };
}

function compareOnTarget(
  text: string,
  options: CompareOptions,
  target: ReturnType<typeof resolveTargets>[number],
): { disagreements: Disagreement[]; objects: number } {
  const names = new Set(options.rules.map((rule) => rule.name));
  const approved = options.approvedPorts ?? [];
  const result = checkText(
    { path: 'manifest.yaml', text, kind: 'manifest' },
    {
      config: options.config,
      now: options.now,
      targets: [target.name],
      portRequests: new Map(approved.map((id) => [id, { status: 'approved' as const }])),
    },
  );
  const exported = exportPolicies({
    config: options.config,
    target: { ...target, kubernetesVersion: '1.31' },
    rules: options.rules,
    action: 'deny',
    now: options.now,
  });
  const params = [
    {
      ...approvedPortsConfigMap(options.config.portRequests.namespace),
      data: Object.fromEntries(approved.map((id) => [id, 'approved'])),
    },
  ];
  const disagreements: Disagreement[] = [];
  let objects = 0;
  for (const document of parseManifest(text, options.config.limits).documents) {
    if (document.problems.length > 0) continue;
    for (const object of document.objects) {
      if (object.apiVersion === undefined || object.kind === undefined) continue;
      const inside = result.findings.filter(
        (finding) => finding.range[0] >= object.range[0] && finding.range[0] <= object.range[1],
      );
      const refusedAnyway = inside.some(
        (finding) =>
          finding.rule.startsWith('input/') || (finding.rule === 'cluster/api-version' && finding.severity === 'error'),
      );
      if (refusedAnyway) continue;
      objects++;
      const engine = new Set(
        inside
          .filter(
            (finding) =>
              names.has(finding.rule) &&
              finding.severity === 'error' &&
              (!finding.suppression || finding.suppression.kind === 'inline' || finding.suppression.kind === 'file'),
          )
          .map((finding) => finding.rule),
      );
      const verdicts = deniedBy(evaluatePolicies(exported.objects, { object: objectJson(object), params }));
      const policy = new Set(verdicts.map((verdict) => verdict.rule));
      const label = `${object.kind} "${object.name ?? '(no name)'}"${object.namespace ? ` in ${object.namespace}` : ''} (document ${document.index + 1}, cluster ${target.name})`;
      for (const rule of engine) {
        if (!policy.has(rule)) {
          const messages = inside.filter((finding) => finding.rule === rule).map((finding) => finding.message);
          disagreements.push({ object: label, rule, side: 'engine only', detail: messages.join(' | ') });
        }
      }
      for (const rule of policy) {
        if (!engine.has(rule)) {
          const messages = verdicts.filter((verdict) => verdict.rule === rule).map((verdict) => verdict.message);
          disagreements.push({ object: label, rule, side: 'policy only', detail: messages.join(' | ') });
        }
      }
    }
  }
  return { disagreements, objects };
}
