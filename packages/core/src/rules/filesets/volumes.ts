// The host and NFS volumes of a pod or a PersistentVolume, with the file set each path falls in
// and the mounts that use them: one walk shared by the filesets/* rules (guideline 1.2.5).
import { isMap, isScalar, type Node, type Pair, type YAMLMap } from 'yaml';
import type { FileSetConfig } from '../../config/model.ts';
import type { ContainerRef, PodSpecRef } from '../../documents/workloads.ts';
import { getMap, getPair, getSeq, headRange, type KubeObject, nodeRange, stringAt } from '../../documents/yaml.ts';
import type { OffsetRange } from '../../types.ts';
import type { ManifestRuleContext } from '../rule.ts';

export type HostVolumeKind = 'hostPath' | 'nfs';
const hostVolumeKinds: readonly HostVolumeKind[] = ['hostPath', 'nfs'];

/** A volume source that names a path on a host or an NFS server. */
export interface HostVolume {
  kind: HostVolumeKind;
  /** The pod volume's name (undefined for a PersistentVolume). */
  name?: string;
  /** The path as written. */
  rawPath: string;
  /** Normalised: absolute, single slashes, no `.`/`..` segments, no trailing slash. */
  path: string;
  /** The `path:` value: where findings about the path point. */
  pathRange: OffsetRange;
  /** The `hostPath:` / `nfs:` mapping. */
  source: YAMLMap;
  /** `readOnly: true` on the source (NFS only; hostPath has no such field). */
  sourceReadOnly: boolean;
}

export interface VolumeMount {
  container: ContainerRef;
  map: YAMLMap;
  /** The mount's first line (`- name: data`). */
  headRange: OffsetRange;
  /** The `readOnly:` pair when present. */
  readOnlyPair?: Pair<Node, Node>;
  /** True when the mount or the volume source makes it read-only. */
  readOnly: boolean;
  subPath?: string;
  /** Set when the sub path is computed at run time: the mount is somewhere below `path`. */
  subPathExpr?: string;
  /** The host path the container sees: the volume's path joined with subPath. */
  path: string;
}

export interface PodHostVolume extends HostVolume {
  pod: PodSpecRef;
  /** The mounts of every container that use this volume, in container order. */
  mounts: VolumeMount[];
}

export interface FileSetMatch {
  fileSet: FileSetConfig;
  /** The part of the path below the file set; empty for the file set itself. */
  below: string;
}

/** Normalises a path as the kernel resolves it; a relative path stays relative (and matches nothing). */
export function normalizePath(path: string): string {
  const absolute = path.startsWith('/');
  const segments: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  const joined = segments.join('/');
  return absolute ? `/${joined}` : joined;
}

/** Whether `path` is `root` or below it (`/projects` is not below `/project`). */
export function isPathUnder(path: string, root: string): boolean {
  return isUnderNormalizedRoot(path, normalizePath(root));
}

function isUnderNormalizedRoot(path: string, normalizedRoot: string): boolean {
  if (normalizedRoot === '/') return path.startsWith('/');
  return (
    path.length >= normalizedRoot.length &&
    path.startsWith(normalizedRoot) &&
    (path.length === normalizedRoot.length || path.charCodeAt(normalizedRoot.length) === 47)
  );
}

// The configured roots, normalised once per configuration rather than on every lookup.
const normalizedRoots = new WeakMap<FileSetConfig, string>();

function rootOf(fileSet: FileSetConfig): string {
  let root = normalizedRoots.get(fileSet);
  if (root === undefined) {
    root = normalizePath(fileSet.path);
    normalizedRoots.set(fileSet, root);
  }
  return root;
}

/** The most specific file set holding the path (`/project/shared` wins over `/project`). */
export function fileSetOf(path: string, fileSets: readonly FileSetConfig[]): FileSetMatch | undefined {
  let best: { fileSet: FileSetConfig; root: string } | undefined;
  for (const fileSet of fileSets) {
    const root = rootOf(fileSet);
    if (!isUnderNormalizedRoot(path, root)) continue;
    if (!best || root.length > best.root.length) best = { fileSet, root };
  }
  if (!best) return undefined;
  return { fileSet: best.fileSet, below: best.root === '/' ? path.slice(1) : path.slice(best.root.length + 1) };
}

