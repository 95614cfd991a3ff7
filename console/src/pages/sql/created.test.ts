import { describe, expect, it } from 'vitest';
import { createdFunctions, createdObjects } from './created';

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

  it('finds the functions a script creates', () => {
    expect(createdFunctions(`CREATE FUNCTION search_albums(q text) RETURNS SETOF album AS $$ SELECT 1 $$ LANGUAGE sql;
      create or replace function shop.total (o shop.orders) returns numeric as $$ select 1 $$ language sql;`)).toEqual([
      { schema: 'public', name: 'search_albums' },
      { schema: 'shop', name: 'total' },
    ]);
  });
});
