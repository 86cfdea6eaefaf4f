import { useMutation } from "convex/react";
import { Trash2 } from "lucide-react";
import { useState } from "react";
import { useNavigate } from "react-router";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { Spinner } from "@/components/ui/spinner";
import { errorMessage } from "@/lib/errors";
import { api } from "../../../../convex/_generated/api";
import type { Id } from "../../../../convex/_generated/dataModel";

type Props = {
  project: { _id: Id<"projects">; name: string; taskCount: number };
  open: boolean;
  onOpenChange: (open: boolean) => void;
};

export function DeleteProjectDialog({ project, open, onOpenChange }: Props) {
  const remove = useMutation(api.projects.projects.remove);
  const navigate = useNavigate();
  const [deleting, setDeleting] = useState(false);

  const confirm = async () => {
    setDeleting(true);
    try {
      await remove({ projectId: project._id });
      onOpenChange(false);
      toast.success("Project deleted", { description: project.name });
      navigate("/");
    } catch (error) {
      toast.error("Couldn't delete the project", { description: errorMessage(error) });
    } finally {
      setDeleting(false);
    }
  };

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent
        title="Delete this project?"
        description={
          <>
            “{project.name}” and its {project.taskCount === 1 ? "1 task" : `${project.taskCount} tasks`} and pages will
            be deleted. This can't be undone.
          </>
        }
        icon={
          <span className="grid size-10 place-items-center rounded-xl bg-red-50 text-red-600 ring-1 ring-red-100">
            <Trash2 className="size-5" aria-hidden />
          </span>
        }
      >
        <DialogFooter>
          <Button variant="secondary" onClick={() => onOpenChange(false)}>
            Cancel
          </Button>
          <Button variant="danger" onClick={confirm} disabled={deleting}>
            {deleting && <Spinner className="size-3.5" label="Deleting" />}
            Delete project
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
