import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { writeTree } from '../../test-support/file-tree.ts';
import { defaultResolvedConfig } from '../config/load.ts';
import { checkText } from '../engine/check.ts';
import { SiblingImages } from './sibling-images.ts';

function tree(files: Record<string, string>): string {
  return writeTree('lsst-sibling-images-', files);
}

/** The run-as-non-root findings of one Dockerfile of the tree, checked as the CLI checks a file on disk. */
function userFindings(folder: string, path: string, siblings = new SiblingImages()) {
  const absolute = join(folder, path);
  const result = checkText(
    { path, text: readFileSync(absolute, 'utf8'), kind: 'dockerfile' },
    { config: defaultResolvedConfig(), ...siblings.optionsFor(absolute) },
  );
  return result.findings
    .filter((finding) => finding.rule === 'security/run-as-non-root')
    .map((finding) => `${finding.severity}: ${finding.message}`);
}

// Shaped like a repository of Telescope and Site images: one folder per image, built on one another.
const repository = {
  '.git/HEAD': 'ref: refs/heads/main\n',
  'build/oods/Dockerfile':
    'ARG cycle\nARG hub\nFROM ${hub}/deploy-sqre:${cycle}\nARG LSST_USER=saluser\nUSER root\nRUN dnf install -y git\nUSER ${LSST_USER}\n',
  'build/atoods/Dockerfile':
    'ARG cycle\nARG hub\nFROM ${hub}/oods:${cycle}\nCOPY startup.sh /home/saluser/.startup.sh\n',
  'build/crio/Dockerfile': 'ARG cycle\nARG hub\nFROM ${hub}/oods:${cycle}\nWORKDIR /home/saluser\n',
  'build/sim/Dockerfile': 'ARG cycle\nARG hub\nFROM ${hub}/crio:${cycle}\nCOPY sim /sim\n',
  'build/rooted/Dockerfile': 'FROM almalinux:9\nRUN dnf install -y tini && dnf clean all\nUSER root\n',
  'build/onrooted/Dockerfile': 'ARG hub\nFROM ${hub}/rooted:1.0\nCOPY app /app\n',
  'build/unknownbase/Dockerfile': 'FROM ghcr.io/example/service-base:3.1\nRUN true\n',
  'build/onunknown/Dockerfile': 'ARG hub\nFROM ${hub}/unknownbase:2\nCOPY app /app\n',
  'build/python/Dockerfile': 'FROM almalinux:9\nUSER 1000\n',
  'build/onpython/Dockerfile': 'FROM python:3.12-slim\nCOPY app /app\n',
  'build/selfbased/Dockerfile': 'ARG previous\nFROM ghcr.io/example/selfbased:${previous}\nRUN true\n',
  'build/loop-a/Dockerfile': 'FROM example/loop-b:1\n',
  'build/loop-b/Dockerfile': 'FROM example/loop-a:1\n',
  'build/onloop/Dockerfile': 'FROM example/loop-a:1\nCOPY app /app\n',
  Dockerfile: 'ARG hub\nFROM ${hub}/oods:1\nCOPY app /app\n',
};

test('a base image built in the folder beside, named as the image, runs as its last USER: no finding', () => {
  const folder = tree(repository);
  assert.deepEqual(userFindings(folder, 'build/atoods/Dockerfile'), []);
  // Through a chain: sim on crio, which sets no USER, on oods, which does.
  assert.deepEqual(userFindings(folder, 'build/sim/Dockerfile'), []);
});

test('a base image built beside that runs as root is an error naming its Dockerfile', () => {
  const folder = tree(repository);
  assert.deepEqual(userFindings(folder, 'build/onrooted/Dockerfile'), [
    'error: The final stage has no USER, and its base image "${hub}/rooted:1.0", built from ../rooted/Dockerfile, runs as root, so the container runs as root. Processes in a container do not run as root (guideline 1.2.4): add a non-root USER (e.g. "USER 65534") at the end of the final stage.',
  ]);
});

test('a base image built beside on a base whose user is not known stays a warning, naming its Dockerfile', () => {
  const folder = tree(repository);
  const [finding, ...rest] = userFindings(folder, 'build/onunknown/Dockerfile');
  assert.equal(rest.length, 0);
  assert.match(
    finding ?? '',
    /^warning: .*"\$\{hub\}\/unknownbase:2", built from \.\.\/unknownbase\/Dockerfile, which sets no USER/,
  );
});

test('what the table knows comes first; the own folder, a loop and a repository top are never followed', () => {
  const folder = tree(repository);
  assert.match(
    userFindings(folder, 'build/onpython/Dockerfile')[0] ?? '',
    /^error: .*"python:3\.12-slim" runs as root/,
  );
  assert.match(
    userFindings(folder, 'build/selfbased/Dockerfile')[0] ?? '',
    /^warning: .*which is only known at build time/,
  );
  assert.match(
    userFindings(folder, 'build/onloop/Dockerfile')[0] ?? '',
    /^warning: .*built from \.\.\/loop-a\/Dockerfile/,
  );
  // At the repository's top, the folders beside it are other projects.
  assert.match(userFindings(folder, 'Dockerfile')[0] ?? '', /^warning: .*which is only known at build time/);
});

