/** A "nice" axis maximum at or above `value`: 1, 2, 5 × 10^n (at least 5). */
export function niceMax(value: number): number {
  if (value <= 5) return 5;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) {
    if (step * magnitude >= value) return step * magnitude;
  }
  return 10 * magnitude;
}

/** Day numbers to label under the chart: the 1st, every 7th day, and the last. */
export function axisDays(daysInMonth: number): number[] {
  const days = [1, 8, 15, 22];
  if (daysInMonth - 22 >= 4) days.push(daysInMonth);
  return days;
}
