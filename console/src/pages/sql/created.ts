// The tables, views and functions a script creates, so that "Track this" can track them once it ran.
import type { QualifiedName } from '../data/model';

const CREATE = /\bcreate\s+(?:or\s+replace\s+)?(?:(?:temp|temporary|unlogged)\s+)?(?:materialized\s+)?(?:table|view)\s+(?:if\s+not\s+exists\s+)?((?:"(?:[^"]|"")+"|[\w$]+)(?:\s*\.\s*(?:"(?:[^"]|"")+"|[\w$]+))?)/gi;

const FUNCTION = /\bcreate\s+(?:or\s+replace\s+)?function\s+((?:"(?:[^"]|"")+"|[\w$]+)(?:\s*\.\s*(?:"(?:[^"]|"")+"|[\w$]+))?)\s*\(/gi;

function unquote(part: string): string {
  return part.startsWith('"') ? part.slice(1, -1).replace(/""/g, '"') : part.toLowerCase();
}

function withoutComments(sql: string): string {
  return sql.replace(/--[^\n]*/g, '').replace(/\/\*[\s\S]*?\*\//g, '');
}

/** `schema.name` or `name` (then in public), each part unquoted. */
function qualifiedName(text: string): QualifiedName {
  const parts = text.split(/\s*\.\s*(?=(?:[^"]*"[^"]*")*[^"]*$)/).map(unquote);
  return parts.length === 2 ? { schema: parts[0], name: parts[1] } : { schema: 'public', name: parts[0] };
}

function distinct(names: QualifiedName[]): QualifiedName[] {
  return names.filter((n, i) => names.findIndex((m) => m.schema === n.schema && m.name === n.name) === i);
}

/** The objects named by CREATE TABLE / VIEW / MATERIALIZED VIEW statements, unqualified ones in public. */
export function createdObjects(sql: string): QualifiedName[] {
  return distinct([...withoutComments(sql).matchAll(CREATE)]
    .filter((match) => !/\b(temp|temporary)\b/i.test(match[0]))
    .map((match) => qualifiedName(match[1])));
}

/** The functions a script creates (CREATE [OR REPLACE] FUNCTION). */
export function createdFunctions(sql: string): QualifiedName[] {
  return distinct([...withoutComments(sql).matchAll(FUNCTION)].map((match) => qualifiedName(match[1])));
}