test('no Dockerfile in the folder named as the image: nothing is known; each folder is read once per run', () => {
  const folder = tree({
    'images/app/Dockerfile': 'ARG hub\nFROM ${hub}/missing:1\nCOPY app /app\n',
    'images/base/Dockerfile': 'FROM almalinux:9\nUSER 1000\n',
  });
  const siblings = new SiblingImages();
  const lookup = siblings.optionsFor(join(folder, 'images/app/Dockerfile')).siblingImages;
  assert.equal(lookup?.('missing'), undefined);
  assert.equal(lookup?.('../base'), undefined, 'a name, not a path');
  assert.equal(lookup?.('base')?.dockerfile, join('..', 'base', 'Dockerfile'));
  assert.match(userFindings(folder, 'images/app/Dockerfile', siblings)[0] ?? '', /only known at build time/);
  rmSync(join(folder, 'images/base/Dockerfile'));
  assert.equal(lookup?.('base')?.dockerfile, join('..', 'base', 'Dockerfile'), 'kept for the run');
  const nextRun = new SiblingImages().optionsFor(join(folder, 'images/app/Dockerfile')).siblingImages;
  assert.equal(nextRun?.('base'), undefined);
});

/** The findings of the image rules on one Dockerfile of the tree, checked as the CLI checks a file on disk. */
function imageFindings(folder: string, path: string) {
  const absolute = join(folder, path);
  const result = checkText(
    { path, text: readFileSync(absolute, 'utf8'), kind: 'dockerfile' },
    { config: defaultResolvedConfig(), ...new SiblingImages().optionsFor(absolute) },
  );
  return result.findings
    .filter((finding) => finding.rule.startsWith('image/') || finding.rule === 'security/run-as-non-root')
    .map((finding) => `${finding.rule} ${finding.severity}: ${finding.message}`);
}

// Shaped like a stack of notebook images: each built on the one before, named by ARGs that build on each other.
const notebookStack = {
  '.git/HEAD': 'ref: refs/heads/main\n',
  'images/foundation/Dockerfile': 'FROM ubuntu:24.04\nRUN useradd -u 1000 jovyan\nUSER 1000\n',
  'images/base-notebook/Dockerfile':
    'ARG REGISTRY=quay.io\nARG OWNER=example\nARG BASE_IMAGE=$REGISTRY/$OWNER/foundation\nFROM $BASE_IMAGE\nRUN true\n',
  'images/gpu-notebook/Dockerfile':
    'ARG REGISTRY=quay.io\nARG OWNER=example\nARG BASE_IMAGE=$REGISTRY/$OWNER/base-notebook:main\nFROM $BASE_IMAGE\nRUN true\n',
  'images/gpu-notebook/cuda12/Dockerfile':
    'ARG REGISTRY=quay.io\nARG OWNER=example\nARG BASE_IMAGE=$REGISTRY/$OWNER/base-notebook\nFROM $BASE_IMAGE\nRUN true\n',
  'images/gpu-notebook/cuda13/Dockerfile':
    'ARG REGISTRY=quay.io\nARG OWNER=example\nARG BASE_IMAGE=$REGISTRY/$OWNER/gpu-notebook\nFROM $BASE_IMAGE\nRUN true\n',
  'images/python/Dockerfile': 'FROM almalinux:9\nUSER 1000\n',
  'images/on-official/Dockerfile': 'FROM python\nUSER 1000\n',
};

test('a base this repository builds, with no fixed version: a note naming its Dockerfile, not an untrusted or unpinned image', () => {
  const folder = tree(notebookStack);
  const note = (image: string, dockerfile: string) =>
    `image/pinned info: Image "${image}" is built from ${dockerfile} in this repository, with no fixed version: a build of the images in order takes the one just built, but this Dockerfile built alone pulls whatever was pushed last. Images are kept so that the same container can always be built again (guideline 1.2.2): pass the version just built as a build argument (ARG), or pin a version tag.`;
  // The ARG default names the ARGs before it, as Docker expands it; the base's user comes from its Dockerfile.
  assert.deepEqual(imageFindings(folder, 'images/base-notebook/Dockerfile'), [
    note('quay.io/example/foundation', '../foundation/Dockerfile'),
  ]);
  assert.deepEqual(imageFindings(folder, 'images/gpu-notebook/Dockerfile'), [
    note('quay.io/example/base-notebook:main', '../base-notebook/Dockerfile'),
  ]);
  // A variant in a folder of its image's finds the base one level up.
  assert.deepEqual(imageFindings(folder, 'images/gpu-notebook/cuda12/Dockerfile'), [
    note('quay.io/example/base-notebook', '../../base-notebook/Dockerfile'),
  ]);
  // Or the image of the folder it is kept in, whose Dockerfile is one level up.
  assert.deepEqual(imageFindings(folder, 'images/gpu-notebook/cuda13/Dockerfile'), [
    note('quay.io/example/gpu-notebook', '../Dockerfile'),
  ]);
});

test('an official image is pulled, never the folder of its name: it is judged as any other', () => {
  const folder = tree(notebookStack);
  assert.deepEqual(
    imageFindings(folder, 'images/on-official/Dockerfile').map((finding) => finding.split(':')[0]),
    ['image/pinned error'],
  );
});