/** Joins a volume path and a mount's subPath. */
export function joinSubPath(path: string, subPath: string | undefined): string {
  if (subPath === undefined || subPath === '') return path;
  return normalizePath(`${path}/${subPath}`);
}

function hostVolumeOf(holder: YAMLMap): HostVolume | undefined {
  for (const kind of hostVolumeKinds) {
    const source = getMap(holder, kind);
    if (!source) continue;
    const pathNode = getPair(source, 'path')?.value;
    const rawPath = stringAt(source, 'path');
    if (rawPath === undefined || !isScalar(pathNode)) return undefined;
    const readOnly = getPair(source, 'readOnly')?.value;
    return {
      kind,
      rawPath,
      path: normalizePath(rawPath),
      pathRange: nodeRange(pathNode),
      source,
      sourceReadOnly: kind === 'nfs' && isScalar(readOnly) && readOnly.value === true,
    };
  }
  return undefined;
}

/** The hostPath or NFS source of a PersistentVolume, if it has one. */
export function persistentVolumeSource(object: KubeObject): HostVolume | undefined {
  if (object.kind !== 'PersistentVolume') return undefined;
  const spec = getMap(object.map, 'spec');
  return spec ? hostVolumeOf(spec) : undefined;
}

const podVolumesCache = new WeakMap<PodSpecRef, PodHostVolume[]>();

/**
 * The hostPath and NFS volumes of the object's pod, each with the mounts that use it (matched
 * by name across containers, init containers and ephemeral containers).
 */
export function podHostVolumes(context: Pick<ManifestRuleContext, 'containers' | 'text'>): PodHostVolume[] {
  const pod = context.containers[0]?.pod;
  if (!pod) return [];
  const cached = podVolumesCache.get(pod);
  if (cached) return cached;
  const volumes: PodHostVolume[] = [];
  const byName = new Map<string, PodHostVolume>();
  for (const item of getSeq(pod.spec, 'volumes')?.items ?? []) {
    if (!isMap(item)) continue;
    const volume = hostVolumeOf(item);
    if (!volume) continue;
    const name = stringAt(item, 'name');
    const podVolume: PodHostVolume = { ...volume, pod, mounts: [] };
    if (name !== undefined) {
      podVolume.name = name;
      if (!byName.has(name)) byName.set(name, podVolume);
    }
    volumes.push(podVolume);
  }
  if (volumes.length > 0) {
    for (const container of context.containers) {
      for (const item of getSeq(container.map, 'volumeMounts')?.items ?? []) {
        if (!isMap(item)) continue;
        const name = stringAt(item, 'name');
        const volume = name === undefined ? undefined : byName.get(name);
        if (volume) volume.mounts.push(mountOf(context.text, container, item, volume));
      }
    }
  }
  podVolumesCache.set(pod, volumes);
  return volumes;
}

function mountOf(text: string, container: ContainerRef, map: YAMLMap, volume: HostVolume): VolumeMount {
  const readOnlyPair = getPair(map, 'readOnly');
  const readOnlyValue = readOnlyPair?.value;
  const mountReadOnly = isScalar(readOnlyValue) && readOnlyValue.value === true;
  const subPath = stringAt(map, 'subPath');
  const subPathExpr = stringAt(map, 'subPathExpr');
  const mount: VolumeMount = {
    container,
    map,
    headRange: headRange(map, text),
    readOnly: mountReadOnly || volume.sourceReadOnly,
    path: subPathExpr ? volume.path : joinSubPath(volume.path, subPath),
  };
  if (readOnlyPair) mount.readOnlyPair = readOnlyPair;
  if (subPath !== undefined && subPath !== '') mount.subPath = subPath;
  if (subPathExpr !== undefined && subPathExpr !== '') mount.subPathExpr = subPathExpr;
  return mount;
}

/** `container: name` for a report about one container, when it has a name. */
export function containerField(container: ContainerRef): { container?: string } {
  return container.name ? { container: container.name } : {};
}

/** How a message names a container. */
export function containerLabel(container: ContainerRef): string {
  return `"${container.name ?? `#${container.index + 1}`}"`;
}

/** How a message names a volume: `volume "data" (hostPath /datasets/hsc)`. */
export function volumeLabel(volume: HostVolume): string {
  return `${volume.name === undefined ? 'volume' : `volume "${volume.name}"`} (${volume.kind} ${volume.rawPath})`;
}
