// Every image a manifest or Dockerfile names, with the range of its text: shared by the image rules.
import { isScalar } from 'yaml';
import type { BuildStage, DockerInstruction, FromLine } from '../documents/dockerfile.ts';
import { type ImageReference, parseImageReference } from '../documents/image-reference.ts';
import type { ContainerRef } from '../documents/workloads.ts';
import { getNode, nodeRange } from '../documents/yaml.ts';
import type { OffsetRange } from '../types.ts';
import type { DockerfileRuleContext, ManifestRuleContext } from './rule.ts';

export interface ContainerImage {
  reference: ImageReference;
  /** The text as written (after ARG substitution in a Dockerfile). */
  text: string;
  range: OffsetRange;
  container: ContainerRef;
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
    const reference = parseImageReference(node.value);
    if (!reference) continue;
    images.push({ reference, text: node.value, range: nodeRange(node), container });
  }
  lastContainers = context.containers;
  lastImages = images;
  return images;
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

/** Production and pre-production clusters among the targets. */
export function protectedTargets(context: { targets: readonly { name: string; role: string }[] }): string[] {
  return context.targets
    .filter((cluster) => cluster.role === 'production' || cluster.role === 'pre-production')
    .map((cluster) => cluster.name);
}
