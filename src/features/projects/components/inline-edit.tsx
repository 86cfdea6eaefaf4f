import { useEffect, useRef, useState, type KeyboardEvent } from "react";
import { cn } from "@/lib/cn";

type Props = {
  value: string;
  label: string;
  onSave: (value: string) => Promise<unknown>;
  /** `byKeyboard`: ended by Enter or Escape, so the caller puts focus back where editing began. */
  onDone: (byKeyboard: boolean) => void;
  maxLength: number;
  multiline?: boolean;
  className?: string;
};

/**
 * An input that replaces text while it is edited: Enter (or leaving) saves,
 * Escape cancels. A failed save keeps the edit open with the text intact.
 */
export function InlineEdit({ value, label, onSave, onDone, maxLength, multiline, className }: Props) {
  const [draft, setDraft] = useState(value);
  const [saving, setSaving] = useState(false);
  const ref = useRef<HTMLInputElement & HTMLTextAreaElement>(null);
  const finished = useRef(false);

  useEffect(() => {
    ref.current?.focus();
    ref.current?.select();
  }, []);

  const commit = async (byKeyboard: boolean) => {
    if (finished.current || saving) return;
    const next = draft.trim();
    if (next === value.trim() || (next === "" && !multiline)) {
      finished.current = true;
      onDone(byKeyboard);
      return;
    }
    setSaving(true);
    try {
      await onSave(next);
      finished.current = true;
      onDone(byKeyboard);
    } catch {
      // The caller reported the error; stay open so nothing typed is lost.
      setSaving(false);
    }
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === "Escape") {
      event.preventDefault();
      finished.current = true;
      onDone(true);
    } else if (event.key === "Enter" && (!multiline || event.metaKey || event.ctrlKey)) {
      event.preventDefault();
      void commit(true);
    }
  };

  const shared = {
    ref,
    value: draft,
    maxLength,
    "aria-label": label,
    disabled: saving,
    onChange: (event: { target: { value: string } }) => setDraft(event.target.value),
    onBlur: () => void commit(false),
    onKeyDown,
    className: cn(
      "w-full rounded-md border border-blue-400 bg-white px-2 py-1 text-slate-900 outline-none ring-4 ring-blue-500/10",
      className,
    ),
  };
  return multiline ? <textarea rows={3} {...shared} /> : <input {...shared} />;
}
