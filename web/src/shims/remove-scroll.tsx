// Stands in for react-remove-scroll, which GraphiQL's dialogs and menus
// (Radix UI) use to stop the page behind them from scrolling: it does so
// with a <style> element, which the app's Content-Security-Policy
// (style-src 'self') refuses, a console error on every dialog. This one
// locks the body's overflow through the CSSOM, which the policy allows.
// vite.config.ts puts it in place of the package (docs/web-app.md).
import { forwardRef, useEffect, type ElementType, type HTMLAttributes, type ReactNode } from 'react';

type Props = {
  as?: ElementType;
  children?: ReactNode;
  enabled?: boolean;
  // Accepted, and not needed without the package's touch and wheel handling.
  allowPinchZoom?: boolean;
  shards?: unknown[];
} & Omit<HTMLAttributes<HTMLElement>, 'children'>;

let locks = 0;
let before = '';

function useBodyLock(on: boolean) {
  useEffect(() => {
    if (!on) return;
    if (locks++ === 0) {
      before = document.body.style.overflow;
      document.body.style.overflow = 'hidden';
    }
    return () => {
      if (--locks === 0) document.body.style.overflow = before;
    };
  }, [on]);
}

const RemoveScrollImpl = forwardRef<HTMLElement, Props>(function RemoveScroll(
  { as: As = 'div', children, enabled = true, allowPinchZoom: _pinch, shards: _shards, ...rest },
  ref,
) {
  useBodyLock(enabled);
  return (
    <As ref={ref} {...rest}>
      {children}
    </As>
  );
});

export const RemoveScroll = Object.assign(RemoveScrollImpl, {
  classNames: { fullWidth: 'width-before-scroll-bar', zeroRight: 'right-scroll-bar-position' },
});

export default RemoveScroll;
