import { isScalar, type Node, type YAMLMap } from 'yaml';
import type { AdmissionForm } from '../../admission/form.ts';
import {
  documentedRunUserOf,
  entrypointUserOf,
  isRootUserName,
  knownImageUser,
  knownImageUserAnyTag,
} from '../../data/image-users.ts';
import type { BuildStage, DockerfileModel, DockerInstruction, FromLine } from '../../documents/dockerfile.ts';
import { type ImageReference, parseImageReference, repositoryName } from '../../documents/image-reference.ts';
import type { ContainerRef, PodSpecRef } from '../../documents/workloads.ts';
import { getMap, getNode, getPair, nodeRange, pairRange } from '../../documents/yaml.ts';
import { setMapPath } from '../../fix/yaml-edit.ts';
import type { Fix, TextEdit } from '../../types.ts';
import { officialImageName } from '../image/registries.ts';
import { type ContainerImage, containerImages, imageName } from '../images.ts';
import { type DockerfileRuleContext, defineRule, type ManifestRuleContext, type SiblingImageLookup } from '../rule.ts';

/** The user that a fix adds: `nobody`, present in nearly every base image, and numeric so Kubernetes can verify it. */
export const nonRootUser = '65534';

export const runAsNonRoot = defineRule({
  name: 'security/run-as-non-root',
  guideline: '1.2.4',
  description:
    'No process runs as root in a container: runAsNonRoot or a non-zero runAsUser, and a non-root USER in images.',
  defaultSeverity: 'error',
  appliesTo: ['manifest', 'dockerfile'],
  fixable: true,
  judgesRunningContainer: true,
  checkManifest: checkManifest,
  checkDockerfile: checkDockerfile,
  admission: admissionForm(),
});

function checkManifest(context: ManifestRuleContext): void {
  const pods = new Set<PodSpecRef>();
  for (const container of context.containers) pods.add(container.pod);
  for (const pod of pods) {
    const podRoot = rootUserPair(getMap(pod.spec, 'securityContext'));
    if (podRoot) {
      context.report({
        range: pairRange(podRoot),
        message: 'The pod sets runAsUser: 0, so its containers run as root. Use a non-zero user id.',
      });
    }
  }
  // Kubernetes refuses to start a container under runAsNonRoot: true when its image runs as a user name and no
  // runAsUser gives the id: the pod may get it only when none of its containers is such. Found when a report needs it.
  let namedUsers: Set<ContainerRef> | undefined;
  const hasNamedUser = (container: ContainerRef) => {
    namedUsers ??= new Set(context.containers.filter((each) => namedImageUser(each, context) !== undefined));
    return namedUsers.has(container);
  };
  const podHasNamedUser = (pod: PodSpecRef) =>
    context.containers.some((each) => each.pod === pod && hasNamedUser(each));
  for (const container of context.containers) {
    const containerContext = getMap(container.map, 'securityContext');
    const podContext = getMap(container.pod.spec, 'securityContext');
    const name = container.name ?? `#${container.index + 1}`;
    const containerRoot = rootUserPair(containerContext);
    if (containerRoot) {
      context.report({
        range: pairRange(containerRoot),
        message: `Container "${name}" sets runAsUser: 0, so it runs as root. Use a non-zero user id.`,
        ...(container.name ? { container: container.name } : {}),
      });
      continue;
    }
    const runAsUser = userId(containerContext) ?? userId(podContext);
    if (runAsUser === 0) continue; // Reported at the pod's runAsUser: 0.
    const nonRoot = booleanAt(containerContext, 'runAsNonRoot') ?? booleanAt(podContext, 'runAsNonRoot');
    if (nonRoot === true || (runAsUser !== undefined && runAsUser > 0)) continue;
    // A kustomize patch holds only what it changes: the pod it patches may set them.
    if (context.kustomizePatch) continue;
    const ownSettingOnly = podHasNamedUser(container.pod);
    const fix = hasNamedUser(container)
      ? undefined
      : nonRootFix(context.text, container, containerContext, podContext, ownSettingOnly);
    context.report({
      range: container.headRange,
      message: unverifiedUserMessage(
        name,
        containerImages(context).find((image) => image.container === container),
        context,
        ownSettingOnly ? 'its' : "the pod's",
      ),
      ...(fix ? { fix } : {}),
      ...(container.name ? { container: container.name } : {}),
    });
  }
}

