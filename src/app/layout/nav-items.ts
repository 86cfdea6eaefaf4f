import { ChartNoAxesColumn, LayoutDashboard, MessageSquare, Sparkles, type LucideIcon } from "lucide-react";

export type NavItem = { to: string; label: string; icon: LucideIcon; end?: boolean };

export const NAV_ITEMS: NavItem[] = [
  { to: "/", label: "Dashboard", icon: LayoutDashboard, end: true },
  { to: "/chat", label: "Chat AI", icon: MessageSquare },
  { to: "/pricing", label: "Pricing", icon: Sparkles },
  { to: "/usage", label: "Usage", icon: ChartNoAxesColumn },
];
