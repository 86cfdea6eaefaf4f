import { UserButton } from "@clerk/react";
import { Monitor, Moon, Sun } from "lucide-react";
import { useTheme, type ThemeChoice } from "@/lib/theme";

const NEXT: Record<ThemeChoice, ThemeChoice> = { light: "dark", dark: "system", system: "light" };
const LABEL: Record<ThemeChoice, string> = { light: "Light", dark: "Dark", system: "System" };
const ICON = { light: Sun, dark: Moon, system: Monitor };

/**
 * Clerk's own account menu; a separate chunk so offline builds never load
 * Clerk. Clerk's menu takes actions, not radio items, so the theme is one
 * entry that moves to the next choice (Light → Dark → System).
 */
export default function ClerkUserButton() {
  const { choice, setChoice } = useTheme();
  const Icon = ICON[choice];
  return (
    <span className="grid size-11 place-items-center md:size-9">
      <UserButton>
        <UserButton.MenuItems>
          <UserButton.Action
            label={`Theme: ${LABEL[choice]}`}
            labelIcon={<Icon className="size-4" aria-hidden />}
            onClick={() => setChoice(NEXT[choice])}
          />
        </UserButton.MenuItems>
      </UserButton>
    </span>
  );
}
