// The images of a workload in CEL, parsed as documents/image-reference.ts parses them, for the image
// rules' admission forms: the valid references, their names without tag and digest, and their
// repositories as `registry/path` with Docker Hub's normalisation (docker.io, library/).
import type { RegistriesConfig } from '../config/model.ts';
import { localLocations, localNetworkHostPattern, organisationLocations } from '../rules/image/registries.ts';
import { celString, celStringList } from './cel-text.ts';
import type { CelScope } from './form.ts';

/** parseImageReference's pattern, in RE2. */
const referencePattern = '^[A-Za-z0-9][A-Za-z0-9._/:-]*(?:@[A-Za-z0-9]+:[A-Fa-f0-9]+)?$';
/** Before the digest: an empty tag, or a name (without the tag) that ends with `/`, makes no reference. */
const brokenName = '(?:[:/]$|/:[^/:]*$)';
const dockerHubHosts = ['docker.io', 'index.docker.io', 'registry-1.docker.io', 'registry.hub.docker.com'];

/** CEL over `i` (an image reference): its name without tag and digest. */
export const imageNameOfI = (() => {
  const beforeDigest = `i.split('@')[0]`;
  return `(${beforeDigest}.lastIndexOf(':') > ${beforeDigest}.lastIndexOf('/') ? ${beforeDigest}.substring(0, ${beforeDigest}.lastIndexOf(':')) : ${beforeDigest})`;
})();

/** CEL over `n` (an image name): its repository as `registry/path`, Docker Hub's normalised (docker.io, library/). */
export const repositoryOfN = (() => {
  const host = `n.substring(0, n.indexOf('/')).lowerAscii()`;
  const path = `n.substring(n.indexOf('/') + 1)`;
  const onDockerHub = (repository: string) =>
    `'docker.io/' + (${repository}.contains('/') ? ${repository} : 'library/' + ${repository})`;
  return `(n.matches('^(?:[^/]*[.:][^/]*|localhost)/') ? (${host} in ${celStringList(dockerHubHosts)} ? ${onDockerHub(path)} : ${host} + '/' + ${path}) : ${onDockerHub('n')})`;
})();

/** The variables: `images` (trimmed, valid, of containers not suppressed), `imageNames`, `imageRepositories`. */
export function imageVariables(scope: CelScope): { name: string; expression: string }[] {
  const beforeDigest = `i.split('@')[0]`;
  return [
    {
      name: 'images',
      expression: `variables.containers.filter(c, !${scope.containerSuppressed('c')} && has(c.image)).map(c, c.image.trim()).filter(i, i.matches(${celString(referencePattern)}) && !${beforeDigest}.matches(${celString(brokenName)}))`,
    },
    { name: 'imageNames', expression: `variables.images.map(i, ${imageNameOfI})` },
    { name: 'imageRepositories', expression: `variables.imageNames.map(n, ${repositoryOfN})` },
  ];
}

/** Over `f`: its host is on the site's own network (isFromLocalNetworkRegistry); Docker Hub's never is. */
const onLocalNetwork = `f.matches(${celString(`${localNetworkHostPattern.replace(/\$$/, '')}/`)})`;

/**
 * CEL over `f` (a repository): pulled from a local registry, the mirror (isFromLocalRegistry), or a
 * registry on the site's own network (isFromLocalNetworkRegistry, which the engine notes but accepts).
 */
export function fromLocalRegistry(registries: RegistriesConfig): string {
  const locations = localLocations(registries);
  return `(${[...locations.map((location) => `(f + '/').startsWith(${celString(location)})`), onLocalNetwork].join(' || ')})`;
}

const official = `f.matches('^docker\\\\.io/library/[^/]+$')`;

/** CEL over `f`: a trusted source (image/trusted-source's isTrusted). */
export function trustedSource(registries: RegistriesConfig): string {
  const organisations = registries.trustedDockerHubOrganizations.map((organisation) => organisation.toLowerCase());
  const parts = [fromLocalRegistry(registries), official];
  if (organisations.length > 0) {
    parts.push(
      `(f.startsWith('docker.io/') && !${official} && f.split('/')[1].lowerAscii() in ${celStringList(organisations)})`,
    );
  }
  for (const location of organisationLocations(registries)) {
    parts.push(`(f + '/').lowerAscii().startsWith(${celString(location.toLowerCase())})`);
  }
  return `(${parts.join(' || ')})`;
}

/** Whether the target is one on which images come from a local registry and are pinned by digest (protectedTargets). */
export function isProtectedTarget(scope: CelScope): boolean {
  return scope.target.role === 'production' || scope.target.role === 'pre-production';
}
