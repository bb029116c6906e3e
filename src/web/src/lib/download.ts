// Downloading a court paper: fetched (with the session cookie and, as a download is the
// recipient's receipt, the CSRF token) rather than followed as a link, so that a refusal is
// shown on the page instead of replacing it.
import { csrfHeaders } from "./session";

export async function download(url: string, fallbackName: string): Promise<void> {
  const res = await fetch(url, { credentials: "same-origin", headers: csrfHeaders() });
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { errors?: { message: string }[] } | null;
    throw new Error(body?.errors?.[0]?.message ?? `The download failed (HTTP ${res.status})`);
  }
  const name = /filename="([^"]+)"/.exec(res.headers.get("content-disposition") ?? "")?.[1] ?? fallbackName;
  const blob = await res.blob();
  const href = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = href;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}
