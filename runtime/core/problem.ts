/**
 * One thing wrong with a declaration: what is wrong, how to fix it, and where it was declared.
 *
 * Every validation in Lakeform produces problems rather than throwing, so that one run can
 * report all of them at once.
 */
export interface Problem {
  /** The asset the problem belongs to, when there is one. */
  readonly asset?: string;
  /** What is wrong, without a trailing full stop. */
  readonly message: string;
  /** What to do about it, without a trailing full stop. */
  readonly fix: string;
  /** `file:line` of the declaration, relative to the working directory, when known. */
  readonly at?: string;
}

/** Renders a problem with the house template: `Asset "clean/orders": <what>. Fix: <how>.` */
export function formatProblem(problem: Problem): string {
  const subject = problem.asset === undefined ? "" : `Asset "${problem.asset}": `;
  const where = problem.at === undefined ? "" : ` (at ${problem.at})`;
  return `${subject}${problem.message}. Fix: ${problem.fix}.${where}`;
}
