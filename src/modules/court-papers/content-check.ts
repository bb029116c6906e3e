// What a court paper may be, identified from its bytes: never from the name or the type the
// client claims. PDF, Word (DOCX) and common images; executables, other archives, anything
// unrecognised and empty files are refused.

export const ALLOWED_CONTENT_TYPES = {
  "application/pdf": [".pdf"],
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": [".docx"],
  "image/png": [".png"],
  "image/jpeg": [".jpg", ".jpeg"],
  "image/tiff": [".tif", ".tiff"],
} as const;

export type AllowedContentType = keyof typeof ALLOWED_CONTENT_TYPES;

/** How much of the file the check reads. */
export const HEAD_BYTES = 64 * 1024;

export class ContentRejected extends Error {}

function startsWith(head: Buffer, ...bytes: number[]): boolean {
  return head.length >= bytes.length && bytes.every((b, i) => head[i] === b);
}

export function sniff(head: Buffer): AllowedContentType | "executable" | "unknown" {
  if (head.subarray(0, 5).toString("latin1") === "%PDF-") return "application/pdf";
  if (startsWith(head, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return "image/png";
  if (startsWith(head, 0xff, 0xd8, 0xff)) return "image/jpeg";
  if (startsWith(head, 0x49, 0x49, 0x2a, 0x00) || startsWith(head, 0x4d, 0x4d, 0x00, 0x2a)) return "image/tiff";
  if (startsWith(head, 0x50, 0x4b, 0x03, 0x04)) {
    // A Word document is a zip whose entries include [Content_Types].xml and word/...; other
    // zips (archives that could carry anything) are refused.
    const text = head.toString("latin1");
    return text.includes("[Content_Types].xml") && text.includes("word/")
      ? "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
      : "unknown";
  }
  if (
    startsWith(head, 0x4d, 0x5a) || // MZ: Windows
    startsWith(head, 0x7f, 0x45, 0x4c, 0x46) || // ELF
    startsWith(head, 0x23, 0x21) || // #! script
    startsWith(head, 0xfe, 0xed, 0xfa, 0xce) ||
    startsWith(head, 0xfe, 0xed, 0xfa, 0xcf) ||
    startsWith(head, 0xce, 0xfa, 0xed, 0xfe) ||
    startsWith(head, 0xcf, 0xfa, 0xed, 0xfe) ||
    startsWith(head, 0xca, 0xfe, 0xba, 0xbe) // Mach-O
  ) {
    return "executable";
  }
  return "unknown";
}

/** Checks the head of an upload against what the slot declared; null when acceptable. */
export function checkContent(head: Buffer, declared: { contentType: string; fileName: string }): Error | null {
  if (head.length === 0) return new ContentRejected("The file is empty");
  const found = sniff(head);
  if (found === "executable") return new ContentRejected("Executable files are not accepted");
  if (found === "unknown") return new ContentRejected("Only PDF, Word (DOCX), PNG, JPEG and TIFF files are accepted");
  if (found !== declared.contentType) {
    return new ContentRejected(`The file was declared as ${declared.contentType} but its contents are ${found}`);
  }
  const ext = declared.fileName.toLowerCase().slice(declared.fileName.lastIndexOf("."));
  if (!(ALLOWED_CONTENT_TYPES[found] as readonly string[]).includes(ext)) {
    return new ContentRejected(`A ${found} file cannot be named ${declared.fileName}`);
  }
  return null;
}
