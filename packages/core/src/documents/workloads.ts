// Every pod spec and every container of every workload kind, with paths and ranges.
import { isMap, type YAMLMap } from 'yaml';
import type { OffsetRange } from '../types.ts';
import { getMap, getSeq, headRange, type KubeObject, nodeRange, stringAt } from './yaml.ts';

/** Where the pod spec sits in each workload kind. */
const podSpecPaths: Readonly<Record<string, readonly string[]>> = {
  Pod: ['spec'],
  Deployment: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  ReplicationController: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
  PodTemplate: ['template', 'spec'],
};

export interface PodSpecRef {
  object: KubeObject;
  spec: YAMLMap;
  path: readonly string[];
  /** The pod template's metadata (the object's own for a Pod), when present. */
  metadata?: YAMLMap;
}

export type ContainerGroup = 'containers' | 'initContainers' | 'ephemeralContainers';
export const containerGroups: readonly ContainerGroup[] = ['containers', 'initContainers', 'ephemeralContainers'];

export interface ContainerRef {
  pod: PodSpecRef;
  map: YAMLMap;
  name?: string;
  group: ContainerGroup;
  index: number;
  path: ReadonlyArray<string | number>;
  range: OffsetRange;
  /** The container's first line (`- name: app`): where findings about something missing point. */
  headRange: OffsetRange;
}

export function podSpecOf(object: KubeObject): PodSpecRef | undefined {
  const path = object.kind === undefined ? undefined : podSpecPaths[object.kind];
  if (!path) return undefined;
  const spec = getMap(object.map, ...path);
  if (!spec) return undefined;
  const metadataPath = object.kind === 'Pod' ? ['metadata'] : [...path.slice(0, -1), 'metadata'];
  const pod: PodSpecRef = { object, spec, path };
  const metadata = getMap(object.map, ...metadataPath);
  if (metadata) pod.metadata = metadata;
  return pod;
}

export function containersOf(pod: PodSpecRef, text: string): ContainerRef[] {
  const found: ContainerRef[] = [];
  for (const group of containerGroups) {
    const seq = getSeq(pod.spec, group);
    if (!seq) continue;
    seq.items.forEach((item, index) => {
      if (!isMap(item)) return;
      const container: ContainerRef = {
        pod,
        map: item,
        group,
        index,
        path: [...pod.path, group, index],
        range: nodeRange(item),
        headRange: headRange(item, text),
      };
      const name = stringAt(item, 'name');
      if (name !== undefined) container.name = name;
      found.push(container);
    });
  }
  return found;
}

/** Every container of an object, across its pod spec; empty for non-workloads. */
export function allContainers(object: KubeObject, text: string): ContainerRef[] {
  const pod = podSpecOf(object);
  return pod ? containersOf(pod, text) : [];
}
