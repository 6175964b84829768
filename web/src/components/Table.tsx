import { Fragment, type ReactNode } from 'react';

/**
 * A table named by label that scrolls sideways on a narrow screen (and can
 * take focus to be scrolled by keyboard). head is its column headers: a
 * string is a plain one, anything else (a SortHeader) stands as it is;
 * actions adds a last column, named for screen readers, for row buttons.
 */
export function Table({ label, head, actions = false, children }: { label: string; head: ReactNode[]; actions?: boolean; children: ReactNode }) {
  return (
    <div className="table-wrap" tabIndex={0}>
      <table aria-label={label}>
        <thead>
          <tr>
            {head.map((h, i) => (typeof h === 'string' ? <th key={h} scope="col">{h}</th> : <Fragment key={i}>{h}</Fragment>))}
            {actions && (
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

