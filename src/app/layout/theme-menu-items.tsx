import { Monitor, Moon, Sun } from "lucide-react";
import { DropdownMenuRadioGroup, DropdownMenuRadioItem } from "@/components/ui/dropdown-menu";
import { useTheme, type ThemeChoice } from "@/lib/theme";

const CHOICES: { value: ThemeChoice; label: string; icon: typeof Sun }[] = [
  { value: "light", label: "Light", icon: Sun },
  { value: "dark", label: "Dark", icon: Moon },
  { value: "system", label: "System", icon: Monitor },
];

/** Light / Dark / System, in the account menu; remembered on this browser. */
export function ThemeMenuItems() {
  const { choice, setChoice } = useTheme();
  return (
    <>
      <p aria-hidden className="px-2.5 pb-1 pt-1.5 text-xs font-medium text-slate-500">
        Theme
      </p>
      <DropdownMenuRadioGroup label="Theme" value={choice} onValueChange={(value) => setChoice(value as ThemeChoice)}>
        {CHOICES.map(({ value, label, icon: Icon }) => (
          <DropdownMenuRadioItem key={value} value={value}>
            <Icon aria-hidden /> {label}
          </DropdownMenuRadioItem>
        ))}
      </DropdownMenuRadioGroup>
    </>
  );
}
