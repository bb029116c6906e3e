// GOV.UK Design System components as React components: the markup and classes of
// govuk-frontend, with their behaviour (error summary focus, conditional reveal) done in React.
import { useEffect, useId, useRef, useState, type ReactNode } from "react";
import { Link } from "../lib/router";

export interface FieldError {
  /** The input's id, or null for an error about the whole form. */
  id: string | null;
  message: string;
}

export function ErrorSummary({ errors, title = "There is a problem" }: { errors: FieldError[]; title?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (errors.length) ref.current?.focus();
  }, [errors]);
  if (!errors.length) return null;
  return (
    <div className="govuk-error-summary" data-module="govuk-error-summary" ref={ref} tabIndex={-1}>
      <div role="alert">
        <h2 className="govuk-error-summary__title">{title}</h2>
        <div className="govuk-error-summary__body">
          <ul className="govuk-list govuk-error-summary__list">
            {errors.map((e, i) => (
              <li key={i}>
                {e.id ? (
                  <a
                    href={`#${e.id}`}
                    onClick={(ev) => {
                      ev.preventDefault();
                      const el = document.getElementById(e.id!);
                      el?.focus();
                      el?.scrollIntoView({ block: "center" });
                    }}
                  >
                    {e.message}
                  </a>
                ) : (
                  e.message
                )}
              </li>
            ))}
          </ul>
        </div>
      </div>
    </div>
  );
}

function errorFor(errors: FieldError[] | undefined, id: string): string | undefined {
  return errors?.find((e) => e.id === id)?.message;
}

interface FieldProps {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  errors?: FieldError[];
  /** Show the label as a page heading (one-question pages). */
  labelClass?: string;
}

function FieldWrapper({
  id,
  label,
  hint,
  errors,
  labelClass,
  children,
}: FieldProps & { children: (describedBy: string | undefined, error?: string) => ReactNode }) {
  const error = errorFor(errors, id);
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
      <label className={`govuk-label ${labelClass ?? ""}`} htmlFor={id}>
        {label}
      </label>
      {hint && (
        <div id={`${id}-hint`} className="govuk-hint">
          {hint}
        </div>
      )}
      {error && (
        <p id={`${id}-error`} className="govuk-error-message">
          <span className="govuk-visually-hidden">Error:</span> {error}
        </p>
      )}
      {children(describedBy, error)}
    </div>
  );
}

export function TextInput(
  props: FieldProps & {
    value: string;
    onChange: (v: string) => void;
    type?: string;
    width?: "2" | "3" | "4" | "5" | "10" | "20" | "30";
    autoComplete?: string;
    spellCheck?: boolean;
    inputMode?: "numeric" | "text" | "email";
  },
) {
  return (
    <FieldWrapper {...props}>
      {(describedBy, error) => (
        <input
          className={`govuk-input${props.width ? ` govuk-input--width-${props.width}` : ""}${error ? " govuk-input--error" : ""}`}
          id={props.id}
          name={props.id}
          type={props.type ?? "text"}
          value={props.value}
          aria-describedby={describedBy}
          autoComplete={props.autoComplete ?? "off"}
          spellCheck={props.spellCheck}
          inputMode={props.inputMode}
          onChange={(e) => props.onChange(e.target.value)}
        />
      )}
    </FieldWrapper>
  );
}

export function Textarea(props: FieldProps & { value: string; onChange: (v: string) => void; rows?: number }) {
  return (
    <FieldWrapper {...props}>
      {(describedBy, error) => (
        <textarea
          className={`govuk-textarea${error ? " govuk-textarea--error" : ""}`}
          id={props.id}
          name={props.id}
          rows={props.rows ?? 4}
          value={props.value}
          aria-describedby={describedBy}
          onChange={(e) => props.onChange(e.target.value)}
        />
      )}
    </FieldWrapper>
  );
}

export interface Option {
  value: string;
  text: string;
  hint?: string;
}

export function Select(props: FieldProps & { value: string; onChange: (v: string) => void; options: Option[]; placeholder?: string }) {
  return (
    <FieldWrapper {...props}>
      {(describedBy, error) => (
        <select
          className={`govuk-select${error ? " govuk-select--error" : ""}`}
          id={props.id}
          name={props.id}
          value={props.value}
          aria-describedby={describedBy}
          onChange={(e) => props.onChange(e.target.value)}
        >
          {props.placeholder !== undefined && <option value="">{props.placeholder}</option>}
          {props.options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.text}
            </option>
          ))}
        </select>
      )}
    </FieldWrapper>
  );
}

