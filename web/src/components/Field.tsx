import type { InputHTMLAttributes, ReactNode } from 'react';

/** An input inside its label; onValue gets what was typed. */
export function Field({ label, onValue, ...input }: { label: ReactNode; onValue: (v: string) => void } & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <label>
      {label}
      <input {...input} onChange={(e) => onValue(e.target.value)} />
    </label>
  );
}
