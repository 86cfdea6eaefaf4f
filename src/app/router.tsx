import { BrowserRouter, Route, Routes } from "react-router";
import { DashboardPage } from "@/features/dashboard/pages/dashboard-page";

/** Routes. The app shell and lazy-loaded pages arrive with the chat UI. */
export function AppRouter() {
  return (
    <BrowserRouter>
      <Routes>
        <Route path="*" element={<DashboardPage />} />
      </Routes>
    </BrowserRouter>
  );
}