function Fieldset({
  legend,
  hint,
  error,
  id,
  children,
  legendClass,
}: {
  legend: ReactNode;
  hint?: ReactNode;
  error?: string;
  id: string;
  children: ReactNode;
  legendClass?: string;
}) {
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
      <fieldset className="govuk-fieldset" aria-describedby={describedBy}>
        <legend className={`govuk-fieldset__legend ${legendClass ?? "govuk-fieldset__legend--s"}`}>{legend}</legend>
        {hint && (
          <div id={`${id}-hint`} className="govuk-hint">
            {hint}
          </div>
        )}
        {error && (
          <p id={`${id}-error`} className="govuk-error-message">
            <span className="govuk-visually-hidden">Error:</span> {error}
          </p>
        )}
        {children}
      </fieldset>
    </div>
  );
}

export function Radios(props: {
  id: string;
  legend: ReactNode;
  hint?: ReactNode;
  errors?: FieldError[];
  value: string;
  onChange: (v: string) => void;
  options: Option[];
  inline?: boolean;
  small?: boolean;
}) {
  const error = errorFor(props.errors, props.id);
  return (
    <Fieldset legend={props.legend} hint={props.hint} error={error} id={props.id}>
      <div className={`govuk-radios${props.inline ? " govuk-radios--inline" : ""}${props.small ? " govuk-radios--small" : ""}`}>
        {props.options.map((o, i) => {
          // The first radio carries the group's id, so the error summary can link to it.
          const id = i === 0 ? props.id : `${props.id}-${i}`;
          return (
            <div className="govuk-radios__item" key={o.value}>
              <input
                className="govuk-radios__input"
                id={id}
                name={props.id}
                type="radio"
                value={o.value}
                checked={props.value === o.value}
                onChange={() => props.onChange(o.value)}
                aria-describedby={o.hint ? `${id}-item-hint` : undefined}
              />
              <label className="govuk-label govuk-radios__label" htmlFor={id}>
                {o.text}
              </label>
              {o.hint && (
                <div id={`${id}-item-hint`} className="govuk-hint govuk-radios__hint">
                  {o.hint}
                </div>
              )}
            </div>
          );
        })}
      </div>
    </Fieldset>
  );
}

export function Checkboxes(props: {
  id: string;
  legend: ReactNode;
  hint?: ReactNode;
  errors?: FieldError[];
  values: string[];
  onChange: (v: string[]) => void;
  options: Option[];
  small?: boolean;
}) {
  const error = errorFor(props.errors, props.id);
  return (
    <Fieldset legend={props.legend} hint={props.hint} error={error} id={props.id}>
      <div className={`govuk-checkboxes${props.small ? " govuk-checkboxes--small" : ""}`}>
        {props.options.map((o, i) => {
          const id = i === 0 ? props.id : `${props.id}-${i}`;
          const checked = props.values.includes(o.value);
          return (
            <div className="govuk-checkboxes__item" key={o.value}>
              <input
                className="govuk-checkboxes__input"
                id={id}
                name={props.id}
                type="checkbox"
                value={o.value}
                checked={checked}
                onChange={() => props.onChange(checked ? props.values.filter((v) => v !== o.value) : [...props.values, o.value])}
              />
              <label className="govuk-label govuk-checkboxes__label" htmlFor={id}>
                {o.text}
              </label>
            </div>
          );
        })}
      </div>
    </Fieldset>
  );
}

/** A yes/no question as a single checkbox. */
export function Checkbox(props: { id: string; label: ReactNode; hint?: ReactNode; checked: boolean; onChange: (v: boolean) => void }) {
  return (
    <div className="govuk-form-group">
      <div className="govuk-checkboxes govuk-checkboxes--small">
        <div className="govuk-checkboxes__item">
          <input
            className="govuk-checkboxes__input"
            id={props.id}
            type="checkbox"
            checked={props.checked}
            onChange={(e) => props.onChange(e.target.checked)}
            aria-describedby={props.hint ? `${props.id}-hint` : undefined}
          />
          <label className="govuk-label govuk-checkboxes__label" htmlFor={props.id}>
            {props.label}
          </label>
          {props.hint && (
            <div id={`${props.id}-hint`} className="govuk-hint govuk-checkboxes__hint">
              {props.hint}
            </div>
          )}
        </div>
      </div>
    </div>
  );
}

