// A group of the top navigation as a native <details> dropdown: the summary is a real button for the
// keyboard (Enter/Space open it, Tab walks its links), Escape or a click elsewhere closes it, and it
// closes after navigating. The summary is marked when the current page belongs to the group.
import { Children, isValidElement, useEffect, useRef, type ReactNode } from "react";
import { useLocation } from "@remix-run/react";

const matches = (pathname: string, to: string) => pathname === to || pathname.startsWith(`${to}/`) || pathname.startsWith(`${to}.`);

export function NavGroup({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  const ref = useRef<HTMLDetailsElement>(null);
  const { pathname } = useLocation();
  const links = Children.toArray(children).filter(isValidElement) as { props: { to?: string } }[];
  const active = links.some((c) => typeof c.props.to === "string" && matches(pathname, c.props.to));

  // Close after navigating, and on a click outside the group.
  useEffect(() => {
    if (ref.current) ref.current.open = false;
  }, [pathname]);
  useEffect(() => {
    const onClick = (e: MouseEvent) => {
      if (ref.current?.open && !ref.current.contains(e.target as Node)) ref.current.open = false;
    };
    document.addEventListener("click", onClick);
    return () => document.removeEventListener("click", onClick);
  }, []);

  if (links.length === 0) return null;
  return (
    <details
      ref={ref}
      className={`navgroup${active ? " active" : ""}`}
      data-testid={testId}
      onKeyDown={(e) => {
        if (e.key === "Escape" && ref.current?.open) {
          ref.current.open = false;
          ref.current.querySelector("summary")?.focus();
        }
      }}
    >
      <summary aria-current={active ? "true" : undefined}>{label}</summary>
      <div className="navgroup-menu">{children}</div>
    </details>
  );
}
