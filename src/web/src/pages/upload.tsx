// Filing a court paper: ask the hub for an upload slot (type, title, date, children,
// confidentiality), then stream the file's bytes to the slot's URL with a progress bar. The
// hub checks the file's own bytes, so a mislabelled file is refused with a clear reason.
import { useMemo, useRef, useState, type DragEvent } from "react";
import { useQuery } from "@apollo/client/react";
import { graphql } from "../gql";
import type { AppointmentRole, DocumentType } from "../gql/graphql";
import { client } from "../lib/apollo";
import { csrfHeaders } from "../lib/session";
import { errorsFrom, check } from "../lib/forms";
import { today, words, fileSize } from "../lib/format";
import { Link } from "../lib/router";
import { Button, Checkboxes, DateInput, ErrorSummary, NotificationBanner, Radios, Select, TextInput, isDate, type FieldError } from "../govuk/components";

const RULES = graphql(`
  query DistributionRules {
    distributionRules {
      type
      description
      filedBy
      recipients
    }
  }
`);

const CREATE_SLOT = graphql(`
  mutation CreateUploadSlot($input: CreateUploadSlotInput!) {
    createUploadSlot(input: $input) {
      id
      uploadUrl
      documentId
      maxBytes
    }
  }
`);

const ACCEPT = ".pdf,.docx,.png,.jpg,.jpeg,.tif,.tiff";
const TYPES: Record<string, string> = {
  pdf: "application/pdf",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  tif: "image/tiff",
  tiff: "image/tiff",
};

const sizeText = fileSize;

/** PUT with progress: fetch cannot report upload progress, XMLHttpRequest can. */
function put(
  url: string,
  file: File,
  onProgress: (fraction: number) => void,
): Promise<{ status: number; body: { documentId?: string; errors?: { message: string; extensions?: { code?: string } }[] } }> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("PUT", url);
    for (const [name, value] of Object.entries(csrfHeaders())) xhr.setRequestHeader(name, value);
    xhr.setRequestHeader("content-type", file.type || "application/octet-stream");
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onload = () => {
      let body = {};
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        /* not JSON */
      }
      resolve({ status: xhr.status, body });
    };
    xhr.onerror = () => reject(new Error("The upload was interrupted. Check your connection and try again."));
    xhr.send(file);
  });
}

