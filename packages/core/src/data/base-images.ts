// End-of-life dates of base operating-system and language-runtime images.
//
// Sources:
// - CentOS: https://endoflife.date/centos, https://endoflife.date/centos-stream, https://www.centos.org/centos-linux-eol/
// - Debian: https://endoflife.date/debian, https://wiki.debian.org/LTS (the date used is the end of Debian LTS)
// - Ubuntu: https://endoflife.date/ubuntu, https://ubuntu.com/about/release-cycle, https://wiki.ubuntu.com/Releases
//   (the date used is the end of standard support; Ubuntu Pro/ESM is a paid extension)
// - Alpine: https://alpinelinux.org/releases/, https://endoflife.date/alpine-linux
// - Python: https://devguide.python.org/versions/, https://endoflife.date/python
// - Node.js: https://github.com/nodejs/Release, https://endoflife.date/nodejs
// - Go: https://go.dev/doc/devel/release (each release is supported until two newer major releases exist),
//   https://endoflife.date/go
// - PostgreSQL: https://www.postgresql.org/support/versioning/ (five years from a major release; the date used is
//   that of its final minor release), https://endoflife.date/postgresql
// - Image tags: https://hub.docker.com/_/centos, /_/debian, /_/ubuntu, /_/alpine, /_/python, /_/node, /_/golang,
//   /_/postgres
// Compiled: 2026-11-27; the PostgreSQL rows 2026-12-07.
//
// A date in the future is a scheduled end of life; the rule compares it with its check date, never with "now".

export type BaseImageName = 'centos' | 'debian' | 'ubuntu' | 'alpine' | 'python' | 'node' | 'golang' | 'postgres';

export interface BaseImageRow {
  /** Repository name on Docker Hub (also matched as the last path segment of a mirror path). */
  image: BaseImageName;
  /** Version as a tag starts with it: `7`, `20.04`, `3.8`, `18`. A tag `3.8.18` matches `3.8`, `3.80` does not. */
  version: string;
  /** Tag words that name this release on their own: `buster`, `focal`, `hydrogen`, `centos7`. */
  codenames: readonly string[];
  /** Last day of support, `YYYY-MM-DD`. */
  endOfLife: string;
  /** Human name for messages: `CentOS 7`. */
  label: string;
  note?: string;
}

const UBUNTU_MONTH = 'Ubuntu announces the month; the last day of that month is used';

