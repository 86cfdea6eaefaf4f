/** Placeholder until this page is built. */
export function ChatPage() {
  return (
    <div className="p-8">
      <h1 className="text-2xl font-semibold">Chat AI</h1>
    </div>
  );
}
