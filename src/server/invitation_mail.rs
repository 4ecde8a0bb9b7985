//! The invitation email, as text and as HTML, and the note to an inviter asked for a new link.

use super::db::invitations::Invitation;
use super::db::outbox::NewMessage;
use super::outbox;
use crate::domain::AppError;
use html_escape::{encode_double_quoted_attribute as attribute, encode_text as html};
use sqlx::AnyConnection;

/// What one invitation email says.
pub struct InvitationMail<'a> {
    pub inviter_name: &'a str,
    pub target_name: &'a str,
    pub agency_name: &'a str,
    pub recipient: &'a str,
    pub link: &'a str,
    pub valid_days: i64,
}

impl InvitationMail<'_> {
    fn subject(&self) -> String {
        format!(
            "You have been invited to {} on Switchboard",
            self.target_name
        )
    }

    fn text(&self) -> String {
        format!(
            "Hello,\n\n\
             {inviter} has invited you to {target} ({agency}) on Switchboard.\n\n\
             Open this link to accept the invitation:\n\n\
             {link}\n\n\
             The link works once and is valid for {days} days. If you did not expect it, ignore this \
             email: nothing happens until you accept.\n",
            inviter = self.inviter_name,
            target = self.target_name,
            agency = self.agency_name,
            link = self.link,
            days = self.valid_days,
        )
    }

    fn html(&self) -> String {
        format!(
            "<!doctype html><html lang=\"en\"><body style=\"font-family: sans-serif\">\
             <p>Hello,</p>\
             <p>{inviter} has invited you to <strong>{target}</strong> ({agency}) on Switchboard.</p>\
             <p><a href=\"{href}\">Accept the invitation</a></p>\
             <p>Or copy this link into your browser: {link}</p>\
             <p>The link works once and is valid for {days} days. If you did not expect it, ignore \
             this email: nothing happens until you accept.</p></body></html>",
            inviter = html(self.inviter_name),
            target = html(self.target_name),
            agency = html(self.agency_name),
            href = attribute(self.link),
            link = html(self.link),
            days = self.valid_days,
        )
    }

    /// Puts the email in the outbox, in the caller's transaction (with the invitation itself).
    pub async fn enqueue(
        &self,
        conn: &mut AnyConnection,
        agency_id: uuid::Uuid,
        now_ms: i64,
    ) -> Result<(), AppError> {
        let (subject, text, html) = (self.subject(), self.text(), self.html());
        let message = NewMessage {
            agency_id: Some(agency_id),
            recipient: self.recipient,
            subject: &subject,
            body: &text,
            html_body: Some(&html),
        };
        outbox::enqueue(conn, &message, now_ms).await?;
        Ok(())
    }
}

/// Tells the inviter that the person they invited asks for a new link.
pub async fn enqueue_renewal_request(
    conn: &mut AnyConnection,
    invitation: &Invitation,
    inviter_email: &str,
    now_ms: i64,
) -> Result<(), AppError> {
    let subject = format!("{} asks for a new invitation", invitation.email);
    let body = format!(
        "Hello {inviter},\n\n\
         {email} opened their invitation to {target}, but the link no longer works. They ask for a \
         new one.\n\n\
         Send it from the Pending invites on the Users page (Resend invite), or invite them again.\n",
        inviter = invitation.inviter_name,
        email = invitation.email,
        target = invitation.target_name,
    );
    let message = NewMessage {
        agency_id: Some(invitation.agency_id),
        recipient: inviter_email,
        subject: &subject,
        body: &body,
        html_body: None,
    };
    outbox::enqueue(conn, &message, now_ms).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_in_the_html_are_escaped_and_the_link_is_in_both_parts() {
        let mail = InvitationMail {
            inviter_name: "Eve <script>",
            target_name: "A & B",
            agency_name: "Agency",
            recipient: "x@example.com",
            link: "https://sb.example/invite/abc",
            valid_days: 7,
        };
        let html = mail.html();
        assert!(html.contains("Eve &lt;script&gt;"), "{html}");
        assert!(html.contains("A &amp; B"));
        assert!(html.contains("https://sb.example/invite/abc"));
        assert!(mail.text().contains("https://sb.example/invite/abc"));
        assert!(mail.text().contains("valid for 7 days"));
    }
}
