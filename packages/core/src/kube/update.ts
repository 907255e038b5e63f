// A kubeconfig change as one transaction: take kubectl's locks first, then read, plan, edit and
// write. kubectl reads before it locks, so it can overwrite changes made in between; we never do.
import { isDeepStrictEqual } from 'node:util';
import { isScalar, parseDocument } from 'yaml';
import { assertWritable, writeFileAtomic } from './atomic-write.ts';
import { KubeconfigError } from './errors.ts';
import { type Kubeconfig, loadKubeconfigFrom, mergeKubeconfigFiles } from './kubeconfig.ts';
import { type KubeconfigFile, parseKubeconfigText, readKubeconfigFile } from './kubeconfig-file.ts';
import { defaultWriteTarget, type KubeconfigLocations } from './locations.ts';
import { type LockOptions, withKubeconfigLocks } from './lock.ts';
import {
  applySplices,
  canSplice,
  type NewContext,
  newKubeconfigText,
  type Splice,
  spliceAppendContext,
  spliceBodyScalar,
  spliceTopLevelScalar,
} from './yaml-edit.ts';

/** What a command means to change; everything else stays byte for byte. */
export interface KubeconfigChange {
  /** Contexts to create (in the default file) or to update (in the file that defines them). */
  contexts?: NewContext[];
  currentContext?: string;
}

export interface UpdateResult {
  /** Files rewritten, in the order written. */
  written: string[];
  /** The kubeconfig as it is after the change. */
  kubeconfig: Kubeconfig;
}

export interface UpdateOptions {
  lock?: LockOptions;
}

interface FilePlan {
  file: KubeconfigFile;
  newContexts: NewContext[];
  bodyUpdates: Array<{ name: string; key: string; value: string }>;
  currentContext?: string;
}

/**
 * Locks every file kubectl would lock (all files of the loading precedence, sorted), reads them
 * fresh, asks `plan` for the change (it may throw, e.g. when a context disappeared meanwhile),
 * applies it with kubectl's rules on which file receives what, verifies and writes atomically.
 */
export async function updateKubeconfig(
  locations: KubeconfigLocations,
  plan: (kubeconfig: Kubeconfig) => KubeconfigChange,
  options: UpdateOptions = {},
): Promise<UpdateResult> {
  return withKubeconfigLocks(locations.precedence, options.lock ?? {}, async (checkpoint) => {
    const kubeconfig = loadKubeconfigFrom(locations);
    await checkpoint();
    const change = plan(kubeconfig);
    const byPath = new Map(kubeconfig.files.map((file) => [file.path, file]));
    const target = defaultWriteTarget(locations, (path) => byPath.get(path)?.exists === true);
    const plans = new Map<string, FilePlan>();
    const planFor = (path: string): FilePlan => {
      let filePlan = plans.get(path);
      if (filePlan === undefined) {
        filePlan = { file: byPath.get(path) ?? readKubeconfigFile(path), newContexts: [], bodyUpdates: [] };
        plans.set(path, filePlan);
      }
      return filePlan;
    };

    for (const context of change.contexts ?? []) {
      const existing = kubeconfig.contexts.get(context.name);
      if (existing === undefined) {
        planFor(target).newContexts.push(context);
        continue;
      }
      const wanted: Array<[string, string | undefined, string | undefined]> = [
        ['cluster', existing.cluster, context.cluster],
        ['user', existing.user, context.user],
        ['namespace', existing.namespace, context.namespace],
      ];
      for (const [key, before, after] of wanted) {
        if (after !== undefined && before !== after)
          planFor(existing.file).bodyUpdates.push({ name: context.name, key, value: after });
      }
    }
    if (change.currentContext !== undefined && change.currentContext !== kubeconfig.currentContext) {
      planFor(target).currentContext = change.currentContext;
    }

    const outputs: Array<{ path: string; text: string; setsCurrent: boolean }> = [];
    for (const [path, filePlan] of plans) {
      if (
        filePlan.newContexts.length === 0 &&
        filePlan.bodyUpdates.length === 0 &&
        filePlan.currentContext === undefined
      )
        continue;
      refuseSeveralDocuments(filePlan.file);
      outputs.push({ path, text: editedText(filePlan), setsCurrent: filePlan.currentContext !== undefined });
      await checkpoint();
    }
    // Check every destination first, so that a read-only file stops the change before any write.
    for (const output of outputs) assertWritable(output.path);
    // New contexts land before the current-context that names them.
    outputs.sort((a, b) => Number(a.setsCurrent) - Number(b.setsCurrent));
    for (const output of outputs) {
      await checkpoint();
      writeFileAtomic(output.path, output.text);
    }

    const files = kubeconfig.files.map((file) => {
      const output = outputs.find((candidate) => candidate.path === file.path);
      return output === undefined ? file : parseKubeconfigText(file.path, output.text, true);
    });
    return { written: outputs.map((output) => output.path), kubeconfig: mergeKubeconfigFiles(locations, files) };
  });
}

/** kubectl reads the first document and writes back only that one: we refuse instead of dropping the rest. */
function refuseSeveralDocuments(file: KubeconfigFile): void {
  if (file.documentCount <= 1) return;
  throw new KubeconfigError(
    'unsupported-layout',
    `this kubeconfig holds ${file.documentCount} YAML documents (separated by ---); kubectl reads only the first and drops the others when it writes, so it was not changed`,
    {
      file: file.path,
      hint: 'Keep one document per file: move the others to files of their own and list them in KUBECONFIG',
    },
  );
}

