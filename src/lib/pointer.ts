/** A mouse or trackpad (so a keyboard is likely at hand): keyboard shortcuts are worth mentioning. */
export function hasFinePointer(): boolean {
  return typeof window !== "undefined" && window.matchMedia?.("(pointer: fine)").matches === true;
}