// biome-ignore format: one row per line keeps the table reviewable
export const BASE_IMAGE_ROWS: readonly BaseImageRow[] = [
  { image: 'centos', version: '5', codenames: ['centos5'], endOfLife: '2017-03-31', label: 'CentOS 5' },
  { image: 'centos', version: '6', codenames: ['centos6'], endOfLife: '2020-11-30', label: 'CentOS 6' },
  { image: 'centos', version: '7', codenames: ['centos7'], endOfLife: '2024-06-30', label: 'CentOS 7' },
  { image: 'centos', version: '8', codenames: ['centos8'], endOfLife: '2021-12-31', label: 'CentOS Linux 8' },
  { image: 'centos', version: 'stream8', codenames: ['stream8'], endOfLife: '2024-05-31', label: 'CentOS Stream 8' },
  { image: 'centos', version: 'stream9', codenames: ['stream9'], endOfLife: '2027-05-31', label: 'CentOS Stream 9', note: 'expected end, tied to the end of RHEL 9 full support' },

  { image: 'debian', version: '6', codenames: ['squeeze'], endOfLife: '2016-02-29', label: 'Debian 6 (squeeze)' },
  { image: 'debian', version: '7', codenames: ['wheezy'], endOfLife: '2018-05-31', label: 'Debian 7 (wheezy)' },
  { image: 'debian', version: '8', codenames: ['jessie'], endOfLife: '2020-06-30', label: 'Debian 8 (jessie)' },
  { image: 'debian', version: '9', codenames: ['stretch'], endOfLife: '2022-06-30', label: 'Debian 9 (stretch)' },
  { image: 'debian', version: '10', codenames: ['buster'], endOfLife: '2024-06-30', label: 'Debian 10 (buster)' },
  { image: 'debian', version: '11', codenames: ['bullseye'], endOfLife: '2026-08-31', label: 'Debian 11 (bullseye)' },
  { image: 'debian', version: '12', codenames: ['bookworm'], endOfLife: '2028-06-30', label: 'Debian 12 (bookworm)', note: 'regular security support ends 2026-06-10; LTS to 2028-06-30' },
  { image: 'debian', version: '13', codenames: ['trixie'], endOfLife: '2030-06-30', label: 'Debian 13 (trixie)' },

  { image: 'ubuntu', version: '12.04', codenames: ['precise'], endOfLife: '2017-04-28', label: 'Ubuntu 12.04 (precise)' },
  { image: 'ubuntu', version: '14.04', codenames: ['trusty'], endOfLife: '2019-04-30', label: 'Ubuntu 14.04 (trusty)', note: UBUNTU_MONTH },
  { image: 'ubuntu', version: '16.04', codenames: ['xenial'], endOfLife: '2021-04-30', label: 'Ubuntu 16.04 (xenial)', note: UBUNTU_MONTH },
  { image: 'ubuntu', version: '18.04', codenames: ['bionic'], endOfLife: '2023-05-31', label: 'Ubuntu 18.04 (bionic)' },
  { image: 'ubuntu', version: '20.04', codenames: ['focal'], endOfLife: '2025-05-29', label: 'Ubuntu 20.04 (focal)' },
  { image: 'ubuntu', version: '22.04', codenames: ['jammy'], endOfLife: '2027-06-30', label: 'Ubuntu 22.04 (jammy)', note: UBUNTU_MONTH },
  { image: 'ubuntu', version: '24.04', codenames: ['noble'], endOfLife: '2029-06-30', label: 'Ubuntu 24.04 (noble)', note: UBUNTU_MONTH },
  { image: 'ubuntu', version: '22.10', codenames: ['kinetic'], endOfLife: '2023-07-20', label: 'Ubuntu 22.10 (kinetic)' },
  { image: 'ubuntu', version: '23.04', codenames: ['lunar'], endOfLife: '2024-01-25', label: 'Ubuntu 23.04 (lunar)' },
  { image: 'ubuntu', version: '23.10', codenames: ['mantic'], endOfLife: '2024-07-11', label: 'Ubuntu 23.10 (mantic)' },
  { image: 'ubuntu', version: '24.10', codenames: ['oracular'], endOfLife: '2025-07-10', label: 'Ubuntu 24.10 (oracular)' },

  { image: 'alpine', version: '3.0', codenames: ['alpine3.0'], endOfLife: '2016-05-01', label: 'Alpine 3.0' },
  { image: 'alpine', version: '3.1', codenames: ['alpine3.1'], endOfLife: '2016-11-01', label: 'Alpine 3.1' },
  { image: 'alpine', version: '3.2', codenames: ['alpine3.2'], endOfLife: '2017-05-01', label: 'Alpine 3.2' },
  { image: 'alpine', version: '3.3', codenames: ['alpine3.3'], endOfLife: '2017-11-01', label: 'Alpine 3.3' },
  { image: 'alpine', version: '3.4', codenames: ['alpine3.4'], endOfLife: '2018-05-01', label: 'Alpine 3.4' },
  { image: 'alpine', version: '3.5', codenames: ['alpine3.5'], endOfLife: '2018-11-01', label: 'Alpine 3.5' },
  { image: 'alpine', version: '3.6', codenames: ['alpine3.6'], endOfLife: '2019-05-01', label: 'Alpine 3.6' },
  { image: 'alpine', version: '3.7', codenames: ['alpine3.7'], endOfLife: '2019-11-01', label: 'Alpine 3.7' },
  { image: 'alpine', version: '3.8', codenames: ['alpine3.8'], endOfLife: '2020-05-01', label: 'Alpine 3.8' },
  { image: 'alpine', version: '3.9', codenames: ['alpine3.9'], endOfLife: '2020-11-01', label: 'Alpine 3.9' },
  { image: 'alpine', version: '3.10', codenames: ['alpine3.10'], endOfLife: '2021-05-01', label: 'Alpine 3.10' },
  { image: 'alpine', version: '3.11', codenames: ['alpine3.11'], endOfLife: '2021-11-01', label: 'Alpine 3.11' },
  { image: 'alpine', version: '3.12', codenames: ['alpine3.12'], endOfLife: '2022-05-01', label: 'Alpine 3.12' },
  { image: 'alpine', version: '3.13', codenames: ['alpine3.13'], endOfLife: '2022-11-01', label: 'Alpine 3.13' },
  { image: 'alpine', version: '3.14', codenames: ['alpine3.14'], endOfLife: '2023-05-01', label: 'Alpine 3.14' },
  { image: 'alpine', version: '3.15', codenames: ['alpine3.15'], endOfLife: '2023-11-01', label: 'Alpine 3.15' },
  { image: 'alpine', version: '3.16', codenames: ['alpine3.16'], endOfLife: '2024-05-23', label: 'Alpine 3.16' },
  { image: 'alpine', version: '3.17', codenames: ['alpine3.17'], endOfLife: '2024-11-22', label: 'Alpine 3.17' },
  { image: 'alpine', version: '3.18', codenames: ['alpine3.18'], endOfLife: '2025-05-09', label: 'Alpine 3.18' },
  { image: 'alpine', version: '3.19', codenames: ['alpine3.19'], endOfLife: '2025-11-01', label: 'Alpine 3.19' },
  { image: 'alpine', version: '3.20', codenames: ['alpine3.20'], endOfLife: '2026-04-01', label: 'Alpine 3.20' },
  { image: 'alpine', version: '3.21', codenames: ['alpine3.21'], endOfLife: '2026-11-01', label: 'Alpine 3.21' },
  { image: 'alpine', version: '3.22', codenames: ['alpine3.22'], endOfLife: '2027-05-01', label: 'Alpine 3.22' },
  { image: 'alpine', version: '3.23', codenames: ['alpine3.23'], endOfLife: '2027-11-01', label: 'Alpine 3.23' },

  { image: 'python', version: '2', codenames: [], endOfLife: '2020-01-01', label: 'Python 2' },
  { image: 'python', version: '3.3', codenames: [], endOfLife: '2017-09-29', label: 'Python 3.3' },
  { image: 'python', version: '3.4', codenames: [], endOfLife: '2019-03-18', label: 'Python 3.4' },
  { image: 'python', version: '3.5', codenames: [], endOfLife: '2020-09-30', label: 'Python 3.5' },
  { image: 'python', version: '3.6', codenames: [], endOfLife: '2021-12-23', label: 'Python 3.6' },
  { image: 'python', version: '3.7', codenames: [], endOfLife: '2023-06-27', label: 'Python 3.7' },
  { image: 'python', version: '3.8', codenames: [], endOfLife: '2024-10-07', label: 'Python 3.8' },
  { image: 'python', version: '3.9', codenames: [], endOfLife: '2025-10-31', label: 'Python 3.9' },
  { image: 'python', version: '3.10', codenames: [], endOfLife: '2026-10-31', label: 'Python 3.10' },
  { image: 'python', version: '3.11', codenames: [], endOfLife: '2027-10-31', label: 'Python 3.11', note: 'scheduled (PEP 664: October 2027)' },
  { image: 'python', version: '3.12', codenames: [], endOfLife: '2028-10-31', label: 'Python 3.12', note: 'scheduled (PEP 693: October 2028)' },
  { image: 'python', version: '3.13', codenames: [], endOfLife: '2029-10-31', label: 'Python 3.13', note: 'scheduled (PEP 719: October 2029)' },

  { image: 'node', version: '0.10', codenames: [], endOfLife: '2016-10-31', label: 'Node.js 0.10' },
  { image: 'node', version: '0.12', codenames: [], endOfLife: '2016-12-31', label: 'Node.js 0.12' },
  { image: 'node', version: '4', codenames: ['argon'], endOfLife: '2018-04-30', label: 'Node.js 4 (argon)' },
  { image: 'node', version: '5', codenames: [], endOfLife: '2016-06-30', label: 'Node.js 5' },
  { image: 'node', version: '6', codenames: ['boron'], endOfLife: '2019-04-30', label: 'Node.js 6 (boron)' },
  { image: 'node', version: '7', codenames: [], endOfLife: '2017-06-30', label: 'Node.js 7' },
  { image: 'node', version: '8', codenames: ['carbon'], endOfLife: '2019-12-31', label: 'Node.js 8 (carbon)' },
  { image: 'node', version: '9', codenames: [], endOfLife: '2018-06-30', label: 'Node.js 9' },
  { image: 'node', version: '10', codenames: ['dubnium'], endOfLife: '2021-04-30', label: 'Node.js 10 (dubnium)' },
  { image: 'node', version: '11', codenames: [], endOfLife: '2019-06-01', label: 'Node.js 11' },
  { image: 'node', version: '12', codenames: ['erbium'], endOfLife: '2022-04-30', label: 'Node.js 12 (erbium)' },
  { image: 'node', version: '13', codenames: [], endOfLife: '2020-06-01', label: 'Node.js 13' },
  { image: 'node', version: '14', codenames: ['fermium'], endOfLife: '2023-04-30', label: 'Node.js 14 (fermium)' },
  { image: 'node', version: '15', codenames: [], endOfLife: '2021-06-01', label: 'Node.js 15' },
  { image: 'node', version: '16', codenames: ['gallium'], endOfLife: '2023-09-11', label: 'Node.js 16 (gallium)', note: 'ended early with OpenSSL 1.1.1' },
  { image: 'node', version: '17', codenames: [], endOfLife: '2022-06-01', label: 'Node.js 17' },
  { image: 'node', version: '18', codenames: ['hydrogen'], endOfLife: '2025-04-30', label: 'Node.js 18 (hydrogen)' },
  { image: 'node', version: '19', codenames: [], endOfLife: '2023-06-01', label: 'Node.js 19' },
  { image: 'node', version: '20', codenames: ['iron'], endOfLife: '2026-04-30', label: 'Node.js 20 (iron)' },
  { image: 'node', version: '21', codenames: [], endOfLife: '2024-06-01', label: 'Node.js 21' },
  { image: 'node', version: '22', codenames: ['jod'], endOfLife: '2027-04-30', label: 'Node.js 22 (jod)' },
  { image: 'node', version: '23', codenames: [], endOfLife: '2025-06-01', label: 'Node.js 23' },
  { image: 'node', version: '24', codenames: ['krypton'], endOfLife: '2028-04-30', label: 'Node.js 24 (krypton)' },

  { image: 'golang', version: '1.10', codenames: [], endOfLife: '2019-02-25', label: 'Go 1.10' },
  { image: 'golang', version: '1.11', codenames: [], endOfLife: '2019-09-03', label: 'Go 1.11' },
  { image: 'golang', version: '1.12', codenames: [], endOfLife: '2020-02-25', label: 'Go 1.12' },
  { image: 'golang', version: '1.13', codenames: [], endOfLife: '2020-08-11', label: 'Go 1.13' },
  { image: 'golang', version: '1.14', codenames: [], endOfLife: '2021-02-16', label: 'Go 1.14' },
  { image: 'golang', version: '1.15', codenames: [], endOfLife: '2021-08-16', label: 'Go 1.15' },
  { image: 'golang', version: '1.16', codenames: [], endOfLife: '2022-03-15', label: 'Go 1.16' },
  { image: 'golang', version: '1.17', codenames: [], endOfLife: '2022-08-02', label: 'Go 1.17' },
  { image: 'golang', version: '1.18', codenames: [], endOfLife: '2023-02-01', label: 'Go 1.18' },
  { image: 'golang', version: '1.19', codenames: [], endOfLife: '2023-08-08', label: 'Go 1.19' },
  { image: 'golang', version: '1.20', codenames: [], endOfLife: '2024-02-06', label: 'Go 1.20' },
  { image: 'golang', version: '1.21', codenames: [], endOfLife: '2024-08-13', label: 'Go 1.21' },
  { image: 'golang', version: '1.22', codenames: [], endOfLife: '2025-02-11', label: 'Go 1.22' },
  { image: 'golang', version: '1.23', codenames: [], endOfLife: '2025-08-12', label: 'Go 1.23' },

  { image: 'postgres', version: '9.3', codenames: [], endOfLife: '2018-11-08', label: 'PostgreSQL 9.3' },
  { image: 'postgres', version: '9.4', codenames: [], endOfLife: '2020-02-13', label: 'PostgreSQL 9.4' },
  { image: 'postgres', version: '9.5', codenames: [], endOfLife: '2021-02-11', label: 'PostgreSQL 9.5' },
  { image: 'postgres', version: '9.6', codenames: [], endOfLife: '2021-11-11', label: 'PostgreSQL 9.6' },
  { image: 'postgres', version: '10', codenames: [], endOfLife: '2022-11-10', label: 'PostgreSQL 10' },
  { image: 'postgres', version: '11', codenames: [], endOfLife: '2023-11-09', label: 'PostgreSQL 11' },
  { image: 'postgres', version: '12', codenames: [], endOfLife: '2024-11-21', label: 'PostgreSQL 12' },
  { image: 'postgres', version: '13', codenames: [], endOfLife: '2025-11-13', label: 'PostgreSQL 13' },
  { image: 'postgres', version: '14', codenames: [], endOfLife: '2026-11-12', label: 'PostgreSQL 14' },
  { image: 'postgres', version: '15', codenames: [], endOfLife: '2027-11-11', label: 'PostgreSQL 15', note: 'scheduled' },
  { image: 'postgres', version: '16', codenames: [], endOfLife: '2028-11-09', label: 'PostgreSQL 16', note: 'scheduled' },
  { image: 'postgres', version: '17', codenames: [], endOfLife: '2029-11-08', label: 'PostgreSQL 17', note: 'scheduled' },
];

