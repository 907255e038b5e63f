import { compileGlobs } from '../../config/glob.ts';
import type { FileSetConfig } from '../../config/model.ts';
import { defineRule } from '../rule.ts';
import {
  containerField,
  containerLabel,
  fileSetOf,
  isPathUnder,
  type PodHostVolume,
  podHostVolumes,
  volumeLabel,
} from './volumes.ts';

/** Developers' home directories on lsst-dev: science users "have no visibility to /home" (1.2.5). */
const developerHomes = '/home';

const matchersByPatterns = new WeakMap<readonly string[], (namespace: string) => boolean>();

/** Whether a namespace matches the configured science-user globs (`namespaces.science`). */
export function isScienceNamespace(namespace: string | undefined, patterns: readonly string[]): boolean {
  if (namespace === undefined || patterns.length === 0) return false;
  let matcher = matchersByPatterns.get(patterns);
  if (!matcher) {
    matcher = compileGlobs(patterns);
    matchersByPatterns.set(patterns, matcher);
  }
  return matcher(namespace);
}

export const filesetsAudience = defineRule({
  name: 'filesets/audience',
  guideline: '1.2.5',
  description:
    'Science-user namespaces mount no developer file sets (/scratch, /software) nor /home; /project and /jhome are mounted per group or user, not whole.',
  defaultSeverity: 'error',
  appliesTo: ['manifest'],
  fixable: false,
  checkManifest(context) {
    const fileSets = context.config.fileSets;
    const namespace = context.object.namespace;
    const science = isScienceNamespace(namespace, context.config.namespaces.science);
    for (const volume of podHostVolumes(context)) {
      const forbidden = science ? developerOnlyPath(volume, fileSets) : undefined;
      if (forbidden) {
        context.report({
          range: volume.pathRange,
          message: `Namespace "${namespace}" is for science users, who have no access to ${forbidden}, but the pod mounts ${volumeLabel(volume)}. Remove the volume from this workload, or deploy it in a developers' namespace.`,
        });
      }
      for (const mount of volume.mounts) {
        if (mount.subPathExpr) continue;
        const match = fileSetOf(mount.path, fileSets);
        const scope = match?.below === '' ? match.fileSet.scope : undefined;
        if (!match || (scope !== 'group' && scope !== 'user')) continue;
        const unit = scope;
        context.report({
          range: mount.headRange,
          severity: 'warning',
          message: `Container ${containerLabel(mount.container)} mounts the whole of ${match.fileSet.path} through ${volumeLabel(volume)}, but access to ${match.fileSet.path} is per ${unit}: the pod would see every ${unit}'s directories. Mount the ${unit}'s directory: a deeper path, or subPath/subPathExpr (e.g. subPathExpr: $(USER)).`,
          ...containerField(mount.container),
        });
      }
    }
  },
});

/** The developers-only file set (or /home) the volume or one of its mounts reaches, if any. */
function developerOnlyPath(volume: PodHostVolume, fileSets: readonly FileSetConfig[]): string | undefined {
  for (const path of [volume.path, ...volume.mounts.map((mount) => mount.path)]) {
    const match = fileSetOf(path, fileSets);
    if (match?.fileSet.audience === 'developers') return match.fileSet.path;
    if (!match && isPathUnder(path, developerHomes)) return developerHomes;
  }
  return undefined;
}
