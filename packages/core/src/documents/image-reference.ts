// Container image references: registry, path, tag and digest, with Docker Hub normalisation.

export interface ImageReference {
  /** The reference as written. */
  raw: string;
  /** Registry host (with port), `docker.io` for Docker Hub. */
  registry: string;
  /** Repository path without the registry, `library/centos` for official images. */
  path: string;
  tag?: string;
  digest?: string;
  isDockerHub: boolean;
  /** A Docker Hub official image (`centos`, `library/centos`, `docker.io/library/centos`). */
  isOfficial: boolean;
  /** Offset of the tag inside `raw` (after the colon), when there is a tag. */
  tagOffset?: number;
}

const dockerHubHosts = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io', 'registry.hub.docker.com']);
const referencePattern = /^[A-Za-z0-9][A-Za-z0-9._\-/:]*(?:@[A-Za-z0-9]+:[A-Fa-f0-9]+)?$/;

/** Parses a reference; undefined when it is not a valid image name (empty, spaces, variables). */
export function parseImageReference(raw: string): ImageReference | undefined {
  const reference = raw.trim();
  if (reference === '' || !referencePattern.test(reference)) return undefined;
  let rest = reference;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at !== -1) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  let tagOffset: number | undefined;
  const lastSlash = rest.lastIndexOf('/');
  const lastColon = rest.lastIndexOf(':');
  if (lastColon > lastSlash) {
    tag = rest.slice(lastColon + 1);
    tagOffset = raw.indexOf(reference) + lastColon + 1;
    rest = rest.slice(0, lastColon);
    if (tag === '') return undefined;
  }
  const slash = rest.indexOf('/');
  const firstComponent = slash === -1 ? '' : rest.slice(0, slash);
  const hasRegistry =
    slash !== -1 && (firstComponent.includes('.') || firstComponent.includes(':') || firstComponent === 'localhost');
  let registry = hasRegistry ? firstComponent.toLowerCase() : 'docker.io';
  let path = hasRegistry ? rest.slice(slash + 1) : rest;
  if (path === '' || path.endsWith('/')) return undefined;
  if (dockerHubHosts.has(registry)) registry = 'docker.io';
  const isDockerHub = registry === 'docker.io';
  if (isDockerHub && !path.includes('/')) path = `library/${path}`;
  const parsed: ImageReference = {
    raw,
    registry,
    path,
    isDockerHub,
    isOfficial: isDockerHub && path.startsWith('library/') && path.split('/').length === 2,
  };
  if (tag !== undefined) parsed.tag = tag;
  if (tagOffset !== undefined) parsed.tagOffset = tagOffset;
  if (digest !== undefined) parsed.digest = digest;
  return parsed;
}

/** `docker.io/library/centos` style full name without tag or digest. */
export function repositoryName(image: ImageReference): string {
  return `${image.registry}/${image.path}`;
}

/** The Docker Hub organisation (`lsstsqre` of `lsstsqre/centos`), undefined for other registries. */
export function dockerHubOrganization(image: ImageReference): string | undefined {
  if (!image.isDockerHub) return undefined;
  return image.path.split('/')[0];
}
