/** Three pulsing dots while the model hasn't sent its first word. */
export function TypingIndicator() {
  return (
    <span role="status" aria-label="Helm is typing" className="inline-flex h-6 items-center gap-1">
      {[0, 150, 300].map((delay) => (
        <span
          key={delay}
          className="size-1.5 rounded-full bg-slate-500"
          style={{ animation: `typing-dot 1.2s ease-in-out ${delay}ms infinite` }}
        />
      ))}
    </span>
  );
}
