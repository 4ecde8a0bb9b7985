//! Sending one email over SMTP (lettre does the protocol, TLS and MIME).

use super::BoxError;
use lettre::message::header::ContentType;
use lettre::message::{Mailbox, MultiPart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::time::Duration;

/// An SMTP server that does not answer within this is treated as down, and tried again later.
const SMTP_TIMEOUT: Duration = Duration::from_secs(20);

#[derive(Clone)]
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    /// For the Outbox page and the log: the host, never the credentials.
    server: String,
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mailer")
            .field("server", &self.server)
            .finish_non_exhaustive()
    }
}

impl Mailer {
    /// `smtp_url` as lettre reads it: `smtps://user:pass@host` (TLS), `smtp://host:587?tls=required`
    /// (STARTTLS) or `smtp://host:port` (plain, for a relay on the same machine).
    pub fn new(smtp_url: &str, from: &str) -> Result<Self, BoxError> {
        let from: Mailbox = from
            .parse()
            .map_err(|e| format!("MAIL_FROM is not an email address ({from}): {e}"))?;
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(smtp_url)
            .map_err(|e| format!("SMTP_URL is not usable: {e}"))?
            .timeout(Some(SMTP_TIMEOUT))
            .build();
        let server = url_host(smtp_url).unwrap_or_else(|| "the SMTP server".to_owned());
        Ok(Mailer {
            transport,
            from,
            server,
        })
    }

    pub fn server(&self) -> &str {
        &self.server
    }

    /// Sends a message, plain text with an HTML alternative if there is one; the error says why it
    /// did not go (for the Outbox and the log).
    pub async fn send(
        &self,
        to: &str,
        subject: &str,
        body: &str,
        html: Option<&str>,
    ) -> Result<(), String> {
        let to: Mailbox = to
            .parse()
            .map_err(|e| format!("not a deliverable address: {e}"))?;
        let builder = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(subject);
        let message = match html {
            Some(html) => builder.multipart(MultiPart::alternative_plain_html(
                body.to_owned(),
                html.to_owned(),
            )),
            None => builder
                .header(ContentType::TEXT_PLAIN)
                .body(body.to_owned()),
        }
        .map_err(|e| format!("cannot build the message: {e}"))?;
        self.transport
            .send(message)
            .await
            .map(|_| ())
            .map_err(|e| e.to_string())
    }
}

/// "mail.example.com:465" from "smtps://user:secret@mail.example.com:465".
fn url_host(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    let authority = rest.split(['/', '?']).next()?;
    let host = authority
        .rsplit_once('@')
        .map_or(authority, |(_, host)| host);
    (!host.is_empty()).then(|| host.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shown_server_never_carries_credentials() {
        assert_eq!(
            url_host("smtps://me:secret@mail.example.com:465?tls=required").as_deref(),
            Some("mail.example.com:465")
        );
        assert_eq!(url_host("smtp://localhost").as_deref(), Some("localhost"));
    }

    #[test]
    fn a_bad_sender_or_url_is_a_clear_start_up_error() {
        let error = Mailer::new("smtp://localhost", "not an address").unwrap_err();
        assert!(error.to_string().contains("MAIL_FROM"), "{error}");
        let error = Mailer::new("ftp://localhost", "a@example.com").unwrap_err();
        assert!(error.to_string().contains("SMTP_URL"), "{error}");
    }
}
