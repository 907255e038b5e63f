// Where an image comes from, judged against the configured registries, and the edit that moves it to the mirror.
import type { RegistriesConfig } from '../../config/model.ts';
import type { FromLine } from '../../documents/dockerfile.ts';
import { dockerHubOrganization, type ImageReference } from '../../documents/image-reference.ts';
import type { TextEdit } from '../../types.ts';

/** Public registries that serve byte-identical copies of Docker Hub's official images, by path prefix. */
const officialImageCopies: readonly string[] = ['mirror.gcr.io/library/', 'public.ecr.aws/docker/library/'];

/** `registry.example.org/dockerhub/` from `https://Registry.example.org/dockerhub/`: lower-case host, one trailing slash. */
function normalizeLocation(location: string): string {
  const withoutScheme = location.trim().replace(/^[a-z]+:\/\//i, '');
  const slash = withoutScheme.indexOf('/');
  const host = (slash === -1 ? withoutScheme : withoutScheme.slice(0, slash)).toLowerCase();
  const path = slash === -1 ? '' : withoutScheme.slice(slash + 1).replace(/\/+$/, '');
  return path === '' ? `${host}/` : `${host}/${path}/`;
}

/** The locations that count as local: every `registries.local` entry and the mirror. */
export function localLocations(registries: RegistriesConfig): string[] {
  const locations = [...registries.local];
  if (registries.mirror) locations.push(registries.mirror);
  return locations.filter((location) => location.trim() !== '').map(normalizeLocation);
}

/** True when the image is pulled from a configured local registry (or the mirror), path prefix included. */
export function isFromLocalRegistry(reference: ImageReference, registries: RegistriesConfig): boolean {
  const full = `${reference.registry}/${reference.path}/`;
  return localLocations(registries).some((location) => full.startsWith(location));
}

/**
 * A registry host (with its port) that only a local network can reach: localhost, a name without a
 * domain (`lsst-kub001:5000`), a domain kept for private use (RFC 6762 appendix G, RFC 8375, .internal,
 * a cluster's .svc), or a private or loopback IPv4 address. In RE2 as well, for the admission policies.
 */
export const localNetworkHostPattern =
  '^(?:localhost|[a-z0-9-]+|(?:[a-z0-9-]+\\.)+(?:local|localhost|localdomain|internal|intranet|private|corp|home|lan|home\\.arpa|svc)|10(?:\\.[0-9]{1,3}){3}|127(?:\\.[0-9]{1,3}){3}|192\\.168(?:\\.[0-9]{1,3}){2}|172\\.(?:1[6-9]|2[0-9]|3[01])(?:\\.[0-9]{1,3}){2})(?::[0-9]+)?$';
const localNetworkHost = new RegExp(localNetworkHostPattern);

/**
 * True when the image comes from a registry on the site's own network (localNetworkHostPattern): a local
 * registry by its address, though not one the configuration names.
 */
export function isFromLocalNetworkRegistry(reference: ImageReference): boolean {
  return !reference.isDockerHub && localNetworkHost.test(reference.registry.toLowerCase());
}

/** The organisation's own registry locations (`registries.trusted`), normalised. */
export function organisationLocations(registries: RegistriesConfig): string[] {
  return (registries.trusted ?? []).filter((location) => location.trim() !== '').map(normalizeLocation);
}

/** True when the image is published by the organisation itself (`registries.trusted`), path prefix included. */
export function isFromOrganisationRegistry(reference: ImageReference, registries: RegistriesConfig): boolean {
  const full = `${reference.registry}/${reference.path}/`.toLowerCase();
  return (registries.trusted ?? [])
    .filter((location) => location.trim() !== '')
    .map(normalizeLocation)
    .some((location) => full.startsWith(location.toLowerCase()));
}

/** The official image a reference names, directly on Docker Hub or through a public copy: `python` of `public.ecr.aws/docker/library/python`. */
export function officialImageName(reference: ImageReference): string | undefined {
  if (reference.isOfficial) return reference.path.slice('library/'.length);
  const full = `${reference.registry}/${reference.path}`;
  for (const prefix of officialImageCopies) {
    if (full.startsWith(prefix) && !full.slice(prefix.length).includes('/')) return full.slice(prefix.length);
  }
  return undefined;
}

/** True for a Docker Hub image of a configured trusted organisation (`lsstsqre/centos`). */
export function isFromTrustedOrganization(reference: ImageReference, registries: RegistriesConfig): boolean {
  const organization = dockerHubOrganization(reference)?.toLowerCase();
  if (organization === undefined || reference.isOfficial) return false;
  return registries.trustedDockerHubOrganizations.some((trusted) => trusted.toLowerCase() === organization);
}

/**
 * The repository on the mirror for an image the guidelines trust (an official image, or one of a trusted
 * organisation), e.g. `registry.example.org/dockerhub/library/python`; undefined without a mirror or for
 * any other image, so that a rewrite never turns an unvetted image into a local one.
 */
export function mirrorRepositoryFor(reference: ImageReference, registries: RegistriesConfig): string | undefined {
  if (!registries.mirror || registries.mirror.trim() === '') return undefined;
  const mirror = normalizeLocation(registries.mirror).replace(/\/$/, '');
  const official = officialImageName(reference);
  if (official !== undefined) return `${mirror}/library/${official}`;
  if (isFromTrustedOrganization(reference, registries)) return `${mirror}/${reference.path}`;
  return undefined;
}

/** The repository part of a reference as written, without tag and digest: `docker.io/python` of `docker.io/python:3@sha256:..`. */
export function writtenRepository(raw: string): string {
  const trimmed = raw.trim();
  const at = trimmed.indexOf('@');
  const withoutDigest = at === -1 ? trimmed : trimmed.slice(0, at);
  const colon = withoutDigest.lastIndexOf(':');
  return colon > withoutDigest.lastIndexOf('/') ? withoutDigest.slice(0, colon) : withoutDigest;
}

/** Replaces the repository of a YAML scalar image value (plain or quoted), keeping tag and digest. */
export function manifestImageEdit(
  text: string,
  range: readonly [number, number],
  value: string,
  repository: string,
): TextEdit | undefined {
  const source = text.slice(range[0], range[1]);
  const quote = source.startsWith('"') || source.startsWith("'") ? 1 : 0;
  const written = writtenRepository(value);
  const start = range[0] + quote + (value.length - value.trimStart().length);
  if (text.slice(start, start + written.length) !== written) return undefined;
  return { range: [start, start + written.length], text: repository };
}

/** Replaces the repository of any image a Dockerfile pulls: a FROM image, or one written out in a step's flag. */
export function dockerfileImageEdit(
  text: string,
  image: { from?: FromLine; text: string; range: readonly [number, number] },
  argInstructions: readonly { argumentsText: string; argumentsRange: readonly [number, number] }[],
  repository: string,
): TextEdit | undefined {
  if (image.from) return fromImageEdit(text, image.from, argInstructions, repository);
  if (text.slice(image.range[0], image.range[1]) !== image.text) return undefined;
  return manifestImageEdit(text, image.range, image.text, repository);
}

/**
 * Replaces the repository of a FROM image: in the FROM line when the repository is written there, or in
 * the default of the global ARG when the image is a single variable (`ARG BASE=python:3.12` / `FROM ${BASE}`).
 */
export function fromImageEdit(
  text: string,
  from: FromLine,
  argInstructions: readonly { argumentsText: string; argumentsRange: readonly [number, number] }[],
  repository: string,
): TextEdit | undefined {
  if (from.image === undefined) return undefined;
  const written = writtenRepository(from.image);
  const start = from.imageRange[0];
  if (from.imageText.startsWith(written) && text.slice(start, start + written.length) === written) {
    return { range: [start, start + written.length], text: repository };
  }
  const variable = /^\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))$/.exec(from.imageText.trim());
  const name = variable?.[1] ?? variable?.[2];
  if (!name) return undefined;
  // The last global declaration with a default is the one substituted.
  for (const arg of [...argInstructions].reverse()) {
    const declaration = new RegExp(`(^|\\s)${name}=(["']?)`).exec(arg.argumentsText);
    if (!declaration) continue;
    const valueStart = arg.argumentsRange[0] + declaration.index + (declaration[1]?.length ?? 0) + name.length + 1;
    const offset = valueStart + (declaration[2]?.length ?? 0);
    if (text.slice(offset, offset + written.length) !== written) return undefined;
    return { range: [offset, offset + written.length], text: repository };
  }
  return undefined;
}
