import './light.css';
import type { ButtonHTMLAttributes, InputHTMLAttributes, ReactNode } from 'react';
import { useId } from 'react';

/*
 * Light components (issue #19): plain elements for the pages a member's phone loads first (the
 * login page, the member's landing page), so their first JS stays under 200 KB compressed. The
 * administrators' pages keep antd.
 */

/** A labelled input with its error in Chinese under it (announced with the field, aria-describedby). */
export function LightField({
  label,
  error,
  children,
  extra,
  hint,
  ...input
}: {
  label: string;
  error?: string | null;
  /** Beside the input (a 获取验证码 button). */
  extra?: ReactNode;
  /** Under the input, in grey: what is expected (the password policy, the code's form). */
  hint?: string;
  children?: never;
} & InputHTMLAttributes<HTMLInputElement>) {
  const id = useId();
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const describedBy = [error ? errorId : null, hint ? hintId : null].filter(Boolean).join(' ');
  const field = (
    <input
      id={id}
      className="light-input"
      aria-invalid={error ? true : undefined}
      aria-describedby={describedBy || undefined}
      {...input}
    />
  );
  return (
    <div className="light-field">
      <label className="light-field-label" htmlFor={id}>
        {label}
      </label>
      {extra ? (
        <div className="light-field-row">
          {field}
          {extra}
        </div>
      ) : (
        field
      )}
      {error ? (
        <div className="light-field-error" id={errorId} role="alert">
          {error}
        </div>
      ) : null}
      {hint ? (
        <div className="light-field-hint" id={hintId}>
          {hint}
        </div>
      ) : null}
    </div>
  );
}

export function LightButton({
  primary,
  block,
  loading,
  children,
  className,
  disabled,
  type = 'button',
  ...rest
}: {
  primary?: boolean;
  block?: boolean;
  loading?: boolean;
} & ButtonHTMLAttributes<HTMLButtonElement>) {
  const classes = ['light-btn'];
  if (primary) classes.push('light-btn-primary');
  if (block) classes.push('light-btn-block');
  if (className) classes.push(className);
  return (
    <button
      type={type}
      className={classes.join(' ')}
      disabled={disabled || loading}
      aria-busy={loading || undefined}
      {...rest}
    >
      {loading ? <span className="light-spinner" aria-hidden /> : null}
      {children}
    </button>
  );
}

/** Two (or a few) options side by side, one chosen: buttons with aria-pressed. */
export function LightToggle<T extends string>({
  value,
  options,
  onChange,
  ...rest
}: {
  value: T;
  options: { value: T; label: string }[];
  onChange: (value: T) => void;
  'data-testid'?: string;
}) {
  return (
    <fieldset className="light-toggle" {...rest}>
      {options.map((o) => (
        <button
          key={o.value}
          type="button"
          aria-pressed={o.value === value}
          onClick={() => onChange(o.value)}
        >
          {o.label}
        </button>
      ))}
    </fieldset>
  );
}

export function LightAlert({
  type = 'error',
  children,
  ...rest
}: {
  type?: 'error' | 'info';
  children: ReactNode;
  'data-testid'?: string;
}) {
  return (
    <div className={`light-alert light-alert-${type}`} role={type === 'error' ? 'alert' : 'status'} {...rest}>
      <span className="light-alert-icon" aria-hidden>
        {type === 'error' ? '!' : 'i'}
      </span>
      <div>{children}</div>
    </div>
  );
}
