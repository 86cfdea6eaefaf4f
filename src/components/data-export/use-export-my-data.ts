import { useConvex } from "convex/react";
import { useState } from "react";
import { toast } from "sonner";
import { downloadText } from "@/lib/download";
import { errorMessage } from "@/lib/errors";
import { exportMyData, type DataExportProgress } from "./export-my-data";

/** "Export my data": builds the JSON page by page, then downloads it; `progress` says how far it is. */
export function useExportMyData() {
  const convex = useConvex();
  const [progress, setProgress] = useState<DataExportProgress | null>(null);

  async function run() {
    if (progress) return;
    setProgress({ table: "chats", rows: 0 });
    const id = toast.loading("Preparing your data…");
    try {
      const json = await exportMyData(convex, setProgress);
      const day = new Date().toISOString().slice(0, 10);
      downloadText(`helm-export-${day}.json`, json, "application/json");
      toast.success("Your data is downloading", { id });
    } catch (error) {
      toast.error("Couldn't export your data", { id, description: errorMessage(error) });
    } finally {
      setProgress(null);
    }
  }

  return { run, progress };
}
