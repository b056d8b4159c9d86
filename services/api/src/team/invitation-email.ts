import type { OutgoingEmail } from '@error-tracker/runtime/mail/mail-sender';
import { escapeHtml, htmlDocument } from '@error-tracker/runtime/mail/html';

export interface Invitation {
  readonly email: string;
  readonly role: string;
  readonly invitedBy: string;
  /** The dashboard's accept page, the one-time token in its query. */
  readonly acceptUrl: string;
  readonly expiresAt: Date;
}

export function renderInvitation(invitation: Invitation): OutgoingEmail {
  const subject = `You are invited to Error Tracker as ${invitation.role}`;
  const expires = invitation.expiresAt.toISOString().replace('T', ' ').slice(0, 16);
  const text = [
    `${invitation.invitedBy} invited you to join Error Tracker as ${invitation.role}.`,
    '',
    `Accept the invitation: ${invitation.acceptUrl}`,
    '',
    `The link works once and expires on ${expires} UTC.`,
  ].join('\n');
  const html = htmlDocument(
    subject,
    [
      `<p>${escapeHtml(invitation.invitedBy)} invited you to join Error Tracker as <strong>${escapeHtml(invitation.role)}</strong>.</p>`,
      `<p><a href="${escapeHtml(invitation.acceptUrl)}">Accept the invitation</a></p>`,
      `<p style="color: #59636e;">The link works once and expires on ${escapeHtml(expires)} UTC.</p>`,
    ].join('\n'),
  );
  return { to: [invitation.email], subject, text, html };
}
