/** A project's address: its readable display id ("/projects/PJ-000007"), or the id older projects use. */
export function projectPath(project: { _id: string; displayId?: string }): string {
  return `/projects/${project.displayId ?? project._id}`;
}
