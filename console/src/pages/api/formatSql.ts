// Lays a generated statement out for reading: a clause per line, indented by how deep in parentheses it sits.
// Quoted names and string literals are left as they are.

const CLAUSES = ['LEFT OUTER JOIN', 'LEFT JOIN', 'INNER JOIN', 'CROSS JOIN', 'JOIN', 'FROM', 'WHERE', 'GROUP BY',
  'ORDER BY', 'LIMIT', 'OFFSET', 'UNION ALL', 'UNION', 'RETURNING', 'VALUES', 'ON CONFLICT', 'SET'];

function clauseAt(sql: string, i: number): string | undefined {
  if (i > 0 && /[\w."$]/.test(sql[i - 1])) return undefined;
  for (const clause of CLAUSES) {
    if (sql.startsWith(clause, i) && !/[\w]/.test(sql[i + clause.length] ?? '')) return clause;
  }
  return undefined;
}

export function formatSql(sql: string): string {
  let out = '';
  let depth = 0;
  let i = 0;
  const newline = () => {
    out = out.replace(/ +$/, '');
    out += '\n' + '  '.repeat(depth);
  };
  while (i < sql.length) {
    const c = sql[i];
    if (c === "'" || c === '"') {
      const end = closing(sql, i, c);
      out += sql.slice(i, end);
      i = end;
      continue;
    }
    if (c === '(') {
      depth += 1;
      out += c;
      i += 1;
      if (sql.startsWith('SELECT', i)) newline();
      continue;
    }
    if (c === ')') depth = Math.max(0, depth - 1);
    const clause = clauseAt(sql, i);
    if (clause && out.trim().length > 0) {
      newline();
      out += clause;
      i += clause.length;
      continue;
    }
    out += c;
    i += 1;
  }
  return out.trim();
}

/** The index just past the quote that closes the one at `start` (a doubled quote does not close it). */
function closing(sql: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < sql.length) {
    if (sql[i] === quote) {
      if (sql[i + 1] === quote) i += 2;
      else return i + 1;
    } else i += 1;
  }
  return sql.length;
}
