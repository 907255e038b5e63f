// Whether a parsed suppression takes effect, and what `input/suppression` reports about it.
import type { Config } from '../config/model.ts';
import { isoDay } from '../dates.ts';
import { didYouMean } from '../suggest.ts';
import type { SuppressionDirective } from './parse.ts';

export interface SuppressionProblem {
  /** warning: malformed, no reason, unknown rule; error: expired, or the rule is not suppressible. */
  severity: 'error' | 'warning';
  message: string;
  /** The rule the problem is about, when it is about one. */
  rule?: string;
}

export interface SuppressionJudgement {
  /** True when at least one rule is suppressed. */
  effective: boolean;
  /** The rules this suppression really suppresses (known, suppressible, not expired). */
  effectiveRules: string[];
  problems: SuppressionProblem[];
}

export interface JudgeOptions {
  /** Rule names of the registry; when absent, names are not checked. */
  knownRules?: readonly string[];
  /** The check date; `until` is the last day that still counts, compared in UTC. */
  now: Date;
  config: Pick<Config, 'rules'>;
}

export { isoDay } from '../dates.ts';

/** True when `until` (YYYY-MM-DD, the last valid day) is before the day of `now` (UTC). */
export function isExpired(until: string | undefined, now: Date): boolean {
  return until !== undefined && until < isoDay(now);
}

function spelling(directive: SuppressionDirective): string {
  if (directive.form === 'annotation') return 'the lsst.io/ignore annotation';
  return directive.form === 'file' ? 'lsst-ignore-file' : 'lsst-ignore';
}

/** Judges one suppression: the problems `input/suppression` must report, and the rules it suppresses. */
export function judgeSuppression(directive: SuppressionDirective, options: JudgeOptions): SuppressionJudgement {
  const what = spelling(directive);
  const problems: SuppressionProblem[] = directive.problems.map((message) => ({
    severity: 'warning',
    message: `${what}: ${message}`,
  }));
  const rules = directive.rules.join(',');
  if (directive.reason === undefined && directive.rules.length > 0) {
    const written = directive.form === 'annotation' ? `"${rules} -- <reason>"` : `"# ${what} ${rules} -- <reason>"`;
    problems.push({ severity: 'warning', message: `${what} of ${rules} gives no reason. Say why, e.g. ${written}.` });
  }
  const expired = isExpired(directive.until, options.now);
  if (expired) {
    problems.push({
      severity: 'error',
      message: `${what} of ${rules} expired after ${directive.until}. Fix the finding, or agree a new date and update "until".`,
    });
  }
  const effectiveRules: string[] = [];
  for (const rule of directive.rules) {
    if (options.knownRules && !options.knownRules.includes(rule)) {
      problems.push({
        severity: 'warning',
        rule,
        message: `${what} names unknown rule "${rule}".${didYouMean(rule, options.knownRules)} \`kubectl lsst rules\` lists them all.`,
      });
      continue;
    }
    if (options.config.rules[rule]?.suppressible === false) {
      problems.push({
        severity: 'error',
        rule,
        message: `${rule} cannot be suppressed: the configuration marks it "suppressible: false". Fix the finding instead.`,
      });
      continue;
    }
    if (!expired) effectiveRules.push(rule);
  }
  return { effective: effectiveRules.length > 0, effectiveRules, problems };
}