/**
 * A container that sets neither runAsNonRoot nor a user id: what its image's user is known to be (the table of
 * well-known images, images.baseImageUsers, the repository's own Dockerfile) decides how much the message can say.
 * It stays an error whatever the image: the admission policy, which cannot see the image's user, denies it too.
 */
function unverifiedUserMessage(
  name: string,
  image: ContainerImage | undefined,
  context: ManifestRuleContext,
  /** Whose securityContext to set: "its" where the pod's would stop a container with a named user. */
  where: 'its' | "the pod's",
): string {
  const known = image ? userOfContainerImage(image, context) : undefined;
  const user = known?.user;
  // Of an image this repository builds, the message says which Dockerfile it went by.
  const described = image
    ? `"${image.text}"${known?.dockerfile ? ` (built from ${known.dockerfile}, going by its name)` : ''}`
    : '';
  if (image && user !== undefined && isRootUserName(user)) {
    const handsOverTo = entrypointUserOf(repositoryOf(image.reference));
    if (handsOverTo !== undefined) {
      return `Container "${name}" starts as root: its image ${described} starts as root and its entrypoint then hands the server to the user "${handsOverTo}", and neither runAsNonRoot: true nor a non-zero runAsUser applies to it. Set runAsUser to the numeric id of "${handsOverTo}" and runAsNonRoot: true in ${where} securityContext (the image also starts as that user).`;
    }
    return `Container "${name}" runs as root: its image ${described} runs as root, and neither runAsNonRoot: true nor a non-zero runAsUser applies to it. Set runAsNonRoot: true in ${where} securityContext, and run as a non-root user in the image.`;
  }
  if (image && user !== undefined) {
    const remedy = isNumericUser(user)
      ? `Set runAsNonRoot: true in ${where} securityContext`
      : `Set runAsNonRoot: true and runAsUser to the numeric id of "${user}" in its securityContext: Kubernetes cannot verify a user name, and refuses to start the container under runAsNonRoot: true without the id`;
    return `Container "${name}" runs as user ${user} of its image ${described}, not as root, but nothing in the manifest makes Kubernetes check it: another image, or a new build of this one, could run as root. ${remedy}.`;
  }
  return `Container "${name}" may run as root: neither runAsNonRoot: true nor a non-zero runAsUser applies to it. Set runAsNonRoot: true in ${where} securityContext (and run as a non-root user in the image).`;
}

function rootUserPair(securityContext: YAMLMap | undefined) {
  if (!securityContext) return undefined;
  const pair = getPair(securityContext, 'runAsUser');
  const value = pair?.value as Node | null | undefined;
  return isScalar(value) && Number(value.value) === 0 && value.value !== null && value.value !== '' ? pair : undefined;
}

function userId(securityContext: YAMLMap | undefined): number | undefined {
  const value = getNode(securityContext, 'runAsUser');
  if (!isScalar(value) || value.value === null) return undefined;
  const id = Number(value.value);
  return Number.isInteger(id) ? id : undefined;
}

function booleanAt(securityContext: YAMLMap | undefined, key: string): boolean | undefined {
  const value = getNode(securityContext, key);
  return isScalar(value) && typeof value.value === 'boolean' ? value.value : undefined;
}

function nonRootFix(
  text: string,
  container: ContainerRef,
  containerContext: YAMLMap | undefined,
  podContext: YAMLMap | undefined,
  podHasNamedUser: boolean,
): Fix | undefined {
  // An explicit `runAsNonRoot: false` wins over the pod's setting: turn that one around.
  for (const securityContext of podHasNamedUser ? [containerContext] : [containerContext, podContext]) {
    const explicit = getNode(securityContext, 'runAsNonRoot');
    if (isScalar(explicit) && explicit.value === false) {
      return { description: 'Set runAsNonRoot: true', edits: [{ range: nodeRange(explicit), text: 'true' }] };
    }
  }
  if (podHasNamedUser) {
    const edit = setMapPath(text, container.map, ['securityContext'], 'runAsNonRoot', 'true');
    return edit
      ? { description: "Set runAsNonRoot: true in the container's securityContext", edits: [edit] }
      : undefined;
  }
  const edit = setMapPath(text, container.pod.spec, ['securityContext'], 'runAsNonRoot', 'true');
  return edit ? { description: "Set runAsNonRoot: true in the pod's securityContext", edits: [edit] } : undefined;
}

