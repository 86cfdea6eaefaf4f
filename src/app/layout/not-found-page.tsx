import { Compass } from "lucide-react";
import { Link } from "react-router";
import { buttonClasses } from "@/components/ui/button";
import { NoticePanel } from "@/components/ui/notice-panel";
import { usePageTitle } from "@/lib/use-page-title";

export function NotFoundPage() {
  usePageTitle("Page not found");
  return (
    <NoticePanel
      icon={Compass}
      title="Page not found"
      action={
        <Link to="/" className={buttonClasses("primary", "md")}>
          Back to dashboard
        </Link>
      }
    >
      The page you're looking for doesn't exist or has moved.
    </NoticePanel>
  );
}
