import { isScalar } from 'yaml';
import { celString, pathsUnderPattern } from '../../admission/cel-text.ts';
import type { AdmissionForm } from '../../admission/form.ts';
import type { FileSetConfig } from '../../config/model.ts';
import { nodeRange, pairRange } from '../../documents/yaml.ts';
import { addMapEntry } from '../../fix/yaml-edit.ts';
import type { Fix, OffsetRange } from '../../types.ts';
import { defineRule } from '../rule.ts';
import { containerField, containerLabel, fileSetOf, podHostVolumes, type VolumeMount, volumeLabel } from './volumes.ts';

export const filesetsReadOnly = defineRule({
  name: 'filesets/read-only',
  guideline: '1.2.5',
  description:
    'Read-only file sets (/datasets, /software, /project/shared by default) are mounted with readOnly: true.',
  defaultSeverity: 'error',
  appliesTo: ['manifest'],
  fixable: true,
  admission: admissionForm(),
  checkManifest(context) {
    for (const volume of podHostVolumes(context)) {
      for (const mount of volume.mounts) {
        if (mount.readOnly) continue;
        const match = fileSetOf(mount.path, context.config.fileSets);
        if (match?.fileSet.access !== 'read-only') continue;
        context.report({
          range: findingRange(mount),
          message: `Container ${containerLabel(mount.container)} mounts ${volumeLabel(volume)}${mount.subPath ? ` at subPath "${mount.subPath}"` : ''} writable, but ${match.fileSet.path} is a read-only file set: the data in it is shared and must not be changed from a pod. Add readOnly: true to the volumeMount.`,
          fix: readOnlyFix(context.text, mount),
          ...containerField(mount.container),
        });
      }
    }
  },
});

/** An explicit `readOnly: false` is the wrong node; otherwise the mount that lacks the key. */
function findingRange(mount: VolumeMount): OffsetRange {
  return mount.readOnlyPair ? pairRange(mount.readOnlyPair) : mount.headRange;
}

function readOnlyFix(text: string, mount: VolumeMount): Fix {
  const pair = mount.readOnlyPair;
  if (pair) {
    // `readOnly: false`, or a key with no value: change that entry rather than add a second one.
    const edit =
      isScalar(pair.value) && pair.value.value !== null
        ? { range: nodeRange(pair.value), text: 'true' }
        : { range: pairRange(pair), text: 'readOnly: true' };
    return { description: 'Set readOnly: true on the volumeMount', edits: [edit] };
  }
  return {
    description: 'Add readOnly: true to the volumeMount',
    edits: [addMapEntry(text, mount.map, 'readOnly', ['true'])],
  };
}

/** CEL: the path (a CEL string) is in a read-only file set, the most specific file set holding it deciding. */
function readOnlyPath(path: string, fileSets: readonly FileSetConfig[]): string {
  const under = (root: string) => `${path}.matches(${celString(pathsUnderPattern([root]))})`;
  const writable = fileSets.filter((fileSet) => fileSet.access !== 'read-only');
  const parts = fileSets
    .filter((fileSet) => fileSet.access === 'read-only')
    .map((fileSet) => {
      const root = fileSet.path.replace(/\/+$/, '');
      const deeper = writable.filter((other) => other.path.replace(/\/+$/, '').startsWith(`${root}/`));
      return `(${[under(fileSet.path), ...deeper.map((other) => `!${under(other.path)}`)].join(' && ')})`;
    });
  return parts.length === 0 ? 'false' : `(${parts.join(' || ')})`;
}

/** The same decision in CEL: each container's mounts of hostPath and NFS volumes, by the mount's path. */
function admissionForm(): AdmissionForm {
  const hostVolume =
    '(has(v.name) && v.name == m.name && (has(v.hostPath) ? has(v.hostPath.path) : (has(v.nfs) && has(v.nfs.path))))';
  const volume = `variables.podSpec.volumes.filter(v, ${hostVolume})[0]`;
  return {
    match: 'workloads',
    checks: [
      {
        severity: 'error',
        expression: (scope) => {
          const sourcePath = `(has(${volume}.hostPath) ? ${volume}.hostPath.path : ${volume}.nfs.path)`;
          const sourceReadOnly = `(!has(${volume}.hostPath) && has(${volume}.nfs.readOnly) && ${volume}.nfs.readOnly == true)`;
          const mountPath = `((has(m.subPathExpr) && m.subPathExpr != '') || !has(m.subPath) || m.subPath == '' ? ${sourcePath} : ${sourcePath} + '/' + m.subPath)`;
          const mountReadOnly = `((has(m.readOnly) && m.readOnly == true) || ${sourceReadOnly})`;
          const judged = `!has(m.name) || !has(variables.podSpec.volumes) || !variables.podSpec.volumes.exists(v, ${hostVolume}) || ${mountReadOnly} || !${readOnlyPath(mountPath, scope.config.fileSets)}`;
          return `variables.containers.all(c, ${scope.containerSuppressed('c')} || !has(c.volumeMounts) || c.volumeMounts.all(m, ${judged}))`;
        },
        message:
          'A container mounts a read-only file set writable: the data in it is shared and must not be changed from a pod. Add readOnly: true to the volumeMount.',
      },
    ],
  };
}