const DISTRIBUTIONS: ReadonlySet<BaseImageName> = new Set(['centos', 'debian', 'ubuntu', 'alpine']);

/**
 * Official images whose tags name the distribution they are built on (`3.11-slim-buster`, `18-alpine3.16`,
 * `1.21-bullseye`); for these, an end-of-life distribution in the tag counts too.
 */
export const IMAGES_WITH_DISTRIBUTION_VARIANTS: ReadonlySet<string> = new Set([
  'python',
  'node',
  'golang',
  'ruby',
  'php',
  'perl',
  'rust',
  'openjdk',
  'eclipse-temurin',
  'maven',
  'gradle',
  'buildpack-deps',
  'erlang',
  'elixir',
  'haskell',
  'julia',
  'nginx',
  'httpd',
  'postgres',
  'redis',
  'memcached',
]);

/** The repository name without registry, organisation, tag or digest: `docker.io/library/python:3` -> `python`. */
export function imageNameOf(imageRepository: string): string {
  const withoutDigest = imageRepository.split('@')[0] ?? '';
  const lastSegment = withoutDigest.split('/').pop() ?? '';
  return (lastSegment.split(':')[0] ?? '').toLowerCase();
}

function versionMatches(rowVersion: string, tagWord: string): boolean {
  // `7.9.2009` -> [7, 9, 2009]; `1.21rc2` -> [1, 21]; a word that does not start with a digit is no version.
  const leading = /^\d+(?:\.\d+)*/.exec(tagWord);
  if (!leading) return false;
  const rest = tagWord.slice(leading[0].length);
  if (rest !== '' && !/^[a-z]/.test(rest)) return false;
  const tagParts = leading[0].split('.');
  const rowParts = rowVersion.split('.');
  if (tagParts.length < rowParts.length) return false;
  return rowParts.every((part, index) => Number(part) === Number(tagParts[index]));
}

