// Every image a manifest or Dockerfile names, with the range of its text: shared by the image rules.
import { isScalar } from 'yaml';
import type { BuildStage, DockerInstruction, FromLine } from '../documents/dockerfile.ts';
import { type ImageReference, parseImageReference } from '../documents/image-reference.ts';
import type { ContainerRef } from '../documents/workloads.ts';
import { getNode, nodeRange } from '../documents/yaml.ts';
import type { KustomizeImageEntry, KustomizeImages, OffsetRange } from '../types.ts';
import type { DockerfileRuleContext, ManifestRuleContext } from './rule.ts';

export interface ContainerImage {
  reference: ImageReference;
  /** The text as written (after ARG substitution in a Dockerfile). */
  text: string;
  range: OffsetRange;
  container: ContainerRef;
  /** Set when a kustomization changes the image: how (the text is then the image it becomes). */
  via?: string;
}

export interface FromImage {
  reference: ImageReference;
  text: string;
  range: OffsetRange;
  from: FromLine;
  stage: BuildStage;
}

// Four image rules read the same object's images, one after the other: the last object's are kept (a
// WeakMap of every object's made garbage collection slower than parsing them again).
let lastContainers: readonly ContainerRef[] | undefined;
let lastImages: readonly ContainerImage[] = [];

/** The images of every container; values that are not image references (templates, `$(VAR)`) are left out. */
export function containerImages(context: ManifestRuleContext): readonly ContainerImage[] {
  if (context.containers === lastContainers) return lastImages;
  const images: ContainerImage[] = [];
  for (const container of context.containers) {
    const node = getNode(container.map, 'image');
    if (!isScalar(node) || typeof node.value !== 'string') continue;
    const kustomized = context.kustomizeImages ? kustomizedImage(node.value, context.kustomizeImages) : undefined;
    const text = kustomized?.text ?? node.value;
    const reference = parseImageReference(text);
    if (!reference) continue;
    const via = kustomized ? { via: `as the kustomization ${kustomized.kustomization} sets it` } : {};
    images.push({ reference, text, range: nodeRange(node), container, ...via });
  }
  lastContainers = context.containers;
  lastImages = images;
  return images;
}

/**
 * The image kustomize makes of `text`: the file's own kustomization's `images:` first, then those of
 * the first overlay that names the image (overlays are alternatives, not steps). An own entry that sets a
 * version (newTag, digest) decides: an overlay that changes it again is one deployment's choice (a
 * minikube overlay's locally built image), not the base's. Undefined when no kustomization changes it.
 */
export function kustomizedImage(
  text: string,
  groups: readonly KustomizeImages[],
): { text: string; kustomization: string } | undefined {
  let current = text;
  let changedBy: string | undefined;
  let versionDecided = false;
  const apply = (group: KustomizeImages): boolean => {
    const entry = group.images.find((candidate) => candidate.name === imageName(current));
    if (!entry) return false;
    current = retagged(current, entry);
    changedBy = group.kustomization;
    if (group.own && (entry.newTag !== undefined || entry.digest !== undefined)) versionDecided = true;
    return true;
  };
  for (const group of groups) if (group.own) apply(group);
  if (!versionDecided) for (const group of groups) if (!group.own && apply(group)) break;
  return changedBy !== undefined ? { text: current, kustomization: changedBy } : undefined;
}

/** How a message names an image: `Image "ghcr.io/x:1"`, with how a kustomization or a step got it when one did. */
export function namedImage(text: string, via: string | undefined): string {
  return via ? `Image "${text}" (${via})` : `Image "${text}"`;
}

/** The image without its tag and digest, as written (as kustomize matches `images[].name`). */
export function imageName(text: string): string {
  const withoutDigest = text.split('@')[0] ?? text;
  const colon = withoutDigest.lastIndexOf(':');
  return colon > withoutDigest.lastIndexOf('/') ? withoutDigest.slice(0, colon) : withoutDigest;
}

function retagged(text: string, entry: KustomizeImageEntry): string {
  const name = imageName(text);
  const suffix = entry.digest ? `@${entry.digest}` : entry.newTag ? `:${entry.newTag}` : text.slice(name.length);
  return `${entry.newName ?? name}${suffix}`;
}

/** The base images of every build stage; `scratch`, earlier stages and unresolved ARGs are left out. */
export function fromImages(context: DockerfileRuleContext): FromImage[] {
  const images: FromImage[] = [];
  for (const stage of context.dockerfile.stages) {
    const { from } = stage;
    if (!from.reference || from.image === undefined) continue;
    images.push({ reference: from.reference, text: from.image, range: from.imageRange, from, stage });
  }
  return images;
}

/** An image a Dockerfile pulls: the base of a stage, or one that a step copies from or mounts. */
export interface DockerfileImage {
  reference: ImageReference;
  /** The image with ARG defaults substituted. */
  text: string;
  range: OffsetRange;
  instruction: DockerInstruction;
  /** Set for the base image of a stage. */
  from?: FromLine;
  /** How a step other than FROM names it: `COPY --from`, `RUN --mount`. */
  via?: string;
}

/** Every image a Dockerfile pulls, in file order: FROM, `COPY --from=IMAGE` and `RUN --mount=from=IMAGE`. */
export function dockerfileImages(context: DockerfileRuleContext): DockerfileImage[] {
  const images: DockerfileImage[] = fromImages(context).map((image) => ({
    reference: image.reference,
    text: image.text,
    range: image.range,
    instruction: image.from.instruction,
    from: image.from,
  }));
  for (const image of context.dockerfile.flagImages) {
    images.push({
      reference: image.reference,
      text: image.image,
      range: image.range,
      instruction: image.instruction,
      via: image.via,
    });
  }
  return images.sort((a, b) => a.range[0] - b.range[0]);
}

/**
 * The Dockerfile beside this one that builds the image, going by the image's last path part
 * (`FROM quay.io/jupyter/scipy-notebook` and images/scipy-notebook/Dockerfile): a chain of images built in
 * order from one repository. An official image is pulled, never built here.
 */
export function dockerfileBuildingImage(context: DockerfileRuleContext, reference: ImageReference): string | undefined {
  if (reference.isOfficial || !context.siblingImages) return undefined;
  const name = reference.path.split('/').pop();
  const image = name ? context.siblingImages(name) : undefined;
  return image?.model.finalStage ? image.dockerfile : undefined;
}

/** Production and pre-production clusters among the targets. */
export function protectedTargets(context: { targets: readonly { name: string; role: string }[] }): string[] {
  return context.targets
    .filter((cluster) => cluster.role === 'production' || cluster.role === 'pre-production')
    .map((cluster) => cluster.name);
}