function editedText(filePlan: FilePlan): string {
  const { file } = filePlan;
  let text: string;
  if (file.document === undefined) {
    // Missing, empty or comment-only: keep any comments, then the new entries.
    const fresh = newKubeconfigText(filePlan.newContexts, filePlan.currentContext);
    text = file.text.trim() === '' ? fresh : `${file.text.endsWith('\n') ? file.text : `${file.text}\n`}${fresh}`;
    verify(filePlan, text);
    return text;
  }
  // Text splices keep every other byte; the Document API is the fallback for unusual layouts.
  const spliced = splicedText(filePlan);
  if (spliced !== undefined && readsBackAsIntended(filePlan, spliced)) return spliced;
  try {
    text = documentApiText(filePlan);
  } catch {
    // An entry written through an alias (`context: *shared`) cannot be changed without changing its anchor.
    throw new KubeconfigError(
      'verification-failed',
      'the change cannot be made without editing shared YAML anchors, so it was not written',
      {
        file: filePlan.file.path,
        hint: 'Write the entries to change out in full (without aliases), or make the change with kubectl',
      },
    );
  }
  verify(filePlan, text);
  return text;
}

/** The change as text splices, or undefined when the layout needs the Document API. */
function splicedText(filePlan: FilePlan): string | undefined {
  const { file } = filePlan;
  if (!canSplice(file)) return undefined;
  const splices: Splice[] = [];
  for (const update of filePlan.bodyUpdates) {
    const item = file.nodes.contexts.get(update.name);
    const splice = item === undefined ? undefined : spliceBodyScalar(file, item, 'context', update.key, update.value);
    if (splice === undefined) return undefined;
    splices.push(splice);
  }
  // Several new contexts at one spot: one splice holding them all, in order.
  const appended = filePlan.newContexts.map((context) => spliceAppendContext(file, context));
  const first = appended[0];
  if (first !== undefined) {
    if (appended.length > 1 && (first.start !== first.end || appended.some((splice) => splice.start !== first.start)))
      return undefined;
    splices.push({ start: first.start, end: first.end, text: appended.map((splice) => splice.text).join('') });
  }
  if (filePlan.currentContext !== undefined)
    splices.push(spliceTopLevelScalar(file, 'current-context', filePlan.currentContext));
  const starts = splices.map((splice) => splice.start).sort((a, b) => a - b);
  if (new Set(starts).size !== starts.length) return undefined;
  return applySplices(file.text, splices);
}

function documentApiText(filePlan: FilePlan): string {
  const copy = parseKubeconfigText(filePlan.file.path, filePlan.file.text, true);
  const document = copy.document;
  if (document === undefined) return newKubeconfigText(filePlan.newContexts, filePlan.currentContext);
  for (const update of filePlan.bodyUpdates)
    copy.nodes.contexts.get(update.name)?.setIn(['context', update.key], update.value);
  for (const context of filePlan.newContexts) {
    const contexts = document.get('contexts', true);
    if (contexts === undefined || contexts === null || (isScalar(contexts) && contexts.value === null)) {
      document.set('contexts', document.createNode([]));
    }
    document.addIn(['contexts'], document.createNode(contextData(context)));
  }
  if (filePlan.currentContext !== undefined) document.set('current-context', filePlan.currentContext);
  return String(document);
}

function contextData(context: NewContext): { context: Record<string, string>; name: string } {
  const body: Record<string, string> = { cluster: context.cluster, namespace: context.namespace };
  if (context.user !== undefined) body.user = context.user;
  return { context: body, name: context.name };
}

/** The same change applied to plain data, which the edited text must read back as. */
function expectedData(filePlan: FilePlan): unknown {
  const json = (structuredClone(filePlan.file.document?.toJSON() ?? {}) ?? {}) as Record<string, unknown>;
  const contexts = Array.isArray(json.contexts) ? (json.contexts as Array<Record<string, unknown>>) : [];
  for (const update of filePlan.bodyUpdates) {
    const entry = contexts.find((candidate) => candidate.name === update.name);
    if (entry !== undefined)
      entry.context = { ...((entry.context as object | null) ?? {}), [update.key]: update.value };
  }
  if (filePlan.newContexts.length > 0) json.contexts = [...contexts, ...filePlan.newContexts.map(contextData)];
  if (filePlan.currentContext !== undefined) json['current-context'] = filePlan.currentContext;
  if (filePlan.file.document === undefined) {
    json.apiVersion = 'v1';
    json.kind = 'Config';
  }
  return json;
}

function readsBackAsIntended(filePlan: FilePlan, text: string): boolean {
  try {
    parseKubeconfigText(filePlan.file.path, text, true);
    return isDeepStrictEqual(parseDocument(text, { version: '1.1' }).toJSON(), expectedData(filePlan));
  } catch {
    return false;
  }
}

/** The edited text must read back as exactly the intended change of the original data. */
function verify(filePlan: FilePlan, text: string): void {
  const { file } = filePlan;
  if (!readsBackAsIntended(filePlan, text)) {
    throw new KubeconfigError(
      'verification-failed',
      'the edited kubeconfig did not read back as intended, so it was not written',
      {
        file: file.path,
        hint: 'Nothing was changed; please report this file layout (without its credentials)',
      },
    );
  }
}
