import { useEffect } from "react";

export const APP_NAME = "Helm";

/** Names the browser tab after the page ("Usage · Helm"), so tabs and history can be told apart. */
export function usePageTitle(title: string | undefined) {
  useEffect(() => {
    document.title = title ? `${title} · ${APP_NAME}` : APP_NAME;
  }, [title]);
}