/**
 * The user name a container's image is known to run as (the table of well-known images, images.baseImageUsers),
 * or to hand its server to from a root entrypoint, when no runAsUser applies to it: Kubernetes cannot verify a
 * name, and refuses such a container under runAsNonRoot: true. Undefined for a numeric user, or root alone.
 */
function namedImageUser(container: ContainerRef, context: ManifestRuleContext): string | undefined {
  const runAsUser =
    userId(getMap(container.map, 'securityContext')) ?? userId(getMap(container.pod.spec, 'securityContext'));
  if (runAsUser !== undefined) return undefined;
  const image = containerImages(context).find((candidate) => candidate.container === container);
  const user = image ? userOfContainerImage(image, context)?.user?.trim() : undefined;
  if (user === undefined || isNumericUser(user)) return undefined;
  if (isRootUserName(user)) return image ? entrypointUserOf(repositoryOf(image.reference)) : undefined;
  return user;
}

/**
 * The user a container's image runs as: from the configuration or the table of well-known images, else, for an
 * image this repository builds (a Dockerfile found by the image's name), its final stage's last USER or its base's
 * user, with that Dockerfile. Undefined when none of them knows it.
 */
function userOfContainerImage(
  image: ContainerImage,
  context: ManifestRuleContext,
): { user?: string; dockerfile?: string } | undefined {
  const configured = context.config.images.baseImageUsers;
  const user = userOfImage(image.reference, configured);
  if (user !== undefined) return { user };
  // An official image is Docker Hub's, whatever folder of the repository is named as it.
  if (image.reference.isOfficial || !context.repositoryImage) return undefined;
  const name = image.reference.path.split('/').pop();
  const built = name ? context.repositoryImage(name) : undefined;
  if (!built?.model.finalStage) return undefined;
  const builtUser = userOfBuiltImage(built.model, configured);
  // A USER given by a build argument is only known at build time.
  if (builtUser === undefined || builtUser.includes('$')) return { dockerfile: built.dockerfile };
  return { user: builtUser, dockerfile: built.dockerfile };
}

/** `1000` or `1000:1000`: a user Kubernetes can verify is not root. */
function isNumericUser(user: string): boolean {
  return /^\d+(?::\d+)?$/.test(user.trim());
}

function checkDockerfile(context: DockerfileRuleContext): void {
  const finalStage = context.dockerfile.finalStage;
  if (!finalStage) return;
  const lastUser = effectiveUser(finalStage);
  const lastInstruction = finalStage.instructions[finalStage.instructions.length - 1] ?? finalStage.from.instruction;
  const addUserFix = (user: string): Fix => ({
    description: `Add "USER ${user}" at the end of the final stage`,
    edits: addUserEdits(context.text, lastInstruction, user),
  });
  const fix = addUserFix(nonRootUser);
  if (!lastUser) {
    const from = finalStage.from.instruction;
    const base = externalBase(finalStage);
    const judged = judgeBaseUser(base, context.config.images.baseImageUsers, context.siblingImages);
    if (judged.runsAsRoot === false) return;
    context.report({
      range: [from.range[0], firstLineEnd(context.text, from)],
      message: judged.message,
      ...(judged.runsAsRoot === undefined ? { severity: 'warning' as const } : {}),
      // An image whose entrypoint hands over to its own user starts as that user; 65534 could not write its data.
      fix: judged.imageUser ? addUserFix(judged.imageUser) : fix,
    });
    return;
  }
  if (isRootUser(lastUser.argumentsText)) {
    context.report({
      range: lastUser.argumentsRange,
      message: `The last USER of the final stage is "${lastUser.argumentsText.trim()}", so the container runs as root. Switch to a non-root user after the steps that need root.`,
      fix,
    });
  }
}

