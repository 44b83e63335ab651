// Labelled form controls: every input has a visible label, its hint and error are tied to it with
// aria-describedby, and an error marks it aria-invalid.

import { useId, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from "react";
import { classNames } from "./classNames";

interface FieldFrame {
  label: ReactNode;
  hint?: ReactNode;
  error?: string | undefined;
  /** Text or a unit shown after the input (e.g. "USDT", "%"). */
  suffix?: ReactNode;
}

function describedBy(id: string, hint: unknown, error: unknown): string | undefined {
  const ids = [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean);
  return ids.length > 0 ? ids.join(" ") : undefined;
}

function FieldMessages({ id, hint, error }: { id: string; hint?: ReactNode; error?: string | undefined }) {
  return (
    <>
      {hint && (
        <span className="field__hint" id={`${id}-hint`}>
          {hint}
        </span>
      )}
      {error && (
        <span className="field__error" id={`${id}-error`}>
          {error}
        </span>
      )}
    </>
  );
}

type TextFieldProps = FieldFrame & Omit<InputHTMLAttributes<HTMLInputElement>, "id">;

export function TextField({ label, hint, error, suffix, className, ...input }: TextFieldProps) {
  const id = useId();
  return (
    <div className={classNames("field", error && "field--invalid", className)}>
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      <div className={classNames("field__control", suffix !== undefined && "field__control--suffix")}>
        <input id={id} className="input" aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, hint, error)} {...input} />
        {suffix !== undefined && (
          <span className="field__suffix" aria-hidden="true">
            {suffix}
          </span>
        )}
      </div>
      <FieldMessages id={id} hint={hint} error={error} />
    </div>
  );
}

type TextAreaFieldProps = FieldFrame & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, "id">;

export function TextAreaField({ label, hint, error, className, ...input }: TextAreaFieldProps) {
  const id = useId();
  return (
    <div className={classNames("field", error && "field--invalid", className)}>
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      <textarea id={id} className="input input--area" aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, hint, error)} {...input} />
      <FieldMessages id={id} hint={hint} error={error} />
    </div>
  );
}

export interface Option {
  value: string;
  label: string;
  disabled?: boolean;
}

type SelectFieldProps = FieldFrame & Omit<SelectHTMLAttributes<HTMLSelectElement>, "id"> & { options: Option[] };

export function SelectField({ label, hint, error, options, className, ...select }: SelectFieldProps) {
  const id = useId();
  return (
    <div className={classNames("field", error && "field--invalid", className)}>
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      <select id={id} className="input select" aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, hint, error)} {...select}>
        {options.map((option) => (
          <option key={option.value} value={option.value} disabled={option.disabled}>
            {option.label}
          </option>
        ))}
      </select>
      <FieldMessages id={id} hint={hint} error={error} />
    </div>
  );
}

type CheckboxFieldProps = Omit<InputHTMLAttributes<HTMLInputElement>, "id" | "type"> & { label: ReactNode; hint?: ReactNode; error?: string | undefined };

export function CheckboxField({ label, hint, error, className, ...input }: CheckboxFieldProps) {
  const id = useId();
  return (
    <div className={classNames("field field--check", error && "field--invalid", className)}>
      <input id={id} type="checkbox" className="checkbox" aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, hint, error)} {...input} />
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      <FieldMessages id={id} hint={hint} error={error} />
    </div>
  );
}

interface SegmentedProps<T extends string> {
  label: string;
  /** Hide the label visually (it is still read out). */
  hideLabel?: boolean;
  value: T;
  options: { value: T; label: ReactNode; disabled?: boolean; className?: string }[];
  onChange: (value: T) => void;
  className?: string;
  name?: string;
}

/** A group of radio buttons that looks like a toggle bar; arrow keys move between options natively. */
export function Segmented<T extends string>({ label, hideLabel, value, options, onChange, className, name }: SegmentedProps<T>) {
  const id = useId();
  return (
    <fieldset className={classNames("segmented", className)}>
      <legend className={hideLabel ? "visually-hidden" : "field__label"}>{label}</legend>
      <div className="segmented__options">
        {options.map((option) => (
          <label key={option.value} className={classNames("segmented__option", option.value === value && "segmented__option--on", option.disabled && "segmented__option--disabled", option.className)}>
            <input type="radio" name={name ?? id} value={option.value} checked={option.value === value} disabled={option.disabled} onChange={() => onChange(option.value)} />
            <span>{option.label}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
