// Dates as people in England write them, and the hub's enum values as words.
const dateFormat = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
const dateTimeFormat = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "short",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  timeZone: "Europe/London",
});

export function formatDate(d: string | null | undefined): string {
  if (!d) return "";
  return dateFormat.format(new Date(`${d.slice(0, 10)}T00:00:00Z`));
}

export function formatDateTime(d: string | null | undefined): string {
  return d ? dateTimeFormat.format(new Date(d)) : "";
}

/** "CARE_PLAN_VIEWS_BEFORE_HEARINGS" -> "Care plan views before hearings" */
export function words(value: string | null | undefined): string {
  if (!value) return "";
  const special: Record<string, string> = { IRO: "IRO", LA: "LA", CMH: "CMH", IRH: "IRH", C110A: "C110A", OTHER: "Other" };
  const parts = value.split("_").map((w) => special[w] ?? w.toLowerCase());
  const text = parts.join(" ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A file's size as people read it, the same everywhere: "412 bytes", "3.4 KB", "28 KB", "3.0 MB". */
export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(bytes < 10 * 1024 ? 1 : 0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function percent(share: number | null | undefined): string {
  return share === null || share === undefined ? "no data" : `${(share * 100).toFixed(1)}%`;
}

const londonDay = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London" });
/** Today's date in England, as YYYY-MM-DD. */
export function today(): string {
  return londonDay.format(new Date());
}