function rowMatchesTag(row: BaseImageRow, words: readonly string[]): boolean {
  let first = words[0] ?? '';
  if (row.image === 'centos' && first.startsWith('centos')) first = first.slice('centos'.length);
  if (/^\d/.test(row.version) ? versionMatches(row.version, first) : first === row.version) return true;
  return words.some((word) => row.codenames.includes(word));
}

/** Distribution rows named by a variant word of a runtime image's tag: `buster`, `focal`, `alpine3.12`. */
function distributionVariantRows(words: readonly string[]): BaseImageRow[] {
  const variantWords = words.slice(1);
  return BASE_IMAGE_ROWS.filter(
    (row) => DISTRIBUTIONS.has(row.image) && row.codenames.some((codename) => variantWords.includes(codename)),
  );
}

/**
 * Every table row a tag falls under: the image's own release, and for official runtime images also the
 * distribution named in the tag. A floating tag (`latest`, `3`, `lts`, `alpine`, `stable`) matches nothing.
 */
export function endOfLifeMatchesFor(imageRepository: string, tag: string): BaseImageRow[] {
  // The same few images recur across a corpus; the table is constant, so answers can be kept.
  const key = `${imageRepository}\u0000${tag}`;
  const known = matchesByImage.get(key);
  if (known) return known;
  const matches = findMatches(imageRepository, tag);
  if (matchesByImage.size > 10_000) matchesByImage.clear();
  matchesByImage.set(key, matches);
  return matches;
}

