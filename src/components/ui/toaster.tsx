import { Toaster as Sonner } from "sonner";
import { useTheme } from "@/lib/theme";

/** One toast outlet for the whole app, styled to match the UI. */
export function Toaster() {
  const { theme } = useTheme();
  return (
    <Sonner
      theme={theme}
      position="top-center"
      // Below the 56px top bar, never over the credit badge a toast may be about.
      offset={{ top: 64 }}
      mobileOffset={{ top: 64 }}
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
