import { describe, expect, it } from 'vitest';
import { suggestedName, suggestionOperation, type SuggestedRelationship } from './model';

const album = { schema: 'public', name: 'album' };
const artist = { schema: 'public', name: 'artist' };
const toArtist: SuggestedRelationship = {
  type: 'object',
  from: { table: album, columns: ['artist_id'], constraint_name: 'album_artist_id_fkey' },
  to: { table: artist, columns: ['artist_id'] },
};
const albums: SuggestedRelationship = {
  type: 'array',
  from: { table: artist, columns: ['artist_id'] },
  to: { table: album, columns: ['artist_id'], constraint_name: 'album_artist_id_fkey' },
};

describe('suggested relationships', () => {
  it("are named as Hasura's console names them", () => {
    expect(suggestedName(toArtist, new Set())).toBe('artist');
    expect(suggestedName(albums, new Set())).toBe('albums');
    expect(suggestedName({ ...albums, to: { ...albums.to, table: { schema: 'public', name: 'invoice_line' } } }, new Set()))
      .toBe('invoice_lines');
    expect(suggestedName({ ...toArtist, to: { ...toArtist.to, table: { schema: 'public', name: 'categories' } } }, new Set()))
      .toBe('category');
  });

  it('avoid a name the table already uses', () => {
    expect(suggestedName(toArtist, new Set(['artist']))).toBe('artist_by_artist_id');
  });

  it('become the metadata operation Hasura takes', () => {
    expect(suggestionOperation(toArtist, 'artist')).toEqual({
      type: 'pg_create_object_relationship',
      args: { source: 'default', table: album, name: 'artist', using: { foreign_key_constraint_on: ['artist_id'] } },
    });
    expect(suggestionOperation(albums, 'albums').args.using).toEqual({
      foreign_key_constraint_on: { table: album, columns: ['artist_id'] },
    });
  });
});
