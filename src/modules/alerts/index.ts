/** The alerts module's door: alert rules, their check, and the users' notifications. */
export {
  ALERT_KINDS,
  type AlertKind,
  type AlertRule,
  alertParamsSchema,
  alertRuleInput,
} from './alert-rules.ts';
export {
  type AlertCheckSummary,
  createAlertRule,
  deleteAlertRule,
  listAlertRules,
  replaceAlertRule,
  runAlertCheck,
} from './alerts.service.ts';
export { notifyAdminsOfSkippedRevaluation } from './fx-revaluation-notice.ts';
export {
  type Inbox,
  listNotifications,
  markAllNotificationsRead,
  markNotificationRead,
  type Notification,
} from './notifications.service.ts';
export { purgeAlertData } from './purge.ts';
export { notifyAdminsOfDisabledEndpoint } from './webhook-disabled-notice.ts';
