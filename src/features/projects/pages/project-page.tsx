/** Placeholder until this page is built. */
export function ProjectPage() {
  return (
    <div className="p-8">
      <h1 className="text-2xl font-semibold">Project</h1>
    </div>
  );
}