export function FilePaper({
  proceedingsId,
  children,
  filedBy,
  supersedes,
  onDone,
}: {
  proceedingsId: string;
  children: { id: string; givenName: string; familyName: string }[];
  filedBy: AppointmentRole;
  supersedes?: { id: string; type: DocumentType; title: string | null };
  onDone?: (documentId: string) => void;
}) {
  const { data } = useQuery(RULES, { fetchPolicy: "cache-first" });
  const rules = useMemo(() => (data?.distributionRules ?? []).filter((r) => r.filedBy.includes(filedBy) && r.type !== "COURT_BUNDLE"), [data, filedBy]);
  const [type, setType] = useState<string>(supersedes?.type ?? "");
  const [title, setTitle] = useState(supersedes?.title ? `${supersedes.title} (corrected)` : "");
  const [date, setDate] = useState(today());
  const [childIds, setChildIds] = useState<string[]>(children.map((c) => c.id));
  const [confidentiality, setConfidentiality] = useState("OPEN");
  const [restrictedTo, setRestrictedTo] = useState<string[]>([]);
  const [file, setFile] = useState<File | null>(null);
  const [dragging, setDragging] = useState(false);
  const [progress, setProgress] = useState<number | null>(null);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [filed, setFiled] = useState<string | null>(null);
  // One idempotency key per upload: a retried submission of the same request gets the same slot,
  // not a second paper; a changed request (another file after a refusal) is a new upload.
  const idempotencyKey = useRef({ key: crypto.randomUUID(), request: "" });
  const input = useRef<HTMLInputElement>(null);

  const rule = rules.find((r) => r.type === type);
  const known = ["type", "title", "documentDate", "childIds", "restrictedTo", "file", "fileName", "contentType"];

  const choose = (f: File | undefined | null) => {
    if (!f) return;
    setFile(f);
    setErrors([]);
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    choose(e.dataTransfer.files?.[0]);
  };

  const submit = async () => {
    const ext = file?.name.split(".").pop()?.toLowerCase() ?? "";
    const problems = check([
      [!!type, "type", "Select the type of paper"],
      [title.trim().length > 0, "title", "Enter a title"],
      [isDate(date), "documentDate", "Enter the document's date, for example 27 3 2026"],
      [childIds.length > 0 || children.length === 0, "childIds", "Select the children the paper is about"],
      [confidentiality === "OPEN" || restrictedTo.length > 0, "restrictedTo", "Select who may see a restricted paper"],
      [!!file, "file", "Select a file to upload"],
      [!file || !!TYPES[ext], "file", "The file must be a PDF, Word document (DOCX), PNG, JPEG or TIFF"],
    ]);
    if (problems.length) {
      setErrors(problems);
      return;
    }
    setErrors([]);
    setProgress(0);
    try {
      const request = {
        proceedingsId,
        type: type as DocumentType,
        title: title.trim(),
        documentDate: date,
        childIds,
        confidentiality: confidentiality as "OPEN" | "RESTRICTED",
        restrictedTo: confidentiality === "RESTRICTED" ? (restrictedTo as AppointmentRole[]) : null,
        fileName: file!.name,
        contentType: file!.type || TYPES[ext],
        supersedesDocumentId: supersedes?.id ?? null,
      };
      const fingerprint = JSON.stringify([request, file!.size, file!.lastModified]);
      if (idempotencyKey.current.request !== fingerprint) idempotencyKey.current = { key: crypto.randomUUID(), request: fingerprint };
      const slot = await client.mutate({
        mutation: CREATE_SLOT,
        variables: { input: { ...request, idempotencyKey: idempotencyKey.current.key } },
      });
      const s = slot.data!.createUploadSlot;
      if (file!.size > s.maxBytes) {
        setProgress(null);
        setErrors([{ id: "file", message: `The file is ${sizeText(file!.size)}; the largest paper the hub takes is ${sizeText(s.maxBytes)}` }]);
        return;
      }
      const res = await put(s.uploadUrl, file!, setProgress);
      if (res.status === 200 || res.status === 201) {
        setFiled(res.body.documentId ?? s.documentId);
        setProgress(null);
        await client.refetchQueries({ include: "active" });
        onDone?.(res.body.documentId ?? s.documentId);
        return;
      }
      setProgress(null);
      setErrors([{ id: "file", message: res.body.errors?.[0]?.message ?? `The upload was refused (HTTP ${res.status})` }]);
    } catch (err) {
      setProgress(null);
      setErrors(errorsFrom(err, known).map((e) => (e.id === "fileName" || e.id === "contentType" ? { ...e, id: "file" } : e)));
    }
  };

  if (filed) {
    return (
      <NotificationBanner success title="Paper filed">
        <p className="govuk-notification-banner__heading">
          The paper was filed and delivered. <Link to={`/papers/${filed}`}>See who received it</Link>.
        </p>
        <Button
          variant="secondary"
          onClick={() => {
            setFiled(null);
            setFile(null);
            setTitle("");
            idempotencyKey.current = { key: crypto.randomUUID(), request: "" };
          }}
        >
          File another paper
        </Button>
      </NotificationBanner>
    );
  }

  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <ErrorSummary errors={errors} />
      {!supersedes && (
        <Select
          id="type"
          label="Type of paper"
          errors={errors}
          value={type}
          onChange={setType}
          placeholder="Choose a type"
          options={rules.map((r) => ({ value: r.type, text: words(r.type) }))}
          hint={rule ? `Goes to: ${rule.recipients.map(words).join(", ")}. ${rule.description}` : undefined}
        />
      )}
      <TextInput id="title" label="Title" errors={errors} value={title} onChange={setTitle} />
      <DateInput id="documentDate" legend="Date on the document" errors={errors} value={date} onChange={setDate} />
      {children.length > 1 && (
        <Checkboxes
          id="childIds"
          legend="Which children is it about?"
          errors={errors}
          values={childIds}
          onChange={setChildIds}
          options={children.map((c) => ({ value: c.id, text: `${c.givenName} ${c.familyName}` }))}
          small
        />
      )}
      <Radios
        id="confidentiality"
        legend="Who may see it?"
        errors={errors}
        value={confidentiality}
        onChange={setConfidentiality}
        small
        options={[
          { value: "OPEN", text: "Everyone the paper's type goes to" },
          { value: "RESTRICTED", text: "Only some of them", hint: "For example, a paper with a placement address" },
        ]}
      />
      {confidentiality === "RESTRICTED" && (
        <Checkboxes
          id="restrictedTo"
          legend="Restrict to"
          errors={errors}
          values={restrictedTo}
          onChange={setRestrictedTo}
          options={(rule?.recipients ?? ["COURT", "GUARDIAN", "IRO"]).map((r) => ({ value: r, text: words(r) }))}
          small
        />
      )}
      <div className={`govuk-form-group${errors.some((e) => e.id === "file") ? " govuk-form-group--error" : ""}`}>
        <label className="govuk-label govuk-label--s" htmlFor="file">
          File
        </label>
        <div id="file-hint" className="govuk-hint">
          PDF, Word (DOCX), PNG, JPEG or TIFF. Drag it here or choose it.
        </div>
        {errors
          .filter((e) => e.id === "file")
          .map((e) => (
            <p className="govuk-error-message" id="file-error" key={e.message}>
              <span className="govuk-visually-hidden">Error:</span> {e.message}
            </p>
          ))}
        <div
          className={`app-dropzone${dragging ? " app-dropzone--active" : ""}`}
          data-testid="dropzone"
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
        >
          <input
            ref={input}
            className="govuk-file-upload"
            id="file"
            name="file"
            type="file"
            accept={ACCEPT}
            aria-describedby={errors.some((e) => e.id === "file") ? "file-hint file-error" : "file-hint"}
            onChange={(e) => choose(e.target.files?.[0])}
          />
          {file && (
            <p className="govuk-body govuk-!-margin-top-2 govuk-!-margin-bottom-0">
              {file.name}, {sizeText(file.size)}
            </p>
          )}
        </div>
      </div>
      {progress !== null && (
        <div className="govuk-form-group">
          <label className="govuk-label" htmlFor="upload-progress">
            Uploading: {Math.round(progress * 100)}%
          </label>
          <progress id="upload-progress" className="app-progress" max={1} value={progress} />
        </div>
      )}
      <Button type="submit" disabled={progress !== null}>
        {supersedes ? "Upload the corrected paper" : "File the paper"}
      </Button>
    </form>
  );
}
