import { celString, celStringList, regexLiteral } from '../../admission/cel-text.ts';
import type { AdmissionForm } from '../../admission/form.ts';
import { imageNameOfI, imageVariables, isProtectedTarget, repositoryOfN } from '../../admission/image-cel.ts';
import {
  movingTagMatch,
  movingTagMeaning,
  OPERATING_SYSTEM_IMAGES,
  versionlessOfficialTag,
} from '../../data/moving-tags.ts';
import type { ImageReference } from '../../documents/image-reference.ts';
import type { OffsetRange } from '../../types.ts';
import { containerImages, dockerfileBuildingImage, dockerfileImages, namedImage, protectedTargets } from '../images.ts';
import { defineRule, type Report } from '../rule.ts';
import { officialImageName } from './registries.ts';

export const imagePinned = defineRule({
  name: 'image/pinned',
  guideline: '1.2.2',
  description:
    'Images name a fixed version: a tag other than latest or another moving tag (main, nightly, w_latest ...), and on production and pre-production clusters a sha256 digest.',
  defaultSeverity: 'error',
  appliesTo: ['manifest', 'dockerfile'],
  fixable: false,
  // A dev container is rebuilt on purpose with newer images, and never deployed.
  judgesRunningContainer: true,
  admission: admissionForm(),
  checkManifest(context) {
    const digestClusters = protectedTargets(context);
    const movingTags = context.config.images.movingTags;
    for (const image of containerImages(context)) {
      const report = judge(image.reference, image.text, image.range, digestClusters, movingTags, image.via);
      if (report) context.report(image.container.name ? { ...report, container: image.container.name } : report);
    }
  },
  checkDockerfile(context) {
    const digestClusters = protectedTargets(context);
    const movingTags = context.config.images.movingTags;
    for (const image of dockerfileImages(context)) {
      const report = judge(image.reference, image.text, image.range, digestClusters, movingTags, image.via);
      if (!report) continue;
      const builtFrom = report.clusters ? undefined : dockerfileBuildingImage(context, image.reference);
      context.report(builtFrom ? builtInRepository(report, image.text, image.via, builtFrom) : report);
    }
  },
});

/**
 * A base without a fixed version that this repository builds itself: a build of the images in order takes the one
 * just built, and only a build of this Dockerfile alone pulls whatever was last pushed. A note, not an error.
 */
function builtInRepository(report: Report, text: string, via: string | undefined, dockerfile: string): Report {
  return {
    range: report.range,
    severity: 'info',
    message: `${namedImage(text, via)} is built from ${dockerfile} in this repository, with no fixed version: a build of the images in order takes the one just built, but this Dockerfile built alone pulls whatever was pushed last. Images are kept so that the same container can always be built again (guideline 1.2.2): pass the version just built as a build argument (ARG), or pin a version tag.`,
  };
}

function judge(
  reference: ImageReference,
  text: string,
  range: OffsetRange,
  digestClusters: string[],
  movingTags: readonly string[],
  via?: string,
): Report | undefined {
  if (reference.digest) return undefined;
  const named = namedImage(text, via);
  if (reference.tag === undefined) {
    return {
      range,
      message: `${named} has no tag, so it means "latest": whatever was pushed last. Images are kept so that the same container can always be built again (guideline 1.2.2): pin a version tag (e.g. "${text}:1.2.3").`,
    };
  }
  const moving = movingTagMatch(reference.tag, movingTags);
  const meaning =
    moving !== undefined
      ? movingTagMeaning(moving)
      : reference.isOfficial
        ? versionlessOfficialTag(officialImageName(reference) ?? '', reference.tag)
        : undefined;
  if (meaning !== undefined) {
    return {
      range,
      message: `${named} uses the moving tag "${reference.tag}": ${meaning}, so two builds of the same file can get different images. Images are kept so that the same container can always be built again (guideline 1.2.2): pin a version tag or a digest.`,
    };
  }
  if (digestClusters.length > 0) {
    return {
      range,
      severity: 'warning',
      clusters: digestClusters,
      message: `${named} has no digest; on ${digestClusters.join(', ')} images are pinned by digest, since a tag can be moved. Append "@sha256:<digest>" (docker buildx imagetools inspect ${text}).`,
    };
  }
  return undefined;
}

/** CEL over `i`: a tag without a digit on an official image that is not an operating system (versionlessOfficialTag). */
function versionlessOfficial(tag: string): string {
  const official = `r.matches('^docker\\\\.io/library/[^/]+$') && !(r.substring(18) in ${celStringList(OPERATING_SYSTEM_IMAGES)})`;
  return `!${tag}.matches('[0-9]') && [${imageNameOfI}].map(n, ${repositoryOfN}).all(r, ${official})`;
}

/** The configured moving tags as one RE2 pattern, matching as movingTagMatch does (exactly, `*` for any characters). */
function movingTagsPattern(patterns: readonly string[]): string {
  if (patterns.length === 0) return '[^\\s\\S]';
  const each = patterns.map((pattern) =>
    pattern.includes('*') ? pattern.replace(/[.+?^${}()|\\]/g, '\\$&').replace(/\*/g, '.*') : regexLiteral(pattern),
  );
  return `^(?:${each.join('|')})$`;
}

/** The same decisions in CEL over the images of a workload: a digest, else a tag that does not move. */
function admissionForm(): AdmissionForm {
  const beforeDigest = `i.split('@')[0]`;
  const hasTag = `${beforeDigest}.lastIndexOf(':') > ${beforeDigest}.lastIndexOf('/')`;
  const tag = `${beforeDigest}.substring(${beforeDigest}.lastIndexOf(':') + 1)`;
  return {
    match: 'workloads',
    variables: imageVariables,
    checks: [
      {
        severity: 'error',
        expression: (scope) =>
          `variables.images.all(i, i.contains('@') || (${hasTag} && !${tag}.matches(${celString(movingTagsPattern(scope.config.images.movingTags))}) && !(${versionlessOfficial(tag)})))`,
        message:
          'A container\'s image has no tag (so it means "latest") or a moving tag (latest, main, nightly, w_latest ...): two deployments of the same manifest can get different images. Images are kept so that the same container can always be built again (guideline 1.2.2): pin a version tag or a digest.',
      },
      {
        severity: 'warning',
        when: isProtectedTarget,
        expression: () => `variables.images.all(i, i.contains('@'))`,
        message:
          'A container\'s image has no digest; on production and pre-production clusters images are pinned by digest, since a tag can be moved. Append "@sha256:<digest>" (docker buildx imagetools inspect IMAGE).',
      },
    ],
  };
}
