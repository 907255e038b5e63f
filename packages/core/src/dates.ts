// Calendar days as YYYY-MM-DD, the form of `until`, `--now` and end-of-life dates. Built by hand:
// Date.prototype.toISOString costs a millisecond the first time a process calls it.

const dayShape = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The UTC day of a date, YYYY-MM-DD. */
export function isoDay(date: Date): string {
  const month = String(date.getUTCMonth() + 1).padStart(2, '0');
  const day = String(date.getUTCDate()).padStart(2, '0');
  return `${String(date.getUTCFullYear()).padStart(4, '0')}-${month}-${day}`;
}

/** True for a YYYY-MM-DD that names a real calendar day (not 2027-02-30). */
export function isCalendarDate(text: string): boolean {
  const match = dayShape.exec(text);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return !Number.isNaN(date.getTime()) && isoDay(date) === text;
}

/** The start (UTC) of a YYYY-MM-DD day, or undefined when it is not a real day. */
export function parseIsoDay(text: string): Date | undefined {
  return isCalendarDate(text) ? new Date(`${text}T00:00:00Z`) : undefined;
}
