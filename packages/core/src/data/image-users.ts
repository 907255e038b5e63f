// The user well-known base images run as when a Dockerfile built on them sets no USER of its own.
//
// Sources (each image's own Dockerfile, as published with it; the last USER instruction decides):
// - Docker Hub official images build from https://github.com/docker-library/official-images; those listed as
//   root set no USER (python, node, golang, debian, ubuntu, alpine, centos, almalinux, rockylinux, fedora,
//   nginx, httpd, postgres, mariadb, mysql, redis, busybox, rust, eclipse-temurin, amazonlinux) — e.g.
//   https://github.com/docker-library/python/blob/master/Dockerfile-linux.template
// - `scratch` has no user database: the process runs as uid 0 (https://docs.docker.com/build/building/base-images/)
// - ghcr.io/lsst/scipipe, lsstsqre/centos (the Science Pipelines) and lsstsqre/newinstall run as `lsst`:
//   https://pipelines.lsst.io/install/docker.html (the container's user and /home/lsst), and the images
//   derived from them switch to `USER root` to install packages and back to `USER lsst`
// - nginxinc/nginx-unprivileged: https://github.com/nginxinc/docker-nginx-unprivileged (USER 101)
// - gcr.io/distroless: https://github.com/GoogleContainerTools/distroless#debug-images (`:nonroot` tags run as
//   65532, the others as root)
// - quay.io/jupyterhub/k8s-hub and k8s-singleuser-sample: https://github.com/jupyterhub/zero-to-jupyterhub-k8s
//   images/hub/Dockerfile (USER ${NB_USER}, uid 1000)
// - jupyter/* and quay.io/jupyter/* docker-stacks: https://jupyter-docker-stacks.readthedocs.io (USER jovyan, 1000)
// - mambaorg/micromamba: https://github.com/mamba-org/micromamba-docker (USER mambauser, 57439)
// - bitnami/*: https://github.com/bitnami/containers (non-root images, USER 1001)
// - jenkins/jenkins: https://github.com/jenkinsci/docker (USER jenkins)
// - lsstts/base-env, lsstts/salobj, lsstts/develop-env and lsstts/deploy-env, the Telescope and Site software's
//   base images, run as `saluser`: https://github.com/lsst-ts/ts_Dockerfiles builds them (Jenkinsfile.base,
//   Jenkinsfile.salobj, Jenkinsfile.develop-env, Jenkinsfile.deploy-env) from develop-env/base,
//   develop-env/salobj, develop-env/develop-env and deploy-env/conda, each ending in `USER saluser`
// - images.opencadc.org/library/cadc-tomcat and cadc-java, CADC's bases for its web services: their Dockerfiles
//   (https://github.com/opencadc/docker-base, cadc-tomcat/Dockerfile and cadc-java/Dockerfile, every version
//   from 1.0 to 1.6) create the users `tomcat` and `opencadc` (uid 8675309) but set no USER; the READMEs run
//   them with `--user tomcat:tomcat`. Checked 2026-12-08.
// - mysql/mysql-server, Oracle's MySQL image: https://github.com/mysql/mysql-docker mysql-server/*/Dockerfile
//   sets no USER; its docker-entrypoint.sh starts mysqld with `--user=mysql` when it runs as root, and as its
//   own uid otherwise. Checked 2026-12-08.
// - confluentinc/cp-kafka, cp-zookeeper, cp-schema-registry, cp-kafka-connect(-base) and cp-kafka-rest 3.x to
//   5.x: built from https://github.com/confluentinc/cp-docker-images (debian/<component>/Dockerfile on
//   debian/base), where no tag sets a USER (only kafka-streams-examples did); 6.0 and later are built
//   elsewhere and are not in the table. Checked 2026-12-08.
// Compiled: 2026-12-06.

export interface ImageUserRow {
  /** Repository as `registry/path` (Docker Hub as `docker.io/library/python`); a trailing `/*` matches below it. */
  repository: string;
  /** When given, the row applies only to tags matching it. */
  tagPattern?: RegExp;
  user: string;
}

