import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  MOVING_TAGS,
  movingTagMatch,
  movingTagMeaning,
  movingTagPatterns,
  versionlessOfficialTag,
} from './moving-tags.ts';

describe('movingTagMatch', () => {
  const patterns = movingTagPatterns();

  it('matches the branch, channel and rolling tags exactly', () => {
    for (const tag of [
      'latest',
      'main',
      'master',
      'develop',
      'edge',
      'nightly',
      'stable',
      'weekly',
      'd_latest',
      'w_latest',
    ]) {
      assert.equal(movingTagMatch(tag, patterns), tag);
    }
  });

  it('matches a line of builds ending in -latest or _latest', () => {
    assert.equal(movingTagMatch('7-stack-lsst_distrib-w_latest', patterns), '*[-_]latest');
    assert.equal(movingTagMatch('alpine-latest', patterns), '*[-_]latest');
  });

  it("matches the organisation's ticket-branch builds", () => {
    assert.equal(movingTagMatch('tickets-DM-54806', patterns), 'tickets-*');
    assert.equal(movingTagMeaning('tickets-*'), 'the build of a ticket branch, pushed again with every push to it');
  });

  it('leaves version tags alone, also those that contain a moving word', () => {
    for (const tag of [
      '1.27.2',
      'w_2025_17',
      'al9-w_2025_17',
      '1.4.0-main.3',
      'mainline-1.27',
      'latest2',
      'Latest',
      'v2-tickets',
    ]) {
      assert.equal(movingTagMatch(tag, patterns), undefined, tag);
    }
  });

  it('reads a configured glob, and escapes the dots in it', () => {
    assert.equal(movingTagMatch('1.2-snapshot', ['*-snapshot']), '*-snapshot');
    assert.equal(movingTagMatch('1x2', ['1.2']), undefined);
  });

  it('says why each tag moves, and has a general phrase for configured ones', () => {
    for (const row of MOVING_TAGS) assert.ok(row.meaning.length > 10, row.tag);
    assert.equal(movingTagMeaning('w_latest'), 'the newest weekly build of the Science Pipelines');
    assert.equal(movingTagMeaning('*-snapshot'), 'a tag that is moved to newer builds');
  });
});

describe('versionlessOfficialTag', () => {
  it('a tag without a digit on an official image moves; with a digit, or on an operating system, it does not', () => {
    assert.match(versionlessOfficialTag('nginx', 'alpine') ?? '', /newest release of nginx/);
    assert.match(versionlessOfficialTag('eclipse-temurin', 'jre') ?? '', /newest release/);
    for (const [name, tag] of [
      ['nginx', '1.27-alpine'],
      ['python', '3-slim'],
      ['debian', 'bookworm'],
      ['ubuntu', 'noble'],
      ['alpine', 'edge'],
    ]) {
      assert.equal(versionlessOfficialTag(name as string, tag as string), undefined, `${name}:${tag}`);
    }
  });
});