const pad = (n: string, len: number) => n.padStart(len, "0");

/** GOV.UK date input (day, month, year) for a YYYY-MM-DD value; an incomplete date is passed up as "partial:…". */
export function DateInput(props: { id: string; legend: ReactNode; hint?: ReactNode; errors?: FieldError[]; value: string; onChange: (v: string) => void }) {
  const error = errorFor(props.errors, props.id);
  const split = (v: string) => {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
    return m ? { y: m[1], m: String(Number(m[2])), d: String(Number(m[3])) } : { y: "", m: "", d: "" };
  };
  const [parts, setParts] = useState(() => split(props.value));
  // Follow the value when the form sets it (a default, or a reset), not while someone types.
  useEffect(() => {
    if (props.value.startsWith("partial:")) return;
    const next = split(props.value);
    setParts((p) => (p.y === next.y && p.m === next.m && p.d === next.d ? p : next));
  }, [props.value]);
  const update = (key: "d" | "m" | "y", v: string) => {
    const next = { ...parts, [key]: v.replace(/\D/g, "") };
    setParts(next);
    props.onChange(
      next.d && next.m && next.y.length === 4
        ? `${next.y}-${pad(next.m, 2)}-${pad(next.d, 2)}`
        : next.d || next.m || next.y
          ? `partial:${next.y}-${next.m}-${next.d}`
          : "",
    );
  };
  const field = (key: "d" | "m" | "y", label: string, width: string, id: string) => (
    <div className="govuk-date-input__item">
      <div className="govuk-form-group">
        <label className="govuk-label govuk-date-input__label" htmlFor={id}>
          {label}
        </label>
        <input
          className={`govuk-input govuk-date-input__input govuk-input--width-${width}${error ? " govuk-input--error" : ""}`}
          id={id}
          name={id}
          type="text"
          inputMode="numeric"
          value={parts[key]}
          onChange={(e) => update(key, e.target.value)}
        />
      </div>
    </div>
  );
  return (
    <Fieldset legend={props.legend} hint={props.hint ?? "For example, 27 3 2026"} error={error} id={`${props.id}-fieldset`}>
      <div className="govuk-date-input">
        {field("d", "Day", "2", props.id)}
        {field("m", "Month", "2", `${props.id}-month`)}
        {field("y", "Year", "4", `${props.id}-year`)}
      </div>
    </Fieldset>
  );
}

/** Is a DateInput value a complete date? */
export const isDate = (v: string) => /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v));

export function Button({
  children,
  onClick,
  type = "button",
  variant,
  disabled,
  id,
}: {
  children: ReactNode;
  onClick?: () => void;
  type?: "button" | "submit";
  variant?: "secondary" | "warning";
  disabled?: boolean;
  id?: string;
}) {
  return (
    <button
      type={type}
      id={id}
      className={`govuk-button${variant ? ` govuk-button--${variant}` : ""}`}
      data-module="govuk-button"
      onClick={onClick}
      disabled={disabled}
      aria-disabled={disabled || undefined}
    >
      {children}
    </button>
  );
}

export function SummaryList({ rows, noBorder }: { rows: ([ReactNode, ReactNode] | [ReactNode, ReactNode, ReactNode] | null | false)[]; noBorder?: boolean }) {
  return (
    <dl className={`govuk-summary-list${noBorder ? " govuk-summary-list--no-border" : ""}`}>
      {rows.filter(Boolean).map((row, i) => {
        const [key, value, action] = row as [ReactNode, ReactNode, ReactNode?];
        return (
          <div className="govuk-summary-list__row" key={i}>
            <dt className="govuk-summary-list__key">{key}</dt>
            <dd className="govuk-summary-list__value">{value}</dd>
            {action !== undefined && <dd className="govuk-summary-list__actions">{action}</dd>}
          </div>
        );
      })}
    </dl>
  );
}

