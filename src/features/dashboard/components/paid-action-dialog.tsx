import type { LucideIcon } from "lucide-react";
import type { FormEvent, ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { Spinner } from "@/components/ui/spinner";
import { cn } from "@/lib/cn";
import { CostNote } from "./field";

type Props = {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** Called when the dialog closes, e.g. to forget a shown error. */
  onClose: () => void;
  title: string;
  description: string;
  icon: LucideIcon;
  /** Tailwind colours of the icon tile, e.g. "bg-violet-50 text-violet-600 ring-violet-100". */
  tint: string;
  credits: number;
  submitLabel: string;
  canSubmit: boolean;
  pending: boolean;
  onSubmit: (event: FormEvent) => void;
  children: ReactNode;
};

/** The form dialog of a paid action: fields, the cost note, Cancel and a priced submit. */
export function PaidActionDialog(props: Props) {
  const Icon = props.icon;
  return (
    <Dialog
      open={props.open}
      onOpenChange={(next) => {
        if (!next) props.onClose();
        props.onOpenChange(next);
      }}
    >
      <DialogContent
        title={props.title}
        description={props.description}
        icon={
          <span className={cn("grid size-10 place-items-center rounded-xl ring-1", props.tint)}>
            <Icon className="size-5" aria-hidden />
          </span>
        }
        className="max-w-lg"
      >
        <form onSubmit={props.onSubmit} className="mt-5 space-y-4">
          {props.children}
          <CostNote credits={props.credits} />
          <DialogFooter>
            <Button variant="secondary" onClick={() => props.onOpenChange(false)}>
              Cancel
            </Button>
            <Button type="submit" variant="primary" disabled={!props.canSubmit || props.pending}>
              {props.pending ? <Spinner className="size-3.5" label="Starting" /> : <Icon aria-hidden />}
              {props.submitLabel} · {props.credits} credits
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
