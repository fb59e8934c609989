/** The activities module's door: all that other modules, the adapters and the jobs may use of it. */

export type { ActivityEvent } from './activity.input.ts';
export { ACTIVITY_EVENTS, ACTIVITY_KINDS, logActivityInput } from './activity.input.ts';
export type { ActivityRow } from './activity.service.ts';
export { listActivities, recordActivity } from './activity.service.ts';
export type { ActivityEntry } from './activity-log.service.ts';
export { logActivities, logActivity } from './activity-log.service.ts';
export type { Actor } from './actor.ts';
export { keyActor, portalActor, SYSTEM_ACTOR, userActor } from './actor.ts';
export { purgeActivities } from './purge.ts';