export function Table({
  caption,
  head,
  rows,
  captionSize = "m",
  empty,
}: {
  caption?: ReactNode;
  head: ReactNode[];
  rows: ReactNode[][];
  captionSize?: "s" | "m" | "l";
  empty?: ReactNode;
}) {
  if (!rows.length && empty) return <p className="govuk-body">{empty}</p>;
  return (
    <div className="app-table-scroll" tabIndex={0} role="region" aria-label={typeof caption === "string" ? caption : "Table"}>
      <table className="govuk-table">
        {caption && <caption className={`govuk-table__caption govuk-table__caption--${captionSize}`}>{caption}</caption>}
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            {head.map((h, i) => (
              <th scope="col" className="govuk-table__header" key={i}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {rows.map((r, i) => (
            <tr className="govuk-table__row" key={i}>
              {r.map((c, j) =>
                j === 0 ? (
                  <th scope="row" className="govuk-table__header" key={j}>
                    {c}
                  </th>
                ) : (
                  <td className="govuk-table__cell" key={j}>
                    {c}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export type TagColour = "grey" | "green" | "turquoise" | "blue" | "light-blue" | "purple" | "pink" | "red" | "orange" | "yellow";

export function Tag({ colour, children }: { colour?: TagColour; children: ReactNode }) {
  return <strong className={`govuk-tag${colour ? ` govuk-tag--${colour}` : ""}`}>{children}</strong>;
}

export function NotificationBanner({ title, children, success, headingId }: { title?: string; children: ReactNode; success?: boolean; headingId?: string }) {
  const generated = useId();
  const id = headingId ?? `banner-${generated}`;
  return (
    <div
      className={`govuk-notification-banner${success ? " govuk-notification-banner--success" : ""}`}
      role={success ? "alert" : "region"}
      aria-labelledby={id}
      data-module="govuk-notification-banner"
    >
      <div className="govuk-notification-banner__header">
        <h2 className="govuk-notification-banner__title" id={id}>
          {title ?? (success ? "Success" : "Important")}
        </h2>
      </div>
      <div className="govuk-notification-banner__content">{children}</div>
    </div>
  );
}

export function InsetText({ children }: { children: ReactNode }) {
  return <div className="govuk-inset-text">{children}</div>;
}

export function WarningText({ children }: { children: ReactNode }) {
  return (
    <div className="govuk-warning-text">
      <span className="govuk-warning-text__icon" aria-hidden="true">
        !
      </span>
      <strong className="govuk-warning-text__text">
        <span className="govuk-visually-hidden">Warning</span>
        {children}
      </strong>
    </div>
  );
}

export function Details({ summary, children, open, onOpen }: { summary: ReactNode; children: ReactNode; open?: boolean; onOpen?: () => void }) {
  return (
    <details className="govuk-details" open={open} onToggle={(e) => (e.currentTarget.open ? onOpen?.() : undefined)}>
      <summary className="govuk-details__summary">
        <span className="govuk-details__summary-text">{summary}</span>
      </summary>
      <div className="govuk-details__text">{children}</div>
    </details>
  );
}

export function TaskList({ items }: { items: { id: string; title: ReactNode; hint?: ReactNode; status: ReactNode }[] }) {
  return (
    <ul className="govuk-task-list">
      {items.map((item) => (
        <li className="govuk-task-list__item" key={item.id}>
          <div className="govuk-task-list__name-and-hint">
            <div id={`${item.id}-name`}>{item.title}</div>
            {item.hint && (
              <div className="govuk-task-list__hint" id={`${item.id}-hint`}>
                {item.hint}
              </div>
            )}
          </div>
          <div className="govuk-task-list__status" id={`${item.id}-status`}>
            {item.status}
          </div>
        </li>
      ))}
    </ul>
  );
}

export function BackLink({ to, children = "Back" }: { to: string; children?: ReactNode }) {
  return (
    <Link to={to} className="govuk-back-link">
      {children}
    </Link>
  );
}

/** Sub-navigation between the sections of a page. */
export function SubNav({ label, items, current }: { label: string; items: { to: string; text: string; key: string }[]; current: string }) {
  return (
    <nav className="app-subnav" aria-label={label}>
      <ul className="app-subnav__list">
        {items.map((i) => (
          <li key={i.key} className={`app-subnav__item${i.key === current ? " app-subnav__item--current" : ""}`}>
            <Link to={i.to} className="govuk-link govuk-link--no-visited-state" aria-current={i.key === current ? "page" : undefined}>
              {i.text}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

export function Loading() {
  return (
    <p className="govuk-body" role="status">
      Loading…
    </p>
  );
}