// biome-ignore format: one row per line keeps the table reviewable
export const IMAGE_USER_ROWS: readonly ImageUserRow[] = [
  { repository: 'ghcr.io/lsst/scipipe', user: 'lsst' },
  { repository: 'docker.io/lsstsqre/centos', user: 'lsst' },
  { repository: 'docker.io/lsstsqre/newinstall', user: 'lsst' },
  { repository: 'docker.io/nginxinc/nginx-unprivileged', user: '101' },
  { repository: 'gcr.io/distroless/*', tagPattern: /nonroot/, user: '65532' },
  { repository: 'gcr.io/distroless/*', user: 'root' },
  { repository: 'quay.io/jupyterhub/k8s-hub', user: '1000' },
  { repository: 'quay.io/jupyterhub/k8s-singleuser-sample', user: '1000' },
  { repository: 'quay.io/jupyter/*', user: 'jovyan' },
  { repository: 'docker.io/jupyter/*', user: 'jovyan' },
  { repository: 'docker.io/mambaorg/micromamba', user: 'mambauser' },
  { repository: 'docker.io/bitnami/*', user: '1001' },
  { repository: 'docker.io/jenkins/jenkins', user: 'jenkins' },
  { repository: 'images.opencadc.org/library/cadc-tomcat', user: 'root' },
  { repository: 'images.opencadc.org/library/cadc-java', user: 'root' },
  { repository: 'docker.io/mysql/mysql-server', user: 'root' },
  ...['cp-kafka', 'cp-zookeeper', 'cp-schema-registry', 'cp-kafka-connect', 'cp-kafka-connect-base', 'cp-kafka-rest']
    .map((name) => ({ repository: `docker.io/confluentinc/${name}`, tagPattern: /^[345]\./, user: 'root' })),
  ...['base-env', 'salobj', 'develop-env', 'deploy-env'].map((name) => ({ repository: `docker.io/lsstts/${name}`, user: 'saluser' })),
  ...['python', 'node', 'golang', 'debian', 'ubuntu', 'alpine', 'centos', 'almalinux', 'rockylinux', 'fedora', 'nginx', 'httpd', 'postgres', 'mariadb', 'mysql', 'redis', 'busybox', 'rust', 'eclipse-temurin', 'amazonlinux']
    .map((name) => ({ repository: `docker.io/library/${name}`, user: 'root' })),
];

/**
 * The user of a repository whatever its tag (a tag only known at build time): the table's, when no row for it
 * depends on the tag; undefined otherwise.
 */
export function knownImageUserAnyTag(repository: string): string | undefined {
  const rows = IMAGE_USER_ROWS.filter((row) =>
    row.repository.endsWith('/*') ? repository.startsWith(row.repository.slice(0, -1)) : repository === row.repository,
  );
  if (rows.length === 0 || rows.some((row) => row.tagPattern !== undefined)) return undefined;
  return rows[0]?.user;
}

/** The user of a base image from the table, or undefined when it is not known. */
export function knownImageUser(repository: string, tag: string | undefined): string | undefined {
  for (const row of IMAGE_USER_ROWS) {
    const matches = row.repository.endsWith('/*')
      ? repository.startsWith(row.repository.slice(0, -1))
      : repository === row.repository;
    if (!matches) continue;
    if (row.tagPattern && !row.tagPattern.test(tag ?? '')) continue;
    return row.user;
  }
  return undefined;
}

// Official images that start as root and whose entrypoint hands the server to the image's own user with gosu
// (`exec gosu postgres "$BASH_SOURCE" "$@"`), and that also start as that user when told to: the
// docker-entrypoint.sh of https://github.com/docker-library/postgres, /mysql and /mariadb (gosu mysql), and
// /redis (gosu redis), and the "Arbitrary --user" notes of their Docker Hub pages. Compiled: 2026-12-07.
const ENTRYPOINT_USERS: ReadonlyMap<string, string> = new Map([
  ['docker.io/library/postgres', 'postgres'],
  ['docker.io/library/mysql', 'mysql'],
  ['docker.io/library/mariadb', 'mysql'],
  ['docker.io/library/redis', 'redis'],
  // Oracle's own image (sources above): mysqld --user=mysql rather than gosu, to the same end.
  ['docker.io/mysql/mysql-server', 'mysql'],
]);

/** The user an image's entrypoint switches to after starting as root, for the images known to. */
export function entrypointUserOf(repository: string): string | undefined {
  return ENTRYPOINT_USERS.get(repository);
}

// Images that run as root but create a user of their own to be run as, and leave the switch to whoever runs
// them (`docker run --user tomcat:tomcat` in their README): https://github.com/opencadc/docker-base, as above.
const RUN_AS_USERS: ReadonlyMap<string, string> = new Map([
  ['images.opencadc.org/library/cadc-tomcat', 'tomcat'],
  ['images.opencadc.org/library/cadc-java', 'opencadc'],
]);

/** The user a root image creates to be run as, leaving the switch to its users, for the images known to. */
export function documentedRunUserOf(repository: string): string | undefined {
  return RUN_AS_USERS.get(repository);
}

/** `root`, `0`, `root:root`, `0:0`. */
export function isRootUserName(user: string): boolean {
  const name = user.trim().split(':')[0]?.trim();
  return name === 'root' || name === '0';
}
