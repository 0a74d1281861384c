import { useAuth } from '../../auth/store';
import { MeetingCall } from './meetingCall';
import { connectConferenceHub } from './signaling';

/** A call on its own hub connection, signed in as the current user (the token is refreshed on every (re)connect). */
export function createCall(): MeetingCall {
  return new MeetingCall(connectConferenceHub(async () => (await useAuth.getState().freshToken()) ?? ''));
}
