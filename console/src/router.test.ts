import { describe, expect, it } from 'vitest';
import { currentRoute, href } from './router';

describe('routes', () => {
  it('are read below /console', () => {
    expect(currentRoute('/console')).toBe('');
    expect(currentRoute('/console/')).toBe('');
    expect(currentRoute('/console/data/public/album/')).toBe('data/public/album');
    expect(currentRoute('/console/data/my%20schema')).toBe('data/my schema');
  });

  it('are written with each part encoded', () => {
    expect(href('data', 'my schema', 'a/b')).toBe('/console/data/my%20schema/a%2Fb');
  });
});
