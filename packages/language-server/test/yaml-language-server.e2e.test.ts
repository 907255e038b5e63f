// Side by side with the YAML language server (Red Hat's `yaml-language-server`, the server of the VS Code
// YAML extension), both driven over LSP as an editor drives them: with a Kubernetes schema associated
// with the files, both report a misspelt field; with the settings docs/editors.md gives, each problem
// is reported once. The schema is local (written from this project's own schema data), so nothing is
// downloaded.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol/node';
import { kubernetesSchema } from '../../core/src/schema/kubernetes.ts';
import { makeFolder, serverEnv, TestClient, uriOf } from './lsp-client.ts';

const yamlServer = createRequire(import.meta.url).resolve('yaml-language-server/bin/yaml-language-server');

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: web
spec:
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      contaners:
        - name: app
          image: nginx:1.27.0
`;

type Json = Record<string, unknown>;

/** A JSON Schema (draft 7) of one kind, from the compact schema data: strict, as kubeconform -strict. */
function jsonSchemaOf(version: string, apiVersion: string, kind: string): Json {
  const schema = kubernetesSchema(version);
  const root = schema?.kinds.get(apiVersion)?.get(kind);
  assert.ok(schema && root, `${apiVersion} ${kind} in ${version}`);
  const definitions: Json = {};
  const convert = (node: unknown): Json => {
    if (typeof node === 'string') {
      if (node.startsWith('@')) {
        const name = node.slice(1);
        if (!(name in definitions)) {
          definitions[name] = {};
          definitions[name] = convert(schema.definitions.get(name) ?? '*');
        }
        return { $ref: `#/definitions/${name}` };
      }
      const scalars: Record<string, Json> = {
        s: { type: ['string', 'null'] },
        i: { type: ['integer', 'null'] },
        n: { type: ['number', 'null'] },
        b: { type: ['boolean', 'null'] },
        o: { type: ['integer', 'string', 'null'] },
        q: { type: ['number', 'string', 'null'] },
        O: { type: ['object', 'null'] },
      };
      return scalars[node] ?? {};
    }
    const shape = node as { t?: string; e?: unknown[]; a?: unknown; p?: Json; r?: string[]; m?: unknown; x?: number };
    if (shape.t !== undefined) return { ...convert(shape.t), enum: [...(shape.e ?? []), null] };
    if (shape.a !== undefined) return { type: ['array', 'null'], items: convert(shape.a) };
    const out: Json = { type: ['object', 'null'] };
    if (shape.p)
      out.properties = Object.fromEntries(Object.entries(shape.p).map(([key, value]) => [key, convert(value)]));
    if (shape.r) out.required = shape.r;
    if (shape.m !== undefined) out.additionalProperties = convert(shape.m);
    else if (((shape.x ?? 0) & 1) === 0) out.additionalProperties = false;
    return out;
  };
  const top = convert(`@${root}`);
  return { $schema: 'http://json-schema.org/draft-07/schema#', ...top, definitions };
}

async function startYamlServer(folder: string, yaml: Json): Promise<TestClient> {
  const child = spawn(process.execPath, [yamlServer, '--stdio'], {
    cwd: folder,
    env: serverEnv(folder),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const { client } = await TestClient.over(child.stdout, child.stdin, child, {
    workspaceFolder: folder,
    capabilities: { workspace: { configuration: true } },
    sections: { yaml, '[yaml]': {}, editor: {}, http: {}, files: {} },
  });
  await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: { yaml } });
  return client;
}

const text = (message: Diagnostic['message'] | undefined) =>
  typeof message === 'string' ? message : (message?.value ?? '');

const onlyRanges = (diagnostics: Diagnostic[]) =>
  diagnostics.map(
    (d) => `${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}`,
  );

describe('beside the YAML language server', () => {
  let folder: string;
  let schemaUri: string;
  let lsst: TestClient;
  const opened: TestClient[] = [];

  before(async () => {
    folder = makeFolder({ 'deploy/web.yaml': deployment, 'other/notes.yaml': 'a: [1, 2\n' });
    const schemaPath = join(folder, 'deployment.schema.json');
    writeFileSync(schemaPath, JSON.stringify(jsonSchemaOf('1.31', 'apps/v1', 'Deployment')));
    schemaUri = uriOf(schemaPath);
    ({ client: lsst } = await TestClient.start(folder, { workspaceFolder: folder }));
    opened.push(lsst);
  });
  after(async () => {
    for (const client of opened) await client.stop();
  });

  const yamlDiagnostics = async (yaml: Json, file: string, text: string) => {
    const client = await startYamlServer(folder, yaml);
    opened.push(client);
    const uri = uriOf(join(folder, file));
    await client.open(uri, 'yaml', text);
    return client.diagnostics(uri);
  };

  test('with a Kubernetes schema associated, both servers report the misspelt field at the same place', async () => {
    const uri = uriOf(join(folder, 'deploy/web.yaml'));
    await lsst.open(uri, 'yaml', deployment);
    const ours = (await lsst.diagnostics(uri)).filter((d) => d.code === 'input/schema');
    assert.equal(ours.length, 1);
    assert.match(text(ours[0]?.message), /Unknown field "contaners"/);
    const theirs = await yamlDiagnostics(
      { validate: true, schemas: { [schemaUri]: ['deploy/*.yaml'] } },
      'deploy/web.yaml',
      deployment,
    );
    const contaners = theirs.filter((d) => /contaners/.test(text(d.message)));
    assert.equal(contaners.length, 1, JSON.stringify(theirs));
    assert.deepEqual(onlyRanges(contaners), onlyRanges(ours), 'the same problem, twice');
  });

  test('with the documented settings (no Kubernetes schema for these folders), it is reported once, by us', async () => {
    const theirs = await yamlDiagnostics(
      { validate: true, schemas: { [schemaUri]: ['elsewhere/*.yaml'] } },
      'deploy/web.yaml',
      deployment,
    );
    assert.deepEqual(theirs, [], 'the YAML server says nothing of a well-formed file without a schema');
  });

  test('a YAML syntax error is reported by both unless the YAML server validation is off', async () => {
    const broken = deployment.replace('image: nginx:1.27.0', 'image: [nginx:1.27.0');
    const uri = uriOf(join(folder, 'other/notes.yaml'));
    await lsst.open(uri, 'yaml', broken);
    const ours = await lsst.diagnostics(uri);
    const theirs = await yamlDiagnostics({ validate: true, schemas: {} }, 'other/notes.yaml', broken);
    assert.ok(
      ours.some((d) => d.code === 'input/invalid') && theirs.length > 0,
      `${JSON.stringify(ours)} ${JSON.stringify(theirs)}`,
    );
    const silent = await yamlDiagnostics({ validate: false }, 'other/notes.yaml', broken);
    assert.deepEqual(silent, []);
  });
});
