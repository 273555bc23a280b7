//! User code under test: connects the first Instagram account of an OAuth connection that is not
//! connected yet, the way an application built on `generated-client` would.

use generated_client::types::AttachIgAccountDto;
use generated_client::GetInstagramProfessionalAccountsError as GetError;
use generated_client::{AttachInstagramProfessionalAccountsError as AttachError, Client, Error};

/// What `connect_first_account` did.
#[derive(Debug, PartialEq)]
pub enum Outcome {
    /// The account of this page was attached.
    Attached { page_id: String },
    /// Every listed account is connected already, or none has a page.
    NothingToAttach,
    /// The token was rejected: the user must sign in again.
    SignInAgain,
    /// HighLevel refused the ids, with its messages.
    Refused(Vec<String>),
}

/// Lists the accounts of `account_id` and attaches the first unconnected one.
pub async fn connect_first_account(
    client: &Client,
    location_id: &str,
    account_id: &str,
) -> Result<Outcome, Box<dyn std::error::Error>> {
    let listed = match client.get_instagram_professional_accounts(location_id, account_id).await {
        Ok(listed) => listed,
        Err(Error::ErrorResponse(response)) => return Ok(get_error(response.into_inner())),
        Err(other) => return Err(other.into()),
    };
    let accounts = listed.results.iter().flat_map(|r| r.accounts.iter().flatten());
    let Some(page_id) = accounts.filter(|a| a.is_connected != Some(true)).find_map(|a| a.page_id.clone()) else {
        return Ok(Outcome::NothingToAttach);
    };
    let body = AttachIgAccountDto::new(page_id.clone());
    match client.attach_instagram_professional_accounts(location_id, account_id, &body).await {
        Ok(_) => Ok(Outcome::Attached { page_id }),
        Err(Error::ErrorResponse(response)) => Ok(attach_error(response.into_inner())),
        Err(other) => Err(other.into()),
    }
}

fn messages(message: Option<generated_client::types::ErrorMessage>) -> Vec<String> {
    use generated_client::types::ErrorMessage;
    match message {
        Some(ErrorMessage::String(text)) => vec![text],
        Some(ErrorMessage::StringList(list)) => list,
        None => Vec::new(),
    }
}

fn get_error(error: GetError) -> Outcome {
    match error {
        GetError::Unauthorized(_) => Outcome::SignInAgain,
        GetError::BadRequest(body) => Outcome::Refused(messages(body.message)),
        GetError::UnprocessableEntity(body) => Outcome::Refused(messages(body.message)),
    }
}

fn attach_error(error: AttachError) -> Outcome {
    match error {
        AttachError::Unauthorized(_) => Outcome::SignInAgain,
        AttachError::BadRequest(body) => Outcome::Refused(messages(body.message)),
        AttachError::UnprocessableEntity(body) => Outcome::Refused(messages(body.message)),
    }
}
