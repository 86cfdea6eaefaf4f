import { useQuery } from "convex/react";
import { api } from "../../../../convex/_generated/api";
import { CreditsCard } from "../components/credits-card";
import { ProjectsSection } from "../components/projects-section";
import { QuickChatCard } from "../components/quick-chat-card";
import { greeting } from "../lib/greeting";
import { usePageTitle } from "@/lib/use-page-title";

/** "/": Quick Chat, the credit summary and the projects. */
export function DashboardPage() {
  usePageTitle("Dashboard");
  const me = useQuery(api.users.me);
  const firstName = me?.name.split(/\s+/)[0];
  return (
    <div className="mx-auto w-full max-w-6xl px-4 py-6 sm:px-6 sm:py-10">
      <header>
        <h1 className="text-2xl font-semibold tracking-tight text-slate-900">
          {greeting(new Date())}
          {firstName ? `, ${firstName}` : ""}
        </h1>
        <p className="mt-1 text-sm text-slate-500">Pick up a conversation, check your credits, or plan something new.</p>
      </header>
      <div className="mt-6 grid grid-cols-1 gap-4 lg:grid-cols-3">
        <div className="min-w-0 lg:col-span-2">
          <QuickChatCard />
        </div>
        <CreditsCard />
      </div>
      <div className="mt-10">
        <ProjectsSection />
      </div>
    </div>
  );
}
