/** The portal module's door: links, settings, and what a customer reads and does on the portal. */

export type { CreateLinkInput, LinkPurpose, PortalSettingsPatch } from './portal.input.ts';
export {
  createLinkInput,
  LINK_PURPOSES,
  PORTAL_INVOICE_STATES,
  portalDisputeInput,
  portalPaymentInput,
  portalPromiseInput,
  portalSettingsPatch,
} from './portal.input.ts';
export type { PortalInvoice, PortalSession } from './portal-account.service.ts';
export {
  customerInvoiceOrThrow,
  getPortalSession,
  listPortalInvoices,
  portalEinvoice,
  portalInvoicePdf,
  portalStatement,
  portalStatementPdf,
} from './portal-account.service.ts';
export {
  makePortalPromise,
  raisePortalDispute,
  startPortalPayment,
} from './portal-actions.service.ts';
export type { IssuedLink, LinkView, PortalPrincipal } from './portal-links.service.ts';
export {
  authenticatePortalToken,
  createPortalLink,
  issueLinkInTx,
  issueMessageLinkInTx,
  listPortalLinks,
  portalUrl,
  recordLinkMessageInTx,
  revokeCustomerPortalLinks,
  revokePortalLink,
} from './portal-links.service.ts';
export type { PortalSettingsView } from './portal-settings.service.ts';
export {
  enablePortalInTx,
  getPortalSettings,
  rotatePortalKey,
  updatePortalSettings,
} from './portal-settings.service.ts';
export { purgePortal } from './purge.ts';