// The `# escape=`` parser directive, which can only come first in the file.
const escapeDirective = /^(?:[ \t]*#[ \t]*\w+[ \t]*=[^\n]*\n)*[ \t]*#[ \t]*escape[ \t]*=[ \t]*([\\`])/i;

/**
 * The USER line goes after the last instruction. A line continuation left dangling at its end (only
 * blank or comment lines follow it) would swallow the new line into that instruction: drop it.
 */
function addUserEdits(text: string, instruction: DockerInstruction, user: string): TextEdit[] {
  const [start, end] = instruction.range;
  const insert = `\nUSER ${user}`;
  const escapeCharacter = escapeDirective.exec(text)?.[1] === '`' ? '`' : '\\\\';
  // The escape, then only blank lines, comment lines and further lone escapes up to the end.
  const dangling = new RegExp(
    `(?:${escapeCharacter}[ \\t]*)+(?:\\r?\\n[ \\t]*(?:#[^\\r\\n]*|(?:${escapeCharacter}[ \\t]*)+)?)*$`,
  ).exec(text.slice(start, end));
  if (!dangling) return [{ range: [end, end], text: insert }];
  // Comment lines are kept as written; the escapes go, and with them the continuation.
  const kept = dangling[0]
    .replace(new RegExp(`(^|\\n)[ \\t]*(?:${escapeCharacter}[ \\t]*)+(?=\\r?\\n|$)`, 'g'), '$1')
    .replace(new RegExp(`^(?:${escapeCharacter}[ \\t]*)+`), '')
    .replace(/\s+$/, '');
  return [{ range: [start + dangling.index, end], text: `${kept}${insert}` }];
}

/** The FROM line that names the image the final stage is built on, through earlier stages. */
function externalBase(stage: BuildStage): FromLine {
  let current = stage;
  const seen = new Set<BuildStage>();
  while (current.from.baseStage && !seen.has(current)) {
    seen.add(current);
    current = current.from.baseStage;
  }
  return current.from;
}

const addUser = `Processes in a container do not run as root (guideline 1.2.4): add a non-root USER (e.g. "USER ${nonRootUser}") at the end of the final stage`;

/** What is known of the user a Dockerfile without USER runs as: from its base image, the table or the configuration. */
function judgeBaseUser(
  base: FromLine,
  configured: Readonly<Record<string, string>>,
  siblings: SiblingImageLookup | undefined,
): { runsAsRoot: boolean | undefined; message: string; imageUser?: string } {
  const known = knownBaseUser(base, configured);
  const built =
    known === undefined && !base.isScratch
      ? builtBeside(base.image ?? base.imageText, configured, siblings)
      : undefined;
  if (built?.user !== undefined) {
    if (!isRootUserName(built.user)) return { runsAsRoot: false, message: '' };
    return {
      runsAsRoot: true,
      message: `The final stage has no USER, and its base image "${base.imageText}", built from ${built.dockerfile}, runs as root, so the container runs as root. ${addUser}.`,
    };
  }
  if (built) {
    return {
      runsAsRoot: undefined,
      message: `The final stage has no USER, so the container runs as the user of its base image "${base.imageText}", built from ${built.dockerfile}, which sets no USER on a base whose user is not known here (an image runs as root unless it sets a USER). ${addUser}, so that the container does not depend on the base image for it.`,
    };
  }
  if (base.isScratch) {
    return {
      runsAsRoot: true,
      message: `The final stage has no USER, and the image is built FROM scratch, which has no users: the container runs as root (uid 0). ${addUser}.`,
    };
  }
  if (!base.reference || base.image === undefined) {
    // Only the tag is a build argument (FROM lsstts/salobj:$base_image_tag): the repository may still say.
    const user = userOfRepository(base.imageText, configured);
    if (user !== undefined && !isRootUserName(user)) return { runsAsRoot: false, message: '' };
    if (user !== undefined) {
      return {
        runsAsRoot: true,
        message: `The final stage has no USER, and its base image "${base.imageText}" runs as root whatever its tag, so the container runs as root. ${addUser}.`,
      };
    }
    return {
      runsAsRoot: undefined,
      message: `The final stage has no USER, so the container runs as the user of its base image "${base.imageText}", which is only known at build time (an image runs as root unless it sets a USER). ${addUser}, so that the container does not depend on the base image for it.`,
    };
  }
  const user = userOfImage(base.reference, configured);
  if (user === undefined) {
    return {
      runsAsRoot: undefined,
      message: `The final stage has no USER, so the container runs as the user of its base image "${base.image}", which is not known here (an image runs as root unless it sets a USER). ${addUser}; or, if "${base.image}" runs as a non-root user, name that user in images.baseImageUsers of .lsst.yaml.`,
    };
  }
  if (isRootUserName(user)) {
    const handsOverTo = entrypointUserOf(repositoryOf(base.reference));
    if (handsOverTo !== undefined) {
      return {
        runsAsRoot: true,
        imageUser: handsOverTo,
        message: `The final stage has no USER, and its base image "${base.image}" starts as root: its entrypoint hands the server to the user "${handsOverTo}", but the entrypoint, and whatever kubectl exec runs, run as root, and runAsNonRoot would refuse to start it. Processes in a container do not run as root (guideline 1.2.4): add "USER ${handsOverTo}" at the end of the final stage (the image also starts as that user), or its numeric id, which Kubernetes can verify.`,
      };
    }
    const ownUser = documentedRunUserOf(repositoryOf(base.reference));
    if (ownUser !== undefined) {
      return {
        runsAsRoot: true,
        imageUser: ownUser,
        message: `The final stage has no USER, and its base image "${base.image}" runs as root: it creates the user "${ownUser}" to be run as, but leaves the switch to whoever runs it, so the container runs as root. Processes in a container do not run as root (guideline 1.2.4): add "USER ${ownUser}" at the end of the final stage, or its numeric id, which Kubernetes can verify.`,
      };
    }
    return {
      runsAsRoot: true,
      message: `The final stage has no USER, and its base image "${base.image}" runs as root, so the container runs as root. ${addUser}.`,
    };
  }
  return { runsAsRoot: false, message: '' };
}

/** The user of the base from the configuration or the table (scratch is root); undefined when neither knows it. */
function knownBaseUser(base: FromLine, configured: Readonly<Record<string, string>>): string | undefined {
  if (base.isScratch) return 'root';
  if (!base.reference || base.image === undefined) return userOfRepository(base.imageText, configured);
  return userOfImage(base.reference, configured);
}

// A chain of images built on one another in one repository is followed this far.
const maxSiblingChain = 4;

/**
 * The image built from the Dockerfile in the folder beside the Dockerfile's own that is named as the image
 * (`FROM ${hub}/oods:${cycle}` and build/oods/Dockerfile), and the user its final stage runs as: its last USER,
 * else its own base's, as far as that is known. Undefined when no such folder holds a Dockerfile.
 */
function builtBeside(
  imageText: string,
  configured: Readonly<Record<string, string>>,
  siblings: SiblingImageLookup | undefined,
  depth = 0,
): { dockerfile: string; user?: string } | undefined {
  const name = imageName(imageText).split('/').pop();
  const image = name && siblings && depth < maxSiblingChain ? siblings(name) : undefined;
  if (!image?.model.finalStage) return undefined;
  const user = userOfBuiltImage(image.model, configured, image.siblings, depth);
  return { dockerfile: image.dockerfile, ...(user !== undefined ? { user } : {}) };
}

/**
 * The user an image built from this Dockerfile runs as: its final stage's last USER, else its base's, from the
 * configuration, the table, or the folder beside named as it. Undefined when none of them knows it.
 */
function userOfBuiltImage(
  model: DockerfileModel,
  configured: Readonly<Record<string, string>>,
  siblings?: SiblingImageLookup,
  depth = 0,
): string | undefined {
  const finalStage = model.finalStage;
  if (!finalStage) return undefined;
  const lastUser = effectiveUser(finalStage);
  if (lastUser) return lastUser.argumentsText.trim();
  const base = externalBase(finalStage);
  return (
    knownBaseUser(base, configured) ?? builtBeside(base.image ?? base.imageText, configured, siblings, depth + 1)?.user
  );
}

/**
 * The user of an image whose tag alone is a variable (`repo:$tag`, `repo:\${tag}`), from the configuration or
 * the table's rows that hold for every tag; undefined when the repository is not plain text or not known.
 */
function userOfRepository(imageText: string, configured: Readonly<Record<string, string>>): string | undefined {
  const match = /^([^$@:]+(?::\d+\/[^$@:]+)?):\$(?:\{\w+\}|\w+)$/.exec(imageText.trim());
  if (!match?.[1]) return undefined;
  const reference = parseImageReference(`${match[1]}:tag`);
  if (!reference) return undefined;
  const repository = repositoryOf(reference);
  for (const [image, user] of Object.entries(configured)) {
    const key = parseImageReference(image);
    if (key && repositoryName(key) === repository) return user;
  }
  return knownImageUserAnyTag(repository);
}

/** The repository as the image tables name it (`docker.io/library/python` for an official image). */
function repositoryOf(reference: ImageReference): string {
  const official = officialImageName(reference);
  return official === undefined ? repositoryName(reference) : `docker.io/library/${official}`;
}

/** The user an image runs as: the configuration first, then the table of well-known images. */
function userOfImage(reference: ImageReference, configured: Readonly<Record<string, string>>): string | undefined {
  const repository = repositoryOf(reference);
  for (const [image, user] of Object.entries(configured)) {
    const key = parseImageReference(image);
    if (key && repositoryName(key) === repository) return user;
  }
  return knownImageUser(repository, reference.tag);
}

/** The last USER of a stage, following `FROM <earlier stage>` since the image inherits it. */
function effectiveUser(stage: BuildStage): DockerInstruction | undefined {
  const users = stage.instructions.filter((instruction) => instruction.keyword === 'USER');
  const last = users[users.length - 1];
  if (last) return last;
  return stage.from.baseStage ? effectiveUser(stage.from.baseStage) : undefined;
}

export function isRootUser(argumentsText: string): boolean {
  const user = argumentsText.trim().split(':')[0]?.trim();
  return user === 'root' || user === '0';
}

function firstLineEnd(text: string, instruction: DockerInstruction): number {
  const lineBreak = text.indexOf('\n', instruction.range[0]);
  return lineBreak === -1 || lineBreak > instruction.range[1] ? instruction.range[1] : lineBreak;
}

/** The manifest side in CEL: the container's securityContext over the pod's, as checkManifest reads them. */
function admissionForm(): AdmissionForm {
  const pod = 'variables.podSpec.securityContext';
  const podHas = (key: string) => `(has(variables.podSpec.securityContext) && has(${pod}.${key}))`;
  const containerHas = (key: string) => `(has(c.securityContext) && has(c.securityContext.${key}))`;
  const uid = (test: string) =>
    `(${containerHas('runAsUser')} ? c.securityContext.runAsUser ${test} : (${podHas('runAsUser')} && ${pod}.runAsUser ${test}))`;
  const nonRoot = `(${containerHas('runAsNonRoot')} ? c.securityContext.runAsNonRoot == true : (${podHas('runAsNonRoot')} && ${pod}.runAsNonRoot == true))`;
  return {
    match: 'workloads',
    checks: [
      {
        severity: 'error',
        expression: () => `variables.containers.size() == 0 || !(${podHas('runAsUser')} && ${pod}.runAsUser == 0)`,
        message: 'The pod sets runAsUser: 0, so its containers run as root. Use a non-zero user id.',
      },
      {
        severity: 'error',
        expression: (scope) =>
          `variables.containers.all(c, ${scope.containerSuppressed('c')} || !(${containerHas('runAsUser')} && c.securityContext.runAsUser == 0))`,
        message: 'A container sets runAsUser: 0, so it runs as root. Use a non-zero user id.',
      },
      {
        severity: 'error',
        // A user id of 0 is the finding above (the container's or the pod's), not this one.
        expression: (scope) =>
          `variables.containers.all(c, ${scope.containerSuppressed('c')} || ${uid('== 0')} || ${nonRoot} || ${uid('> 0')})`,
        message:
          "A container may run as root: neither runAsNonRoot: true nor a non-zero runAsUser applies to it. Set runAsNonRoot: true in the pod's securityContext (and run as a non-root user in the image).",
      },
    ],
  };
}
