// The tables and views a script creates, so that "Track this" can track them once it ran.
import type { QualifiedName } from '../data/model';

const CREATE = /\bcreate\s+(?:or\s+replace\s+)?(?:(?:temp|temporary|unlogged)\s+)?(?:materialized\s+)?(?:table|view)\s+(?:if\s+not\s+exists\s+)?((?:"(?:[^"]|"")+"|[\w$]+)(?:\s*\.\s*(?:"(?:[^"]|"")+"|[\w$]+))?)/gi;

function unquote(part: string): string {
  return part.startsWith('"') ? part.slice(1, -1).replace(/""/g, '"') : part.toLowerCase();
}

/** The objects named by CREATE TABLE / VIEW / MATERIALIZED VIEW statements, unqualified ones in public. */
export function createdObjects(sql: string): QualifiedName[] {
  const withoutComments = sql.replace(/--[^\n]*/g, '').replace(/\/\*[\s\S]*?\*\//g, '');
  const found: QualifiedName[] = [];
  for (const match of withoutComments.matchAll(CREATE)) {
    if (/\b(temp|temporary)\b/i.test(match[0])) continue;
    const parts = match[1].split(/\s*\.\s*(?=(?:[^"]*"[^"]*")*[^"]*$)/).map(unquote);
    const table = parts.length === 2 ? { schema: parts[0], name: parts[1] } : { schema: 'public', name: parts[0] };
    if (!found.some((f) => f.schema === table.schema && f.name === table.name)) found.push(table);
  }
  return found;
}
