import { type BaseImageRow, endOfLifeFor, isPastEndOfLife } from '../../data/base-images.ts';
import { isoDay } from '../../dates.ts';
import type { ImageReference } from '../../documents/image-reference.ts';
import { repositoryName } from '../../documents/image-reference.ts';
import { containerImages, fromImages, namedImage } from '../images.ts';
import { defineRule } from '../rule.ts';

export const imageSupportedBase = defineRule({
  name: 'image/supported-base',
  guideline: '1.2.2',
  description:
    'Base operating-system and runtime images are still supported on the check date (no CentOS 7, Debian 10, Python 3.8 ...).',
  defaultSeverity: 'warning',
  appliesTo: ['manifest', 'dockerfile'],
  fixable: false,
  checkManifest(context) {
    const checkDate = isoDay(context.now);
    for (const image of containerImages(context)) {
      const row = pastEndOfLife(image.reference, checkDate);
      if (!row) continue;
      context.report({
        range: image.range,
        message: message(namedImage(image.text, image.via), row, checkDate),
        ...(image.container.name ? { container: image.container.name } : {}),
      });
    }
  },
  checkDockerfile(context) {
    const checkDate = isoDay(context.now);
    for (const image of fromImages(context)) {
      const row = pastEndOfLife(image.reference, checkDate);
      if (row)
        context.report({ range: image.range, message: message(namedImage(image.text, undefined), row, checkDate) });
    }
  },
});

function pastEndOfLife(reference: ImageReference, checkDate: string): BaseImageRow | undefined {
  if (reference.tag === undefined) return undefined;
  const row = endOfLifeFor(repositoryName(reference), reference.tag);
  return row && isPastEndOfLife(row, checkDate) ? row : undefined;
}

function message(named: string, row: BaseImageRow, checkDate: string): string {
  return `${named} is based on ${row.label}, which reached its end of life on ${row.endOfLife} (checked on ${checkDate}): it gets no security updates, and images must be up to date. Move to a supported release.`;
}
