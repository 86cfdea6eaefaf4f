import { Archive, Ellipsis, Pencil, Trash2 } from "lucide-react";
import { useRef, useState, type KeyboardEvent } from "react";
import { Link } from "react-router";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { useFocusAfterRender } from "@/components/ui/focus-return";
import { cn } from "@/lib/cn";
import type { ChatSession } from "../lib/types";

export const MAX_TITLE_LENGTH = 100;

type Props = {
  session: Pick<ChatSession, "_id" | "displayId" | "title">;
  active: boolean;
  onSelect?: () => void;
  onRename: (title: string) => void;
  onDelete: () => void;
  onArchive?: () => void;
};

/** One chat in the sidebar: a link, with rename (inline) and delete in a menu. */
export function SessionItem({ session, active, onSelect, onRename, onDelete, onArchive }: Props) {
  const [editing, setEditing] = useState(false);
  const renameFromMenu = useRef(false);
  const optionsButton = useRef<HTMLButtonElement>(null);
  const focusLater = useFocusAfterRender();

  return (
    <li className="group relative">
      {editing ? (
        <RenameInput
          initial={session.title}
          onDone={(title, byKeyboard) => {
            setEditing(false);
            // Enter or Escape hands focus back to the menu button that started the rename.
            if (byKeyboard) focusLater(() => optionsButton.current);
            if (title !== null && title !== session.title) onRename(title);
          }}
        />
      ) : (
        <Link
          to={`/chat/${session.displayId}`}
          onClick={onSelect}
          aria-current={active ? "page" : undefined}
          className={cn(
            "flex min-h-11 items-center rounded-lg py-2 pl-3 pr-12 text-sm transition-colors md:min-h-9 md:pr-9",
            "focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-inset focus-visible:ring-blue-500",
            active ? "bg-slate-200/70 font-medium text-slate-900" : "text-slate-700 hover:bg-slate-100",
          )}
        >
          <span className="truncate">{session.title}</span>
        </Link>
      )}
      {!editing && (
        <DropdownMenu>
          <DropdownMenuTrigger
            ref={optionsButton}
            aria-label={`Options for ${session.title}`}
            className={cn(
              "absolute right-0 top-1/2 grid size-11 -translate-y-1/2 place-items-center rounded-lg text-slate-500 md:right-1 md:size-7 md:rounded-md",
              "hover:bg-slate-200 hover:text-slate-900 focus-visible:opacity-100 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-blue-500",
              "data-[state=open]:bg-slate-200 data-[state=open]:opacity-100 md:opacity-0 md:group-hover:opacity-100",
              active && "md:opacity-100",
            )}
          >
            <Ellipsis className="size-4" aria-hidden />
          </DropdownMenuTrigger>
          <DropdownMenuContent
            align="start"
            onCloseAutoFocus={(e) => {
              // Focus belongs in the rename box, not back on the menu button.
              if (renameFromMenu.current) e.preventDefault();
              renameFromMenu.current = false;
            }}
          >
            <DropdownMenuItem
              onSelect={() => {
                renameFromMenu.current = true;
                setEditing(true);
              }}
            >
              <Pencil aria-hidden /> Rename
            </DropdownMenuItem>
            {onArchive && (
              <DropdownMenuItem onSelect={onArchive}>
                <Archive aria-hidden /> Archive
              </DropdownMenuItem>
            )}
            <DropdownMenuItem destructive onSelect={onDelete}>
              <Trash2 aria-hidden /> Delete
            </DropdownMenuItem>
          </DropdownMenuContent>
        </DropdownMenu>
      )}
    </li>
  );
}

/** Enter saves, Escape cancels, leaving the field saves (like renaming a file). */
export function RenameInput({
  initial,
  onDone,
}: {
  initial: string;
  /** `byKeyboard`: ended by Enter or Escape (not by focus leaving), so focus needs a new home. */
  onDone: (title: string | null, byKeyboard: boolean) => void;
}) {
  const [value, setValue] = useState(initial);
  const finished = useRef(false);

  function finish(title: string | null, byKeyboard: boolean) {
    if (finished.current) return;
    finished.current = true;
    const trimmed = title?.trim();
    onDone(trimmed ? trimmed : null, byKeyboard);
  }

  function handleKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === "Enter") {
      event.preventDefault();
      finish(value, true);
    } else if (event.key === "Escape") {
      event.preventDefault();
      event.stopPropagation();
      finish(null, true);
    }
  }

  return (
    <input
      aria-label="Chat title"
      value={value}
      maxLength={MAX_TITLE_LENGTH}
      autoFocus
      onFocus={(e) => e.currentTarget.select()}
      onChange={(e) => setValue(e.target.value)}
      onKeyDown={handleKeyDown}
      onBlur={() => finish(value, false)}
      className="block h-11 w-full rounded-lg border border-blue-500 bg-white px-3 text-sm text-slate-900 ring-4 ring-blue-100 focus:outline-none md:h-9"
    />
  );
}
