import { useState } from 'react';

/**
 * Text that may run long (a hand's topic): two lines at most, with "more" to read it all and
 * "less" to fold it again; an unbroken run of letters wraps instead of running out of its box.
 */
export function ClampedText({ text, className }: { text: string; className?: string }) {
  const [open, setOpen] = useState(false);
  const long = text.length > 80;
  return (
    <span className={`clamped${open ? ' open' : ''}${className ? ` ${className}` : ''}`}>
      <span className="clamped-text">{text}</span>
      {long && (
        <button type="button" className="link-button" aria-expanded={open} onClick={() => setOpen(!open)}>
          {open ? 'less' : 'more'}
        </button>
      )}
    </span>
  );
}
