// Image tags that name whatever was pushed last rather than one fixed build.
//
// Sources:
// - `latest`: https://docs.docker.com/reference/cli/docker/image/tag/ (the tag used when none is given)
// - Branch and channel tags (`main`, `master`, `develop`, `edge`, `nightly`, `stable`): the tagging of
//   docker/metadata-action (https://github.com/docker/metadata-action#tags-input: `type=ref,event=branch`,
//   `type=edge`, `type=schedule` whose default pattern is `nightly`), and Docker Hub official images'
//   channel tags (https://hub.docker.com/_/nginx: `stable`, `mainline`)
// - The Science Pipelines' rolling tags `d_latest` (newest daily), `w_latest` (newest weekly), `r_latest`
//   (newest release) and `7-stack-lsst_distrib-w_latest`: https://pipelines.lsst.io/install/docker.html
//   and https://developer.lsst.io/stack/conda.html (the tags of ghcr.io/lsst/scipipe and lsstsqre/centos)
// - The organisation's ticket-branch builds `tickets-DM-NNNNN`, pushed again with each push to the branch:
//   https://github.com/lsst-sqre/phalanx/blob/main/docs/developers/deploy-from-a-branch.rst ("SQuaRE Docker
//   images are tagged with the Git branch or tag they are built from ... tickets-DM-NNNNN"), built by
//   https://github.com/lsst-sqre/build-and-push-to-ghcr (action.yaml: "tags it with the current git branch/tag ref")
// Compiled: 2026-12-06; ticket branches 2026-12-07.
//
// A version tag that is only partly given (`3.12`, `1`) also moves with each patch release; the guideline asks
// for images that can always be rebuilt the same way, which a release line gives, so those are not listed.
//
// Docker Hub official images tag each release with its version, and name the newest release of a variant by
// the variant alone (`nginx:alpine`, `python:slim`, `node:lts`, `eclipse-temurin:jre`): a tag without a digit
// on an official image moves with each release (https://github.com/docker-library/official-images, each
// image's "Shared Tags", e.g. https://hub.docker.com/_/nginx: `alpine` beside `1.27.2-alpine`). The operating
// systems are the exception: their code names are release lines (`debian:bookworm`, `ubuntu:noble`), as a
// partly given version is.

export interface MovingTag {
  /** The tag, or a glob on it where `*` matches any characters. */
  tag: string;
  /** Completes "... uses the moving tag X: ...". */
  meaning: string;
}

// biome-ignore format: one row per line keeps the table reviewable
export const MOVING_TAGS: readonly MovingTag[] = [
  { tag: 'latest', meaning: 'whatever was pushed last' },
  { tag: 'main', meaning: 'the build of a branch, pushed again with every merge' },
  { tag: 'master', meaning: 'the build of a branch, pushed again with every merge' },
  { tag: 'develop', meaning: 'the build of a branch, pushed again with every merge' },
  { tag: 'dev', meaning: 'the build of a branch, pushed again with every merge' },
  { tag: 'edge', meaning: 'the newest build of the default branch' },
  { tag: 'nightly', meaning: 'rebuilt every night' },
  { tag: 'daily', meaning: 'rebuilt every day' },
  { tag: 'weekly', meaning: 'rebuilt every week' },
  { tag: 'stable', meaning: 'moved to each new stable release' },
  { tag: 'mainline', meaning: 'moved to each new mainline release' },
  { tag: 'rolling', meaning: 'moved to each new release' },
  { tag: 'd_latest', meaning: 'the newest daily build of the Science Pipelines' },
  { tag: 'w_latest', meaning: 'the newest weekly build of the Science Pipelines' },
  { tag: 'r_latest', meaning: 'the newest release of the Science Pipelines' },
  { tag: '*[-_]latest', meaning: 'the newest build of a line of builds' },
  { tag: 'tickets-*', meaning: 'the build of a ticket branch, pushed again with every push to it' },
];

/** Docker Hub official images of operating systems, whose tags without a digit name a release line. */
export const OPERATING_SYSTEM_IMAGES: readonly string[] = [
  'almalinux',
  'alpine',
  'amazonlinux',
  'archlinux',
  'busybox',
  'centos',
  'clearlinux',
  'debian',
  'fedora',
  'mageia',
  'oraclelinux',
  'photon',
  'rockylinux',
  'sourcemage',
  'ubuntu',
];

/** What an official image's tag without a version means, or undefined when the tag has a digit or the image is an operating system. */
export function versionlessOfficialTag(officialName: string, tag: string): string | undefined {
  if (/[0-9]/.test(tag) || OPERATING_SYSTEM_IMAGES.includes(officialName)) return undefined;
  return `the newest release of ${officialName} in that variant, moved with each release`;
}

/** The default `images.movingTags`. */
export function movingTagPatterns(): string[] {
  return MOVING_TAGS.map((row) => row.tag);
}

// Every image's tag is matched against the same few patterns: each is compiled once.
const compiledGlobs = new Map<string, RegExp>();

function globToRegExp(glob: string): RegExp {
  let compiled = compiledGlobs.get(glob);
  if (compiled === undefined) {
    const escaped = glob.replace(/[.+?^${}()|\\]/g, '\\$&').replace(/\*/g, '.*');
    compiled = new RegExp(`^${escaped}$`);
    // A long editor session may see many configurations: the cache stays small.
    if (compiledGlobs.size >= 1000) compiledGlobs.clear();
    compiledGlobs.set(glob, compiled);
  }
  return compiled;
}

/** The configured pattern a tag matches (exactly, case-sensitively as registries are), or undefined. */
export function movingTagMatch(tag: string, patterns: readonly string[]): string | undefined {
  return patterns.find((pattern) => (pattern.includes('*') ? globToRegExp(pattern).test(tag) : pattern === tag));
}

/** Why a matched tag moves, from the table; a configured tag outside it gets a general phrase. */
export function movingTagMeaning(pattern: string): string {
  return MOVING_TAGS.find((row) => row.tag === pattern)?.meaning ?? 'a tag that is moved to newer builds';
}
