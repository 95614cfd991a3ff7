import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/errors';
import { errorColumn } from './RowDialog';

const columns = [{ name: 'title', field: 'title' }, { name: 'artist_id', field: 'artistId' }];

describe('errorColumn', () => {
  it('finds the field an error is about', () => {
    expect(errorColumn(new ApiError('x', 'validation-failed', 200, '$.selectionSet.update_album_by_pk.args._set.artistId'), columns))
      .toBe('artist_id');
    expect(errorColumn(new ApiError('Not-NULL violation. null value in column "title" of relation "album" violates not-null constraint',
      'constraint-violation', 200, '$'), columns)).toBe('title');
    expect(errorColumn(new ApiError('Foreign key violation. insert or update on table "album" violates foreign key constraint "album_artist_id_fkey"',
      'constraint-violation', 200, '$'), columns, [{ name: 'album_artist_id_fkey', columns: ['artist_id'] }])).toBe('artist_id');
    expect(errorColumn(new ApiError('something else', 'unexpected', 200, '$'), columns)).toBeUndefined();
  });
});
