import { Spinner } from "@/components/ui/spinner";

/** Shown while a lazily loaded page arrives; fades in late to avoid flashing. */
export function PageFallback() {
  return (
    <div className="grid h-full place-items-center text-slate-400 opacity-0 [animation:fade-in_200ms_ease-out_300ms_forwards]">
      <Spinner className="size-5" label="Loading page" />
    </div>
  );
}
