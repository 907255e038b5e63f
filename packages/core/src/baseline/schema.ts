// The JSON Schema (draft-07) of the baseline file, as committed in packages/core/schema/lsst-baseline.schema.json.
import { baselineSchemaUri, baselineVersion } from './baseline.ts';

type JsonSchema = { [key: string]: unknown };

const nonEmpty = (description: string): JsonSchema => ({ type: 'string', minLength: 1, description });

export function baselineJsonSchema(): JsonSchema {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: baselineSchemaUri,
    title: '.lsst-baseline.json',
    description:
      'Findings recorded by `kubectl lsst check --write-baseline`: `check --baseline` reports only findings not listed here. Written sorted by file, rule, object and fingerprint.',
    type: 'object',
    required: ['version', 'entries'],
    additionalProperties: false,
    properties: {
      $schema: { type: 'string', description: 'This schema.' },
      version: { const: baselineVersion, description: 'The version of this file format.' },
      entries: {
        type: 'array',
        description: 'One entry a finding.',
        items: {
          type: 'object',
          required: ['rule', 'file', 'fingerprint', 'message'],
          additionalProperties: false,
          properties: {
            rule: nonEmpty('The rule that reported the finding, e.g. image/pinned.'),
            file: nonEmpty("The file, relative to the baseline file's folder, with / separators."),
            object: {
              type: 'object',
              description: 'The Kubernetes object (and container) the finding is about.',
              required: ['kind'],
              additionalProperties: false,
              properties: {
                kind: nonEmpty('Kind of the object, e.g. Deployment.'),
                namespace: { type: 'string', description: 'Namespace of the object, when it names one.' },
                name: { type: 'string', description: 'Name of the object.' },
                container: { type: 'string', description: 'Name of the container.' },
              },
            },
            fingerprint: {
              type: 'string',
              pattern: '^[0-9a-f]{16}$',
              description:
                'Of the offending text, read as words (indentation, quoting and line breaks do not count): tells findings of one object apart.',
            },
            message: nonEmpty('The message when the finding was recorded, for the reader.'),
          },
        },
      },
    },
  };
}
