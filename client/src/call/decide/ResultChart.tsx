// Counts as a bar chart that is a table underneath: screen readers read the rows (option, count,
// share), sighted people see the bars. The bars are decoration (aria-hidden).
export interface ResultRow {
  label: string;
  count: number;
  /** Elected, adopted: drawn stronger and said in words. */
  winner?: boolean;
}

export function ResultChart({ caption, rows, total, testId }: { caption: string; rows: readonly ResultRow[]; total: number; testId?: string }) {
  const max = Math.max(1, ...rows.map((r) => r.count));
  return (
    <table className="result-chart" data-testid={testId}>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Option</th>
          <th scope="col">Votes</th>
          <th scope="col">Share</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.label} className={r.winner ? 'result-winner' : undefined}>
            <th scope="row">
              {r.label}
              {r.winner ? <span className="visually-hidden"> (carried)</span> : null}
              <span className="result-bar" aria-hidden="true" style={{ width: `${(100 * r.count) / max}%` }} />
            </th>
            <td data-testid="result-count">{r.count}</td>
            <td>{total > 0 ? `${Math.round((100 * r.count) / total)}%` : '–'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
