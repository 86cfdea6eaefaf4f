/**
 * Whether to focus the message box on arrival: yes with a mouse/trackpad,
 * no on touch screens, where focusing pops up the keyboard over the chat.
 */
export function prefersAutoFocus(): boolean {
  return typeof window !== "undefined" && window.matchMedia?.("(pointer: fine)").matches === true;
}
