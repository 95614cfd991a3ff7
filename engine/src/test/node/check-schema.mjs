// Reads introspection results (one JSON file per role, each a {"data": {"__schema": ...}} answer) and checks each
// as client tools do: buildClientSchema, then validateSchema. Prints one JSON line per file and exits 1 if any fails.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { buildClientSchema, validateSchema, printSchema } from 'graphql';

let failed = false;
for (const file of process.argv.slice(2)) {
  const result = { role: basename(file, '.json'), errors: [] };
  try {
    const answer = JSON.parse(readFileSync(file, 'utf8'));
    if (answer.errors) {
      result.errors.push(...answer.errors.map((e) => e.message));
    } else {
      const schema = buildClientSchema(answer.data);
      result.errors.push(...validateSchema(schema).map((e) => e.message));
      result.types = Object.keys(schema.getTypeMap()).length;
      result.sdlLength = printSchema(schema).length;
    }
  } catch (e) {
    result.errors.push(String(e && e.message ? e.message : e));
  }
  failed ||= result.errors.length > 0;
  console.log(JSON.stringify(result));
}
process.exit(failed ? 1 : 0);
