import { isScalar } from 'yaml';
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
