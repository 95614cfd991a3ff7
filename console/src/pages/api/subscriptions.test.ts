import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { failure, isSubscription, socketHeaders, socketUrl } from './subscriptions';

describe('subscriptions of the API page', () => {
  it('go over the socket when the operation run is a subscription', () => {
    expect(isSubscription('subscription { album { title } }')).toBe(true);
    expect(isSubscription('{ album { title } }')).toBe(false);
    const two = 'query Albums { album { title } } subscription Live { album { title } }';
    expect(isSubscription(two, 'Live')).toBe(true);
    expect(isSubscription(two, 'Albums')).toBe(false);
    expect(isSubscription(two)).toBe(false);
    expect(isSubscription('', 'Live', parse(two))).toBe(true);
    expect(isSubscription('subscription {')).toBe(false);
  });

  it('open the socket beside the page', () => {
    expect(socketUrl({ protocol: 'http:', host: '127.0.0.1:8080' })).toBe('ws://127.0.0.1:8080/v1/graphql');
    expect(socketUrl({ protocol: 'https:', host: 'quarry.example' })).toBe('wss://quarry.example/v1/graphql');
  });

  it('send the HTTP request headers in connection_init, without the content type', () => {
    expect(socketHeaders({ 'content-type': 'application/json', 'x-hasura-admin-secret': 's', 'X-Hasura-Role': 'user',
      'X-Hasura-User-Id': 2 })).toEqual({ 'x-hasura-admin-secret': 's', 'x-hasura-role': 'user', 'x-hasura-user-id': '2' });
  });

  it('show the engine\'s errors, or why the socket closed', () => {
    const errors = [{ message: 'field not found', extensions: { code: 'validation-failed', path: '$' } }];
    expect(failure(errors)).toEqual({ errors });
    expect(failure({ code: 4403, reason: '4403: Forbidden' }))
      .toEqual({ errors: [{ message: 'The WebSocket closed (4403: Forbidden).' }] });
    expect(failure({ code: 1006, reason: '' })).toEqual({ errors: [{ message: 'The WebSocket closed (1006).' }] });
    expect(failure(new Error('boom'))).toEqual({ errors: [{ message: 'boom' }] });
  });
});
