/**
 * The chart's top value: at least 10, and a round number whose half (the
 * middle gridline) is a whole number too: 10, 20, 30, 40, 50, 60, 80, 100…
 */
export function niceMax(value: number): number {
  if (value <= 10) return 10;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 3, 4, 5, 6, 8, 10]) {
    if (step * magnitude >= value) return step * magnitude;
  }
  return 10 * magnitude;
}

/** Day numbers to label under the chart: the 1st, every 7th day, and the last. */
export function axisDays(daysInMonth: number): number[] {
  return [1, 8, 15, 22, daysInMonth];
}
