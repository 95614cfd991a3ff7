import { describe, expect, it } from 'vitest';
import { formatSql } from './formatSql';

describe('formatSql', () => {
  it('puts each clause on its own line, indented by depth', () => {
    expect(formatSql('SELECT a FROM (SELECT * FROM "t" AS _0 WHERE _0."x" = $1 LIMIT 1) AS _0 LEFT JOIN LATERAL (SELECT 1) AS _1 ON true'))
      .toBe([
        'SELECT a',
        'FROM (',
        '  SELECT *',
        '  FROM "t" AS _0',
        '  WHERE _0."x" = $1',
        '  LIMIT 1) AS _0',
        'LEFT JOIN LATERAL (',
        '  SELECT 1) AS _1 ON true',
      ].join('\n'));
  });

  it('leaves quoted names and literals alone', () => {
    expect(formatSql(`SELECT 'it''s FROM here', "WHERE" FROM "from"`)).toBe(`SELECT 'it''s FROM here', "WHERE"\nFROM "from"`);
  });

  it('does not break inside names that contain a keyword', () => {
    expect(formatSql('SELECT _0.from_date, limits FROM x')).toBe('SELECT _0.from_date, limits\nFROM x');
  });
});
