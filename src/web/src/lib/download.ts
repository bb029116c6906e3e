// Downloading a court paper: the content URL needs the bearer token, which a plain link cannot
// send, so the file is fetched and handed to the browser as a download.
import { sessionStore } from "./session";

export async function download(url: string, fallbackName: string): Promise<void> {
  const res = await fetch(url, { headers: { authorization: `Bearer ${sessionStore.get()?.token ?? ""}` } });
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
