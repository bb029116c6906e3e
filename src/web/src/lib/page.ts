import { useEffect } from "react";

/** The browser tab says which page this is, as GOV.UK pages do. */
export function usePageTitle(title: string | null | undefined): void {
  useEffect(() => {
    if (title) document.title = `${title} – Proceedings Hub`;
  }, [title]);
}
