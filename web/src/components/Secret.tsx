import { CopyButton } from './Copy';

/** A value shown once (a token, a one-time link), named by label, with a button that copies it. */
export function Secret({ label, value, copy, what }: { label: string; value: string; copy: string; what?: string }) {
  return (
    <div className="row">
      <output className="secret" aria-label={label}>
        {value}
      </output>
      <CopyButton text={value} label={copy} what={what} />
    </div>
  );
}