const matchesByImage = new Map<string, BaseImageRow[]>();

function findMatches(imageRepository: string, tag: string): BaseImageRow[] {
  const name = imageNameOf(imageRepository);
  const words = tag.trim().toLowerCase().split('-').filter(Boolean);
  if (words.length === 0) return [];
  const own = BASE_IMAGE_ROWS.filter((row) => row.image === name && rowMatchesTag(row, words));
  const variants = IMAGES_WITH_DISTRIBUTION_VARIANTS.has(name) ? distributionVariantRows(words) : [];
  return [...own, ...variants.filter((row) => !own.includes(row))];
}

/**
 * The row that ends soonest among those the image and tag fall under (so that `python:3.12-slim-buster` reports
 * Debian 10), or undefined when the table does not know the image or the tag is floating.
 */
export function endOfLifeFor(imageRepository: string, tag: string): BaseImageRow | undefined {
  let soonest: BaseImageRow | undefined;
  for (const row of endOfLifeMatchesFor(imageRepository, tag)) {
    if (!soonest || row.endOfLife < soonest.endOfLife) soonest = row;
  }
  return soonest;
}

/** Whether a row's end of life is before the check date (`YYYY-MM-DD`); the end date itself is still supported. */
export function isPastEndOfLife(row: BaseImageRow, checkDate: string): boolean {
  return row.endOfLife < checkDate;
}
