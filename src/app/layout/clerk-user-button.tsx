import { UserButton } from "@clerk/react";

/** Clerk's own account menu; a separate chunk so offline builds never load Clerk. */
export default function ClerkUserButton() {
  return (
    <span className="grid size-11 place-items-center md:size-9">
      <UserButton />
    </span>
  );
}
