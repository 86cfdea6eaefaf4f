import { Toaster as Sonner } from "sonner";

/** One toast outlet for the whole app, styled to match the UI. */
export function Toaster() {
  return (
    <Sonner
      position="top-center"
      closeButton
      toastOptions={{
        classNames: {
          toast: "!rounded-xl !border-slate-200 !shadow-lg !font-sans",
          title: "!text-sm !font-semibold",
          description: "!text-[13px] !text-slate-600",
        },
      }}
    />
  );
}
