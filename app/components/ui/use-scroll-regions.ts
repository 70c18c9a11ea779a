// Wide content (data tables, charts) scrolls sideways inside its own box on a narrow screen instead of
// the whole page (and long tables scroll inside a box of fixed height). A box that really scrolls must be reachable by keyboard and named for a screen reader:
// this hook gives every such box under `root` a tab stop, the region role and a label (its own
// aria-label, its table's caption, or the nearest heading before it), and takes them away again when
// the box fits. It runs after each render of the page and when the window is resized.
import { useEffect, type RefObject } from "react";
import { useLocation } from "@remix-run/react";

const SCROLLERS = ".table-wrap, table.data, .scroll-x";
const MARK = "data-scroll-region";

function nearestHeading(el: Element): string | null {
  const caption = el.querySelector("caption")?.textContent?.trim();
  if (caption) return caption;
  for (let node: Element | null = el; node && node !== document.body; node = node.parentElement) {
    for (let sib = node.previousElementSibling; sib; sib = sib.previousElementSibling) {
      const h = sib.matches("h1,h2,h3,h4,legend") ? sib : sib.querySelector("h1,h2,h3,h4");
      const text = h?.textContent?.trim();
      if (text) return text;
    }
  }
  return null;
}

/** `template`: the region's label with a {label} placeholder for the table's own name; `fallback`: that name when none is found. */
export function useScrollRegions(root: RefObject<HTMLElement>, template: string, fallback: string) {
  const { pathname } = useLocation();
  useEffect(() => {
    const main = root.current;
    if (!main) return;
    let frame = 0;
    const mark = () => {
      for (const el of Array.from(main.querySelectorAll<HTMLElement>(SCROLLERS))) {
        const scrolls = el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1;
        const ours = el.hasAttribute(MARK);
        if (scrolls && !ours && !el.hasAttribute("tabindex")) {
          el.setAttribute(MARK, "");
          el.tabIndex = 0;
          if (el.tagName !== "TABLE") el.setAttribute("role", "region");
          if (!el.hasAttribute("aria-label")) el.setAttribute("aria-label", template.replace("{label}", nearestHeading(el) ?? fallback));
        } else if (!scrolls && ours) {
          el.removeAttribute(MARK);
          el.removeAttribute("tabindex");
          if (el.tagName !== "TABLE") el.removeAttribute("role");
          el.removeAttribute("aria-label");
        }
      }
    };
    const schedule = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(mark);
    };
    schedule();
    // Pages draw more after loading (live rows, expanded sections): look again when the content changes.
    const observer = new MutationObserver(schedule);
    observer.observe(main, { childList: true, subtree: true });
    window.addEventListener("resize", schedule);
    return () => {
      cancelAnimationFrame(frame);
      observer.disconnect();
      window.removeEventListener("resize", schedule);
    };
  }, [root, pathname, template, fallback]);
}
