import { FolderKanban, Keyboard, ShipWheel, Zap } from "lucide-react";
import type { ReactNode } from "react";
import { formatResetDate } from "@/lib/format";
import { MESSAGE_COST } from "../lib/constants";
import { SUGGESTED_PROMPTS } from "../lib/suggested-prompts";

type Props = {
  name?: string;
  onPickPrompt: (prompt: string) => void;
  disabled?: boolean;
  /** Live balance for the guide; omitted while loading. */
  balance?: { remaining: number; unlimited: boolean; resetsAt: number };
  /** A guest's messages a day: the guide then speaks of those, not of credits or projects. */
  guestLimit?: number;
  now?: Date;
};

function greeting(now: Date): string {
  const hour = now.getHours();
  if (hour < 5) return "Working late";
  if (hour < 12) return "Good morning";
  if (hour < 18) return "Good afternoon";
  return "Good evening";
}

/** A new chat: greeting, four prompts that send on click, and a short guide. */
export function EmptyState({ name, onPickPrompt, disabled, balance, guestLimit, now = new Date() }: Props) {
  const firstName = name?.split(/\s+/)[0];
  return (
    <div className="mx-auto flex w-full max-w-2xl flex-col px-4 py-6 sm:px-6 sm:py-10">
      <span className="grid size-11 place-items-center rounded-2xl bg-slate-900 text-white shadow-lg shadow-black/20">
        <ShipWheel className="size-5" aria-hidden />
      </span>
      <h1 className="mt-4 text-2xl font-semibold tracking-tight text-slate-900 sm:text-[28px]">
        {greeting(now)}
        {firstName ? `, ${firstName}` : ""}
      </h1>
      <p className="mt-1.5 text-[15px] text-slate-500">What would you like to work on today?</p>

      <h2 className="sr-only">Suggested prompts</h2>
      <div className="mt-6 grid grid-cols-1 gap-2.5 sm:grid-cols-2">
        {SUGGESTED_PROMPTS.map(({ title, prompt, icon: Icon }) => (
          <button
            key={title}
            type="button"
            disabled={disabled}
            onClick={() => onPickPrompt(prompt)}
            className="group flex min-h-11 items-start gap-3 rounded-2xl border border-slate-200 bg-white p-3.5 text-left shadow-xs transition hover:border-slate-300 hover:bg-slate-50 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-blue-500 disabled:opacity-60 sm:p-4"
          >
            <span className="grid size-8 shrink-0 place-items-center rounded-lg bg-blue-50 text-blue-600 transition group-hover:bg-blue-100">
              <Icon className="size-4" aria-hidden />
            </span>
            <span className="min-w-0">
              <span className="block text-sm font-semibold text-slate-900">{title}</span>
              <span className="mt-0.5 line-clamp-1 text-[13px] sm:line-clamp-2 leading-5 text-slate-500">{prompt}</span>
            </span>
          </button>
        ))}
      </div>

      <section aria-labelledby="quick-start" className="mt-6 rounded-2xl bg-slate-50 p-4 ring-1 ring-inset ring-slate-200/70 sm:p-5">
        <h2 id="quick-start" className="text-xs font-semibold uppercase tracking-wider text-slate-500">
          Quick start
        </h2>
        <ul className="mt-3 space-y-3 text-sm leading-6 text-slate-600">
          {guestLimit !== undefined ? (
            <GuestGuide limit={guestLimit} />
          ) : (
            <>
              <GuideItem icon={<Zap className="size-4" aria-hidden />}>
                {balance?.unlimited ? (
                  <>You're on Pro: messages don't use credits.</>
                ) : (
                  <>
                    Each message costs <strong className="font-semibold text-slate-800">{MESSAGE_COST} credits</strong>
                    {balance ? (
                      <>
                        {" "}
                        — you have {balance.remaining}. Your allowance refills on {formatResetDate(balance.resetsAt)}.
                      </>
                    ) : (
                      "."
                    )}
                  </>
                )}
              </GuideItem>
              <GuideItem icon={<FolderKanban className="size-4" aria-hidden />}>
                Turn on <strong className="font-semibold text-slate-800">Include my projects & tasks</strong> and Helm
                answers with your projects in mind.
              </GuideItem>
            </>
          )}
          <GuideItem icon={<Keyboard className="size-4" aria-hidden />}>
            <kbd className="rounded border border-slate-300 bg-white px-1 font-sans text-xs">Enter</kbd> sends,{" "}
            <kbd className="rounded border border-slate-300 bg-white px-1 font-sans text-xs">Shift</kbd> +{" "}
            <kbd className="rounded border border-slate-300 bg-white px-1 font-sans text-xs">Enter</kbd> adds a new
            line.
          </GuideItem>
        </ul>
      </section>
    </div>
  );
}

function GuestGuide({ limit }: { limit: number }) {
  return (
    <>
      <GuideItem icon={<Zap className="size-4" aria-hidden />}>
        Without an account you can send <strong className="font-semibold text-slate-800">{limit} messages a day</strong>{" "}
        with the standard model.
      </GuideItem>
      <GuideItem icon={<FolderKanban className="size-4" aria-hidden />}>
        Sign up to keep your chats, use premium models and let Helm answer with your projects in mind.
      </GuideItem>
    </>
  );
}

function GuideItem({ icon, children }: { icon: ReactNode; children: ReactNode }) {
  return (
    <li className="flex gap-3">
      <span className="mt-1 text-slate-400">{icon}</span>
      <span>{children}</span>
    </li>
  );
}
