import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { AnalyticsEvent, IdentifyEvent, PageEvent } from '../../src/core/types';
import { amplitudeFormat, posthogFormat, segmentFormat, type FormatMeta } from '../../src/delivery/index';
import { basicAuth } from '../../src/delivery/formats/basic-auth';
import { makeEvent } from './helpers';

const meta: FormatMeta = { endpoint: 'https://collect.example.com/v1/batch', writeKey: 'wk_123', sentAt: '2026-01-01T00:00:05.000Z', droppedEvents: 0, unloading: false };
const base = makeEvent(1);
const identify: IdentifyEvent = { ...base, type: 'identify', userId: 'user-42', traits: { plan: 'pro' } } as unknown as IdentifyEvent;
const page: PageEvent = {
  ...base,
  type: 'page',
  name: 'Pricing',
  properties: {},
  context: { ...base.context, page: { url: 'https://shop.example/pricing', path: '/pricing', referrer: '', title: 'Pricing', search: '' } },
} as unknown as PageEvent;

describe('segmentFormat', () => {
  it('posts { batch, sentAt, writeKey } to the endpoint with Basic auth', () => {
    const request = segmentFormat([base], meta);
    expect(request.url).toBe(meta.endpoint);
    expect(request.headers).toEqual({ 'content-type': 'application/json', authorization: 'Basic d2tfMTIzOg==' });
    expect(JSON.parse(request.body)).toEqual({ batch: [base], sentAt: meta.sentAt, writeKey: 'wk_123' });
  });
  it('sends no auth header without a write key', () => {
    const request = segmentFormat([base], { ...meta, writeKey: undefined });
    expect(request.headers).not.toHaveProperty('authorization');
    expect(JSON.parse(request.body)).not.toHaveProperty('writeKey');
  });
});

describe('basicAuth', () => {
  it('matches the platform base64 of "user:" for any Latin-1 key, and handles any Unicode key', () => {
    fc.assert(
      fc.property(fc.string(), (key) => {
        expect(basicAuth(key)).toBe(`Basic ${Buffer.from(`${key}:`, 'utf8').toString('base64')}`);
      }),
    );
  });
});

describe('posthogFormat', () => {
  it('maps track, page and identify to PostHog batch events with uuid = messageId', () => {
    const request = posthogFormat([base, page, identify], { ...meta, endpoint: 'https://eu.i.posthog.com/batch/', writeKey: 'phc_x' });
    expect(request.url).toBe('https://eu.i.posthog.com/batch/');
    expect(request.headers).toEqual({ 'content-type': 'application/json' });
    const body = JSON.parse(request.body);
    expect(body.api_key).toBe('phc_x');
    expect(body.sent_at).toBe(meta.sentAt);
    const [track, view, ident] = body.batch;
    expect(track).toMatchObject({ event: 'clicked', uuid: base.messageId, timestamp: base.timestamp, properties: { distinct_id: 'anon-123456', index: 1, $lib: 'nudgekit' } });
    expect(view).toMatchObject({ event: '$pageview', properties: { $current_url: 'https://shop.example/pricing', $pathname: '/pricing', title: 'Pricing' } });
    expect(ident).toMatchObject({ event: '$identify', properties: { distinct_id: 'user-42', $anon_distinct_id: 'anon-123456', $set: { plan: 'pro' } } });
  });

  it('keeps the identity fields when the event has properties of the same names', () => {
    const clash = makeEvent(2, { distinct_id: 'someone-else', $lib: 'fake', $lib_version: '9', $session_id: 'x', plan: 'pro' });
    const viewClash = { ...page, properties: { distinct_id: 'someone-else', $current_url: 'https://evil.example/' } } as unknown as PageEvent;
    const [track, view] = JSON.parse(posthogFormat([{ ...clash, userId: 'user-42' }, viewClash], meta).body).batch;
    expect(track.properties).toMatchObject({ distinct_id: 'user-42', $lib: 'nudgekit', $lib_version: '0.1.0', $session_id: 's-1', plan: 'pro' });
    expect(view.properties).toMatchObject({ distinct_id: 'anon-123456', $current_url: 'https://shop.example/pricing' });
  });
});

describe('amplitudeFormat', () => {
  it('maps events to HTTP V2 events with insert_id = messageId and time in ms', () => {
    const dropped: AnalyticsEvent = { ...base, context: { ...base.context, droppedEvents: 3 } };
    const request = amplitudeFormat([dropped, page, identify], { ...meta, endpoint: 'https://api2.amplitude.com/2/httpapi', writeKey: 'amp' });
    expect(request.url).toBe('https://api2.amplitude.com/2/httpapi');
    expect(request.headers?.['content-type']).toBe('application/json');
    const body = JSON.parse(request.body);
    expect(body.api_key).toBe('amp');
    const [track, view, ident] = body.events;
    expect(track).toMatchObject({ event_type: 'clicked', device_id: 'anon-123456', insert_id: base.messageId, time: Date.parse(base.timestamp), event_properties: { index: 1, dropped_events: 3 } });
    expect(track).not.toHaveProperty('user_id');
    expect(view).toMatchObject({ event_type: '[Amplitude] Page Viewed', event_properties: { '[Amplitude] Page Path': '/pricing', name: 'Pricing' } });
    expect(ident).toMatchObject({ event_type: '$identify', user_id: 'user-42', user_properties: { $set: { plan: 'pro' } } });
  });

  it('lets Amplitude accept user ids shorter than its default minimum of 5 characters', () => {
    const body = JSON.parse(amplitudeFormat([{ ...base, userId: '42' }], meta).body);
    expect(body.events[0].user_id).toBe('42');
    expect(body.options).toEqual({ min_id_length: 1 });
  });
});
