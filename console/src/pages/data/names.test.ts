import { describe, expect, it } from 'vitest';
import { EnumValue, literal, parseValue, rootField, whereOf } from './names';

describe('GraphQL names and literals', () => {
  it('name root fields as the engine does', () => {
    const album = { schema: 'public', name: 'album' };
    expect(rootField(album, undefined, 'select_aggregate')).toBe('album_aggregate');
    expect(rootField({ schema: 'shop', name: 'order' }, undefined, 'update_by_pk')).toBe('update_shop_order_by_pk');
    expect(rootField(album, { table: album, configuration: { custom_name: 'records' } }, 'insert_one')).toBe('insert_records_one');
    expect(rootField(album, { table: album, configuration: { custom_root_fields: { select: 'allAlbums' } } }, 'select'))
      .toBe('allAlbums');
  });

  it('write values as GraphQL literals', () => {
    expect(literal({ title: { _ilike: '%a"b%' }, id: { _in: [1, 2] }, ok: null })).toBe(
      '{title: {_ilike: "%a\\"b%"}, id: {_in: [1, 2]}, ok: null}');
    expect(literal([{ name: new EnumValue('desc') }])).toBe('[{name: desc}]');
  });

  it('read text as the column type', () => {
    expect(parseValue('42', 'int4')).toBe(42);
    expect(() => parseValue('4x', 'int4')).toThrow('whole number');
    expect(parseValue('0.99', 'numeric')).toBe(0.99);
    expect(parseValue('true', 'bool')).toBe(true);
    expect(parseValue('{"a":1}', 'jsonb')).toEqual({ a: 1 });
    expect(parseValue('x', 'varchar')).toBe('x');
  });

  it('build the where of the filters', () => {
    const columns = [{ name: 'id', type: 'int4', nullable: false }, { name: 'title', type: 'text', nullable: false }];
    expect(whereOf([{ column: 'id', op: '_gt', value: '3' }], columns)).toEqual({ id: { _gt: 3 } });
    expect(whereOf([{ column: 'id', op: '_in', value: '1, 2' }, { column: 'title', op: '_ilike', value: '%rock%' }], columns))
      .toEqual({ _and: [{ id: { _in: [1, 2] } }, { title: { _ilike: '%rock%' } }] });
  });
});
