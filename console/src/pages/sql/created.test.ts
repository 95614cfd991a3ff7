import { describe, expect, it } from 'vitest';
import { createdObjects } from './created';

describe('createdObjects', () => {
  it('finds the tables and views a script creates', () => {
    expect(createdObjects(`
      -- CREATE TABLE commented (id int);
      CREATE TABLE review (id serial PRIMARY KEY, body text);
      create table if not exists Shop.Orders (id int);
      CREATE OR REPLACE VIEW "Top ""Rated""" AS SELECT 1;
      CREATE MATERIALIZED VIEW stats.daily AS SELECT 1;
      CREATE TEMP TABLE scratch (x int);
      CREATE INDEX ON review (body);`)).toEqual([
      { schema: 'public', name: 'review' },
      { schema: 'shop', name: 'orders' },
      { schema: 'public', name: 'Top "Rated"' },
      { schema: 'stats', name: 'daily' },
    ]);
  });
});
