// The contracts shared by every part of the engine, the CLI and the editor.
// Offsets are 0-based UTF-16 indices into the checked text; lines and columns are 1-based.

export type Severity = 'error' | 'warning' | 'info';
export type SeveritySetting = Severity | 'off';
export type DocumentKind = 'manifest' | 'dockerfile';

/** A half-open range of offsets `[start, end)` into the original text. */
export type OffsetRange = readonly [start: number, end: number];

export interface Position {
  /** 1-based line. */
  line: number;
  /** 1-based column, counted in UTF-16 code units like the editor. */
  column: number;
}

/** One replacement on the original text. Edits of one fix never overlap. */
export interface TextEdit {
  range: OffsetRange;
  text: string;
}

export interface Fix {
  /** What the fix does, imperative: "Set runAsNonRoot: true in the pod securityContext". */
  description: string;
  edits: TextEdit[];
  /**
   * Applied in a pass of its own, before the other fixes: renaming a misspelt key shows the other rules
   * a field they could not see, and their fixes (inserting that field) would otherwise add it twice;
   * a new apiVersion brings the schema of that version, with findings of its own.
   */
  first?: boolean;
}

/** Where a finding is when it does not come from a file (a live cluster), and the object it is about. */
export interface ObjectLocation {
  apiVersion?: string;
  kind: string;
  name?: string;
  namespace?: string;
  container?: string;
}

/** `baseline`: recorded in the baseline file of `check --baseline`, which the caller applies. */
export type SuppressionKind = 'inline' | 'file' | 'annotation' | 'configuration' | 'baseline';

export interface Suppression {
  kind: SuppressionKind;
  reason: string;
  /** ISO date (YYYY-MM-DD) after which the suppression no longer applies. */
  until?: string;
}

export interface Finding {
  rule: string;
  severity: Severity;
  message: string;
  /** Path of the checked file as the caller named it (or a logical name such as `cluster:`). */
  file: string;
  range: OffsetRange;
  start: Position;
  end: Position;
  /** Guideline section, e.g. `1.2.4`. */
  guideline: string;
  helpUri: string;
  fix?: Fix;
  object?: ObjectLocation;
  /** Target clusters the finding applies to, when it depends on the cluster. */
  clusters?: string[];
  suppression?: Suppression;
  /** Other places the finding concerns: the template when the finding is on the values file that set the value. */
  related?: RelatedLocation[];
  /** The chart environments (values-<env>.yaml) whose render produced the finding. */
  environments?: string[];
  /**
   * Of the offending text (`findingFingerprint`), set by a caller that had the text: SARIF's
   * partialFingerprints and baselines recognise the finding by it wherever its line moves.
   */
  fingerprint?: string;
}

/** A second place a finding points at, e.g. the Helm template a value was rendered by. */
export interface RelatedLocation {
  file: string;
  start: Position;
  end: Position;
  /** What the place is: "template", "values file". */
  message: string;
}

export interface RuleMeta {
  /** Contract name, `area/what`, e.g. `image/pinned`. */
  name: string;
  /** Section of DMTN-095, e.g. `1.2.2`. */
  guideline: string;
  /** One line, what the rule asks for. */
  description: string;
  defaultSeverity: Severity;
  appliesTo: readonly DocumentKind[];
  fixable: boolean;
}

/** Ordinal string order: the same on every machine, and free of the collator that localeCompare loads. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The namespace kustomize gives a file's objects, and the kustomization that sets it (relative to the file's folder). */
export interface KustomizeNamespace {
  namespace: string;
  kustomization: string;
}

/** One entry of a kustomization's `images:`: the image it renames, retags or pins by digest. */
export interface KustomizeImageEntry {
  name: string;
  newName?: string;
  newTag?: string;
  digest?: string;
}

/** The `images:` of one kustomization that applies to a file: its own (which every overlay builds on) or an overlay's. */
export interface KustomizeImages {
  /** The kustomization, relative to the file's folder. */
  kustomization: string;
  own: boolean;
  images: readonly KustomizeImageEntry[];
}
