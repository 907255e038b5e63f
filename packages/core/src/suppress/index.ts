// Inline suppressions, annotations and configured exemptions: parsing and judging, no I/O.
export { type ExemptionSubject, matchExemption } from './exemptions.ts';
export {
  isExpired,
  isoDay,
  type JudgeOptions,
  judgeSuppression,
  type SuppressionJudgement,
  type SuppressionProblem,
} from './judge.ts';
export {
  annotationKey,
  isCalendarDate,
  parseSuppressionAnnotation,
  parseSuppressionAnnotationKey,
  parseSuppressionComment,
  type SuppressionDirective,
} from './parse.ts';
