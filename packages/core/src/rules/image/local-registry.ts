import { fromLocalRegistry, imageVariables, isProtectedTarget } from '../../admission/image-cel.ts';
import type { RegistriesConfig } from '../../config/model.ts';
import type { ImageReference } from '../../documents/image-reference.ts';
import type { Fix, TextEdit } from '../../types.ts';
import { containerImages, dockerfileImages, namedImage, protectedTargets } from '../images.ts';
import { defineRule, type Report } from '../rule.ts';
import {
  dockerfileImageEdit,
  isFromLocalNetworkRegistry,
  isFromLocalRegistry,
  manifestImageEdit,
  mirrorRepositoryFor,
} from './registries.ts';

export const imageLocalRegistry = defineRule({
  name: 'image/local-registry',
  guideline: '1.2.2',
  description:
    'On production and pre-production clusters, images are pulled from a local registry, where they are preserved and vetted.',
  defaultSeverity: 'error',
  appliesTo: ['manifest', 'dockerfile'],
  fixable: true,
  judgesRunningContainer: true,
  admission: {
    match: 'workloads',
    variables: imageVariables,
    whyNotOnTarget: 'judged only on production and pre-production clusters',
    checks: [
      {
        severity: 'error',
        when: isProtectedTarget,
        expression: (scope) => `variables.imageRepositories.all(f, ${fromLocalRegistry(scope.config.registries)})`,
        message:
          "A container's image is not pulled from a local registry (registries.local or registries.mirror in .lsst.yaml) on a production or pre-production cluster. Images must be preserved locally so that a deleted or replaced upstream image, or an outage of the outside registry, cannot stop a deployment: copy it into a local registry and pull it from there.",
      },
    ],
  },
  checkManifest(context) {
    const clusters = protectedTargets(context);
    if (clusters.length === 0) return;
    const registries = context.config.registries;
    for (const image of containerImages(context)) {
      if (isLocal(image.reference, registries)) continue;
      // An image a kustomization changes is changed there: an edit of the file would not reach it.
      const repository = image.via ? undefined : mirrorRepositoryFor(image.reference, registries);
      const edit = repository ? manifestImageEdit(context.text, image.range, image.text, repository) : undefined;
      context.report({
        ...finding(namedImage(image.text, image.via), image.reference, registries, clusters, edit),
        range: image.range,
        ...(image.container.name ? { container: image.container.name } : {}),
      });
    }
  },
  checkDockerfile(context) {
    const clusters = protectedTargets(context);
    if (clusters.length === 0) return;
    const registries = context.config.registries;
    const globalArgs = context.dockerfile.instructions.filter(
      (instruction) => instruction.keyword === 'ARG' && !instruction.stage,
    );
    for (const image of dockerfileImages(context)) {
      if (isLocal(image.reference, registries)) continue;
      const repository = mirrorRepositoryFor(image.reference, registries);
      const edit = repository ? dockerfileImageEdit(context.text, image, globalArgs, repository) : undefined;
      context.report({
        ...finding(namedImage(image.text, image.via), image.reference, registries, clusters, edit),
        range: image.range,
      });
    }
  },
});

/** A configured local registry, or one on the site's own network (image/trusted-source notes that one). */
function isLocal(reference: ImageReference, registries: RegistriesConfig): boolean {
  return isFromLocalRegistry(reference, registries) || isFromLocalNetworkRegistry(reference);
}

function finding(
  named: string,
  reference: ImageReference,
  registries: RegistriesConfig,
  clusters: string[],
  edit: TextEdit | undefined,
): Omit<Report, 'range'> {
  const where = `${clusters.join(', ')} (production/pre-production)`;
  const remedy = edit
    ? `Pull it through the local mirror: "${edit.text}".`
    : registries.local.length > 0 || registries.mirror
      ? `Copy it into a local registry (${[...registries.local, ...(registries.mirror ? [registries.mirror] : [])].join(', ')}) and pull it from there.`
      : 'Copy it into the local registry and pull it from there; name that registry in .lsst.yaml (registries.local, registries.mirror).';
  const fix: Fix | undefined = edit
    ? { description: `Pull the image from the local mirror (${edit.text})`, edits: [edit] }
    : undefined;
  return {
    message: `${named} is pulled from ${reference.registry}, not from a local registry, on ${where}. Images must be preserved locally so that a deleted or replaced upstream image, or an outage of the outside registry, cannot stop a deployment. ${remedy}`,
    clusters,
    ...(fix ? { fix } : {}),
  };
}
