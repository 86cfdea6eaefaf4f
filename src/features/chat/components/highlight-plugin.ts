import type { Options } from "react-markdown";
import rehypeHighlight from "rehype-highlight";

// Only fences that name a language are highlighted; guessing is slow and often wrong.
export const rehypePlugins: NonNullable<Options["rehypePlugins"]> = [[rehypeHighlight, { detect: false }]];
