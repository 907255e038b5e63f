import { imageVariables, trustedSource } from '../../admission/image-cel.ts';
import type { RegistriesConfig } from '../../config/model.ts';
import type { ImageReference } from '../../documents/image-reference.ts';
import type { Fix, TextEdit } from '../../types.ts';
import { containerImages, dockerfileBuildingImage, dockerfileImages, namedImage } from '../images.ts';
import { defineRule, type Report } from '../rule.ts';
import {
  dockerfileImageEdit,
  isFromLocalNetworkRegistry,
  isFromLocalRegistry,
  isFromOrganisationRegistry,
  isFromTrustedOrganization,
  manifestImageEdit,
  mirrorRepositoryFor,
  officialImageName,
} from './registries.ts';

export const imageTrustedSource = defineRule({
  name: 'image/trusted-source',
  guideline: '1.2.2',
  description:
    'Images come from a trusted source: a local registry, a Docker Hub official image, or a trusted Docker Hub organisation.',
  defaultSeverity: 'error',
  appliesTo: ['manifest', 'dockerfile'],
  fixable: true,
  admission: {
    match: 'workloads',
    variables: imageVariables,
    checks: [
      {
        severity: 'error',
        expression: (scope) => `variables.imageRepositories.all(f, ${trustedSource(scope.config.registries)})`,
        message:
          "A container's image comes from neither a local registry, nor a Docker Hub official image, nor one of the organisation's trusted sources (registries in .lsst.yaml). Images come from trusted sources (guideline 1.2.2): use an official image or one the organisation builds, or have this one vetted and copied into a local registry.",
      },
    ],
  },
  checkManifest(context) {
    const registries = context.config.registries;
    for (const image of containerImages(context)) {
      if (isTrusted(image.reference, registries)) continue;
      if (isFromLocalNetworkRegistry(image.reference)) {
        context.report({
          ...localNetworkNote(image),
          ...(image.container.name ? { container: image.container.name } : {}),
        });
        continue;
      }
      // An image a kustomization changes is changed there: an edit of the file would not reach it.
      const repository = image.via ? undefined : mirrorRepositoryFor(image.reference, registries);
      const edit = repository ? manifestImageEdit(context.text, image.range, image.text, repository) : undefined;
      context.report({
        range: image.range,
        message: untrustedMessage(image.text, image.reference, registries, image.via),
        ...(edit ? { fix: mirrorFix(edit) } : {}),
        ...(image.container.name ? { container: image.container.name } : {}),
      });
    }
  },
  checkDockerfile(context) {
    const registries = context.config.registries;
    const globalArgs = context.dockerfile.instructions.filter(
      (instruction) => instruction.keyword === 'ARG' && !instruction.stage,
    );
    for (const image of dockerfileImages(context)) {
      if (isTrusted(image.reference, registries)) continue;
      // Built from source here: where its own base comes from is judged in its own Dockerfile.
      if (dockerfileBuildingImage(context, image.reference)) continue;
      if (isFromLocalNetworkRegistry(image.reference)) {
        context.report(localNetworkNote(image));
        continue;
      }
      const repository = mirrorRepositoryFor(image.reference, registries);
      const edit = repository ? dockerfileImageEdit(context.text, image, globalArgs, repository) : undefined;
      context.report({
        range: image.range,
        message: untrustedMessage(image.text, image.reference, registries, image.via),
        ...(edit ? { fix: mirrorFix(edit) } : {}),
      });
    }
  },
});

function isTrusted(reference: ImageReference, registries: RegistriesConfig): boolean {
  return (
    isFromLocalRegistry(reference, registries) ||
    reference.isOfficial ||
    isFromTrustedOrganization(reference, registries) ||
    isFromOrganisationRegistry(reference, registries)
  );
}

function mirrorFix(edit: TextEdit): Fix {
  return { description: `Pull the image from the local mirror (${edit.text})`, edits: [edit] };
}

// Only the site can reach such a registry, so it is one of its own: what it holds is not visible here.
function localNetworkNote(image: {
  text: string;
  reference: ImageReference;
  via?: string;
  range: readonly [number, number];
}): Report {
  const { text, reference, via } = image;
  const message = `${namedImage(text, via)} comes from ${reference.registry}, a registry that only a local network can reach: taken for one of the site's local registries, which the guideline asks for (1.2.2), though the configuration does not name it and what it holds is not known here. If it is, add it to registries.local in .lsst.yaml (its images are then trusted without this note); if it is not, pull the image from a trusted source.`;
  return { range: image.range, severity: 'info', note: true, message };
}

function untrustedMessage(text: string, reference: ImageReference, registries: RegistriesConfig, via?: string): string {
  const named = namedImage(text, via);
  const official = officialImageName(reference);
  if (official !== undefined) {
    return `${named} is a copy of the Docker Hub official image "${official}" served by ${reference.registry}, which is not a trusted source. Pull the official image from Docker Hub (or from the local mirror) instead: official images are the ones scanned for vulnerabilities.`;
  }
  const trusted = [
    ...registries.trustedDockerHubOrganizations,
    ...(registries.trusted ?? []).filter((location) => location.trim() !== ''),
  ].join(', ');
  const source = reference.isDockerHub
    ? `the Docker Hub organisation "${reference.path.split('/')[0]}"`
    : `the registry ${reference.registry}`;
  return `${named} comes from ${source}, which is neither a local registry, nor a Docker Hub official image, nor one of the organisation's trusted sources (${trusted || 'none configured'}). Images come from trusted sources (guideline 1.2.2): use an official image or one the organisation builds, or have this one vetted and copied into a local registry (registries.local); if it is the organisation's own, add its location to registries.trusted.`;
}
