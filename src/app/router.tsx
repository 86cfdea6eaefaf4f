import { lazy } from "react";
import { BrowserRouter, Route, Routes } from "react-router";
import { useViewer } from "@/lib/viewer";
import { AppShell } from "./layout/app-shell";
import { GuestShell } from "./layout/guest-shell";
import { NotFoundPage } from "./layout/not-found-page";

/*
 * Every page is its own chunk so a deep link (e.g. /chat/CH-000123) downloads
 * only the shell and that page.
 */
const DashboardPage = lazy(() =>
  import("@/features/dashboard/pages/dashboard-page").then((m) => ({ default: m.DashboardPage })),
);
const ChatPage = lazy(() => import("@/features/chat/pages/chat-page").then((m) => ({ default: m.ChatPage })));
const PricingPage = lazy(() =>
  import("@/features/billing/pages/pricing-page").then((m) => ({ default: m.PricingPage })),
);
const CheckoutReturnPage = lazy(() =>
  import("@/features/billing/pages/checkout-return-page").then((m) => ({ default: m.CheckoutReturnPage })),
);
const UsagePage = lazy(() => import("@/features/usage/pages/usage-page").then((m) => ({ default: m.UsagePage })));
const ProjectPage = lazy(() =>
  import("@/features/projects/pages/project-page").then((m) => ({ default: m.ProjectPage })),
);

export function AppRouter() {
  const guest = useViewer().kind === "guest";
  return (
    <BrowserRouter>
      <Routes>
        <Route element={guest ? <GuestShell /> : <AppShell />}>
          <Route index element={<DashboardPage />} />
          <Route path="chat" element={<ChatPage />} />
          <Route path="chat/:displayId" element={<ChatPage />} />
          <Route path="pricing" element={<PricingPage />} />
          <Route path="billing/return" element={<CheckoutReturnPage />} />
          <Route path="usage" element={<UsagePage />} />
          <Route path="projects/:projectId" element={<ProjectPage />} />
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Routes>
    </BrowserRouter>
  );
}
