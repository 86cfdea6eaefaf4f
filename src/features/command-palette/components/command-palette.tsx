import * as DialogPrimitive from "@radix-ui/react-dialog";
import { useQuery } from "convex/react";
import { Archive, CornerDownLeft, FileText, FolderKanban, MessageSquare, Plus, Search, Download, type LucideIcon } from "lucide-react";
import { useCallback, useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from "react";
import { useNavigate } from "react-router";
import { useExportMyData } from "@/components/data-export/use-export-my-data";
import { cn } from "@/lib/cn";
import { api } from "../../../../convex/_generated/api";
import { useDebounced } from "../hooks/use-debounced";
import { usePaletteShortcut } from "../hooks/use-palette-shortcut";
import { paletteItems, type PaletteItem, type PalettePage, type SearchResult } from "../lib/palette-items";
import { HighlightedText } from "./highlighted-text";

const IS_MAC = typeof navigator !== "undefined" && /Mac|iPhone|iPad/.test(navigator.platform);
export const PALETTE_SHORTCUT = IS_MAC ? "⌘K" : "Ctrl K";
const RECENT = { paginationOpts: { numItems: 6, cursor: null } };
const PROJECTS = { paginationOpts: { numItems: 50, cursor: null } };

const ICONS: Record<PaletteItem["group"], LucideIcon> = {
  Actions: Plus,
  Pages: FileText,
  Chats: MessageSquare,
  Messages: Search,
  Projects: FolderKanban,
};

/**
 * The header's search button and the Cmd/Ctrl+K palette it opens. The shell
 * holds `open`, so it can open the palette from elsewhere too (the phone's
 * menu, when a page's title needs the top bar's room); `triggerClassName`
 * hides the top-bar button then.
 */
export function CommandPalette({
  pages,
  open,
  onOpenChange,
  triggerClassName,
}: {
  pages: PalettePage[];
  open: boolean;
  onOpenChange: (open: boolean) => void;
  triggerClassName?: string;
}) {
  const toggle = useCallback(() => onOpenChange(!open), [open, onOpenChange]);
  usePaletteShortcut(toggle);
  return (
    <DialogPrimitive.Root open={open} onOpenChange={onOpenChange}>
      <DialogPrimitive.Trigger
        aria-keyshortcuts={IS_MAC ? "Meta+K" : "Control+K"}
        className={cn(
          "inline-flex h-9 items-center gap-2 rounded-lg border border-slate-200 bg-white px-2.5 text-sm text-slate-500 shadow-xs hover:border-slate-300 hover:text-slate-800 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-blue-500 max-sm:size-10 max-sm:justify-center max-sm:border-0 max-sm:shadow-none",
          triggerClassName,
        )}
      >
        <Search className="size-4" aria-hidden />
        {/* Named by its text ("Search"), shown from lg up, so the name always holds what is visible. */}
        <span className="sr-only lg:not-sr-only">Search</span>
        <kbd aria-hidden className="hidden rounded border border-slate-200 bg-slate-50 px-1.5 font-sans text-[11px] text-slate-500 sm:inline">
          {PALETTE_SHORTCUT}
        </kbd>
      </DialogPrimitive.Trigger>
      <DialogPrimitive.Portal>
        <DialogPrimitive.Overlay className="fixed inset-0 z-50 bg-black/40 backdrop-blur-[2px] data-[state=open]:animate-fade-in" />
        <DialogPrimitive.Content
          aria-describedby={undefined}
          className="fixed left-1/2 top-[12vh] z-50 flex max-h-[76vh] w-[calc(100vw-1.5rem)] max-w-xl -translate-x-1/2 flex-col overflow-hidden rounded-2xl border border-slate-200 bg-white shadow-2xl focus:outline-none data-[state=open]:animate-dialog-in max-sm:top-3 max-sm:max-h-[calc(100dvh-1.5rem)]"
        >
          <DialogPrimitive.Title className="sr-only">Search chats, projects and pages</DialogPrimitive.Title>
          {open && <PaletteBody pages={pages} onClose={() => onOpenChange(false)} />}
        </DialogPrimitive.Content>
      </DialogPrimitive.Portal>
    </DialogPrimitive.Root>
  );
}

function PaletteBody({ pages, onClose }: { pages: PalettePage[]; onClose: () => void }) {
  const navigate = useNavigate();
  const exporter = useExportMyData();
  const [query, setQuery] = useState("");
  const [active, setActive] = useState(0);
  const listboxId = useId();
  const listRef = useRef<HTMLDivElement>(null);

  const text = useDebounced(query.trim(), 150);
  const found = useQuery(api.chat.search.find, text ? { text } : "skip");
  // Keep the last answer while the next one loads, so the list doesn't flash empty between keystrokes.
  const [lastFound, setLastFound] = useState<SearchResult | undefined>(undefined);
  if (found !== undefined && found !== lastFound) setLastFound(found);
  const search = text ? (found ?? lastFound) : undefined;
  const searching = Boolean(query.trim()) && (found === undefined || text !== query.trim());

  const recent = useQuery(api.chat.sessions.list, RECENT);
  const projects = useQuery(api.projects.projects.list, PROJECTS);
  const items = useMemo(
    () => paletteItems({ query, pages, recentChats: recent?.page ?? [], projects: projects?.page ?? [], search }),
    [query, pages, recent, projects, search],
  );

  const current = Math.min(active, Math.max(items.length - 1, 0));
  const optionId = (index: number) => `${listboxId}-option-${index}`;

  useEffect(() => {
    listRef.current?.querySelector(`[id="${optionId(current)}"]`)?.scrollIntoView({ block: "nearest" });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [current]);

  function choose(item: PaletteItem | undefined) {
    if (!item) return;
    onClose();
    if (item.action === "exportData") void exporter.run();
    else if (item.to) navigate(item.to);
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (items.length === 0) return;
      const step = event.key === "ArrowDown" ? 1 : -1;
      setActive((current + step + items.length) % items.length);
    } else if (event.key === "Enter" && !event.nativeEvent.isComposing) {
      event.preventDefault();
      choose(items[current]);
    }
  }

  let index = -1;
  const groups = [...new Set(items.map((item) => item.group))];
  return (
    <>
      <div className="flex items-center gap-3 border-b border-slate-100 px-4">
        <Search className="size-4 shrink-0 text-slate-400" aria-hidden />
        <input
          role="combobox"
          aria-expanded={items.length > 0}
          aria-controls={listboxId}
          aria-activedescendant={items.length > 0 ? optionId(current) : undefined}
          aria-autocomplete="list"
          aria-label="Search chats, messages, projects and pages"
          autoFocus
          value={query}
          onChange={(event) => {
            setQuery(event.target.value);
            setActive(0);
          }}
          onKeyDown={onKeyDown}
          placeholder="Search chats and messages, or jump to…"
          maxLength={200}
          className="h-14 min-w-0 flex-1 bg-transparent text-[15px] text-slate-900 placeholder:text-slate-500 focus:outline-none"
        />
        {searching && <span className="size-3 shrink-0 animate-spin rounded-full border-2 border-slate-300 border-t-transparent" aria-hidden />}
      </div>
      <div ref={listRef} id={listboxId} role="listbox" aria-label="Results" className="min-h-0 flex-1 overflow-y-auto p-2">
        {items.length === 0 && (
          <p className="px-3 py-8 text-center text-sm text-slate-500" role="presentation">
            {searching ? "Searching…" : `No results for “${query.trim()}”`}
          </p>
        )}
        {groups.map((group) => (
          <div key={group} role="group" aria-labelledby={`${listboxId}-${group}`} className="mb-1">
            <div id={`${listboxId}-${group}`} role="presentation" className="px-3 pb-1 pt-2 text-xs font-medium text-slate-500">
              {group}
            </div>
            {items
              .filter((item) => item.group === group)
              .map((item) => {
                index += 1;
                const position = index;
                const Icon = item.id === "page:archived" ? Archive : item.action === "exportData" ? Download : ICONS[item.group];
                const selected = position === current;
                return (
                  <div
                    key={item.id}
                    id={optionId(position)}
                    role="option"
                    aria-selected={selected}
                    data-testid="palette-option"
                    onMouseMove={() => setActive(position)}
                    onClick={() => choose(item)}
                    className={cn(
                      "flex cursor-pointer items-start gap-3 rounded-lg px-3 py-2 text-sm",
                      selected ? "bg-slate-100 text-slate-900" : "text-slate-700",
                    )}
                  >
                    <Icon className="mt-0.5 size-4 shrink-0 text-slate-400" aria-hidden />
                    <span className="min-w-0 flex-1">
                      <span className="flex items-center gap-2">
                        <span className="truncate font-medium">
                          {item.snippet && item.group === "Chats" ? <HighlightedText snippet={item.snippet} /> : item.label}
                        </span>
                        {item.archived && (
                          <span className="shrink-0 rounded bg-slate-200/70 px-1.5 text-[11px] text-slate-600">Archived</span>
                        )}
                        {item.detail && <span className="ml-auto shrink-0 text-xs text-slate-500">{item.detail}</span>}
                      </span>
                      {item.snippet && item.group === "Messages" && (
                        <span className="mt-0.5 line-clamp-2 block text-[13px] leading-5 text-slate-500">
                          <HighlightedText snippet={item.snippet} />
                        </span>
                      )}
                    </span>
                    {selected && <CornerDownLeft className="mt-0.5 size-3.5 shrink-0 text-slate-400" aria-hidden />}
                  </div>
                );
              })}
          </div>
        ))}
      </div>
      <div className="hidden items-center gap-4 border-t border-slate-100 px-4 py-2 text-xs text-slate-500 sm:flex">
        <span>↑↓ to move</span>
        <span>Enter to open</span>
        <span>Esc to close</span>
      </div>
    </>
  );
}
