import type { ImageReference } from '../../documents/image-reference.ts';
import type { OffsetRange } from '../../types.ts';
import { containerImages, fromImages, protectedTargets } from '../images.ts';
import { defineRule, type Report } from '../rule.ts';

export const imagePinned = defineRule({
  name: 'image/pinned',
  guideline: '1.2.2',
  description:
    'Images name a fixed version: a tag other than latest, and on production and pre-production clusters a sha256 digest.',
  defaultSeverity: 'error',
  appliesTo: ['manifest', 'dockerfile'],
  fixable: false,
  checkManifest(context) {
    const digestClusters = protectedTargets(context);
    for (const image of containerImages(context)) {
      const report = judge(image.reference, image.text, image.range, digestClusters);
      if (report) context.report(image.container.name ? { ...report, container: image.container.name } : report);
    }
  },
  checkDockerfile(context) {
    const digestClusters = protectedTargets(context);
    for (const image of fromImages(context)) {
      const report = judge(image.reference, image.text, image.range, digestClusters);
      if (report) context.report(report);
    }
  },
});

function judge(
  reference: ImageReference,
  text: string,
  range: OffsetRange,
  digestClusters: string[],
): Report | undefined {
  if (reference.digest) return undefined;
  if (reference.tag === undefined) {
    return {
      range,
      message: `Image "${text}" has no tag, so it means "latest": whatever was pushed last. Pin a version tag (e.g. "${text}:1.2.3") so that the same build always gets the same image.`,
    };
  }
  if (reference.tag === 'latest') {
    return {
      range,
      message: `Image "${text}" uses the moving tag "latest": whatever was pushed last. Pin a version tag so that the same build always gets the same image.`,
    };
  }
  if (digestClusters.length > 0) {
    return {
      range,
      severity: 'warning',
      clusters: digestClusters,
      message: `Image "${text}" has no digest; on ${digestClusters.join(', ')} images are pinned by digest, since a tag can be moved. Append "@sha256:<digest>" (docker buildx imagetools inspect ${text}).`,
    };
  }
  return undefined;
}
