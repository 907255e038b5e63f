// Where the organisation (Rubin Observatory / LSST) publishes the images it builds itself.
//
// Sources:
// - GitHub container registry organisations: https://github.com/orgs/lsst/packages (the Science Pipelines
//   image ghcr.io/lsst/scipipe, see https://pipelines.lsst.io/install/docker.html),
//   https://github.com/orgs/lsst-sqre/packages (the Phalanx services, see https://phalanx.lsst.io),
//   https://github.com/orgs/lsst-dm/packages, https://github.com/orgs/lsst-so/packages (rubintv_production),
//   https://github.com/orgs/lsst-ts/packages (Telescope and Site software),
//   https://github.com/orgs/lsst-sitcom/packages (System Integration, Test and Commissioning: rubin_exp_checker,
//   which Phalanx's exposure-checker deploys)
// - Telescope and Site Docker Hub organisation: https://hub.docker.com/u/lsstts
// - Data Management Docker Hub organisation: https://hub.docker.com/u/lsstdm (lsstdm/lsst_alert_packet is built
//   from lsst/alert_packet; Phalanx deploys lsstdm images in sasquatch, uws and production-tools)
// - Qserv's Docker Hub organisation: https://hub.docker.com/u/qserv (github.com/lsst/qserv-operator's env.build.sh
//   pushes qserv/qserv-operator; its manifests run qserv/lite-qserv and qserv/lite-mariadb, built from lsst/qserv)
// - Telescope and Site Nexus registry ts-dockerhub.lsst.org: named as the image registry of the summit and test
//   stands in the lsst-ts repositories' build files and in Phalanx's values for those environments
// Compiled: 2026-12-06; lsst-sitcom, lsstdm and qserv added 2026-12-07.
//
// The Docker Hub organisations `lsstsqre` and `lsst` are the configuration's trustedDockerHubOrganizations
// (architecture contract); the rows here are the other places, as registry locations (host and path prefix).

export interface OrganisationRegistry {
  /** Registry host with a path prefix: images under it are the organisation's own. */
  location: string;
  /** Who publishes there. */
  owner: string;
  source: string;
}

// biome-ignore format: one row per line keeps the table reviewable
export const ORGANISATION_REGISTRIES: readonly OrganisationRegistry[] = [
  { location: 'ghcr.io/lsst', owner: 'Rubin Observatory (Science Pipelines, scipipe)', source: 'https://github.com/orgs/lsst/packages' },
  { location: 'ghcr.io/lsst-sqre', owner: 'Rubin SQuaRE (Phalanx services)', source: 'https://github.com/orgs/lsst-sqre/packages' },
  { location: 'ghcr.io/lsst-dm', owner: 'Rubin Data Management', source: 'https://github.com/orgs/lsst-dm/packages' },
  { location: 'ghcr.io/lsst-so', owner: 'Rubin Summit Operations', source: 'https://github.com/orgs/lsst-so/packages' },
  { location: 'ghcr.io/lsst-ts', owner: 'Rubin Telescope and Site', source: 'https://github.com/orgs/lsst-ts/packages' },
  { location: 'ghcr.io/lsst-sitcom', owner: 'Rubin System Integration, Test and Commissioning', source: 'https://github.com/orgs/lsst-sitcom/packages' },
  { location: 'docker.io/lsstts', owner: 'Rubin Telescope and Site (Docker Hub)', source: 'https://hub.docker.com/u/lsstts' },
  { location: 'docker.io/lsstdm', owner: 'Rubin Data Management (Docker Hub)', source: 'https://hub.docker.com/u/lsstdm' },
  { location: 'docker.io/qserv', owner: 'Rubin Data Management (Qserv, Docker Hub)', source: 'https://hub.docker.com/u/qserv' },
  { location: 'ts-dockerhub.lsst.org', owner: 'Rubin Telescope and Site (Nexus registry)', source: 'lsst-ts build files and Phalanx values for the summit and test stands' },
];

// Registries of a publisher the guideline already trusts, whose images it builds from source, scans and keeps
// patched like the Docker Hub official images of DMTN-095 1.2.2 (trusted because they are "scanned for
// vulnerabilities"): Docker Hardened Images, free to pull from dhi.io since December 2025.
//
// Sources:
// - https://docs.docker.com/dhi/ (what the images are, how Docker builds, scans and signs them)
// - https://docs.docker.com/dhi/how-to/use/ (the registry dhi.io, for the images anyone may pull)
// Compiled: 2026-12-07.

// biome-ignore format: one row per line keeps the table reviewable
export const VETTED_PUBLISHER_REGISTRIES: readonly OrganisationRegistry[] = [
  { location: 'dhi.io', owner: 'Docker (Docker Hardened Images)', source: 'https://docs.docker.com/dhi/' },
];

/** The default `registries.trusted`: the organisation's own registries, then vetted publishers' registries. */
export function defaultTrustedLocations(): string[] {
  return [...ORGANISATION_REGISTRIES, ...VETTED_PUBLISHER_REGISTRIES].map((row) => row.location);
}
