import { describe, expect, it } from 'vitest';
import { decodeDataMessage, encodeDataMessage } from './dataMessages';

describe('data channel messages', () => {
  it('round-trip a raised hand and a reaction', () => {
    expect(decodeDataMessage(encodeDataMessage({ type: 'hand', raised: true }))).toEqual({ type: 'hand', raised: true });
    expect(decodeDataMessage(encodeDataMessage({ type: 'reaction', emoji: '🎉' }))).toEqual({ type: 'reaction', emoji: '🎉' });
  });

  it.each(['not json', '42', 'null', '{"type":"hand"}', '{"type":"reaction","emoji":"<script>"}', '{"type":"other"}'])(
    'ignore %s',
    (text) => expect(decodeDataMessage(text)).toBeNull(),
  );
});
