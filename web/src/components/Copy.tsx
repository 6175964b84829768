import { useState } from 'react';

/** A button that copies text, and says so. */
export function CopyButton({ text, label = 'Copy', what }: { text: string; label?: string; what?: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      setState('failed');
    }
    setTimeout(() => setState('idle'), 2500);
  }
  return (
    <>
      <button type="button" className="secondary" onClick={() => void copy()} aria-label={what ? `${label} ${what}` : undefined}>
        {label}
      </button>
      <span role="status" className="hint">
        {state === 'copied' ? 'Copied.' : state === 'failed' ? 'Copying failed: select the text and copy it.' : ''}
      </span>
    </>
  );
}
